import { useStore } from 'zustand';
import type { Lab } from '../lab-context';
import type { LabActions, LabState } from '../store';
import { sharedTime } from './align';

type S = LabState & LabActions;
const selectTime = (s: S) => s.frame?.time ?? null;
const selectPlayback = (s: S) => s.playback;
const selectDuration = (s: S) => s.scenario?.duration ?? 0;
const selectReady = (s: S) => s.scenario !== null && s.failure === null && s.playback !== 'loading' && s.playback !== 'idle';
const selectSeekTarget = (s: S) => s.seekTarget;
const selectSpeed = (s: S) => s.speed;

/** One compared side's clock, as the shared controls and the column headings show it. */
export interface SideView {
  time: number | null;
  playback: S['playback'];
  duration: number;
  ready: boolean;
  seekTarget: number | null;
}

function useSide(lab: Lab): SideView {
  return {
    time: useStore(lab.store, selectTime),
    playback: useStore(lab.store, selectPlayback),
    duration: useStore(lab.store, selectDuration),
    ready: useStore(lab.store, selectReady),
    seekTarget: useStore(lab.store, selectSeekTarget),
  };
}

/** What the shared control bar shows of two labs: each clock, the shared time, the longer duration, the speed. */
export function useCompareClocks(a: Lab, b: Lab) {
  const sa = useSide(a);
  const sb = useSide(b);
  const speed = useStore(a.store, selectSpeed);
  const clock = (s: SideView) => ({ playback: s.playback, time: s.time, duration: s.duration, seeking: false, awaiting: false, failed: !s.ready });
  return {
    a: sa,
    b: sb,
    speed,
    shared: sharedTime(clock(sa), clock(sb)),
    duration: Math.max(sa.duration, sb.duration),
  };
}
