import type { LabActions, LabState } from './store';

/** Selectors hoisted to constants, so components subscribe to exactly what they render. */
type S = LabState & LabActions;

export const selectScenario = (s: S) => s.scenario;
export const selectScenarioErrors = (s: S) => s.scenarioErrors;
export const selectFailure = (s: S) => s.failure;
export const selectPlayback = (s: S) => s.playback;
export const selectSpeed = (s: S) => s.speed;
export const selectFrame = (s: S) => s.frame;
export const selectReport = (s: S) => s.report;
export const selectLive = (s: S) => s.live;
export const selectPresenting = (s: S) => s.presenting;
export const selectSeekTarget = (s: S) => s.seekTarget;
export const selectInteresting = (s: S) => s.interesting;
export const selectExplainTarget = (s: S) => s.explainTarget;
export const selectRunId = (s: S) => s.runId;
