import { useMemo } from 'react';
import type { Scenario } from '../../scenario/schema';
import { useLab } from '../lab-context';
import { selectScenario } from '../selectors';
import type { LabActions, LabState } from '../store';
import { settingsAt, type LiveSettings } from './settings-at';

type S = LabState & LabActions;

/**
 * The time of the latest timeline action due by now (0 when none is): the settings in force are the
 * same at it as now, and it changes only when a setting can have changed, not on every frame.
 */
const selectSettingsTime = (s: S): number => {
  const time = s.frame?.time ?? 0;
  let latest = 0;
  for (const action of s.scenario?.timeline ?? []) if (action.at <= time && action.at > latest) latest = action.at;
  return latest;
};

/** Why no change can be made now, or null when one can. */
const selectBlocked = (s: S): string | null => {
  if (s.scenario === null || s.frame === null) return 'Open a scenario first.';
  if (s.failure !== null) return 'The run stopped with an error; restart it first.';
  if (s.pendingChange !== null) return 'Applying the last change…';
  if (s.playback === 'loading' || s.seekTarget !== null || s.playback === 'seeking') return 'Wait for the run to get to its time.';
  if (s.playback === 'done') return 'The run is over: seek back or restart to change it.';
  return null;
};

export interface LiveMoment {
  scenario: Scenario | null;
  settings: LiveSettings | null;
  blocked: string | null;
}

/**
 * What the live controls show: the scenario on screen, its settings in force now, and why a change
 * cannot be made now. It re-renders when a timeline action comes due or the run changes, not every frame.
 */
export function useLiveMoment(): LiveMoment {
  const scenario = useLab(selectScenario);
  const time = useLab(selectSettingsTime);
  const blocked = useLab(selectBlocked);
  const settings = useMemo(() => (scenario ? settingsAt(scenario, time) : null), [scenario, time]);
  return { scenario, settings, blocked };
}
