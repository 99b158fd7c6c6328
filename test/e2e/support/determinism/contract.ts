/**
 * What the determinism harness page leaves on `window` for the test to read. The page runs each
 * scenario and stores its report as JSON text, so what the test compares is exactly what the
 * browser computed, with nothing lost or reshaped on the way out of the page.
 */

/** One scenario's run in the page: the text it ran, and its report or why it could not run. */
export type ScenarioOutcome =
  | { ok: true; text: string; traceHash: string; events: number; reportJson: string }
  | { ok: false; text: string; error: string };

export interface DeterminismResults {
  /** Set once every scenario has run (or the harness failed): the test waits for it. */
  done: boolean;
  /** By scenario name: a library file name ("signup-stream.json") or a generated one ("generated/…"). */
  outcomes: Record<string, ScenarioOutcome>;
  /** Set if the harness itself threw outside any one scenario. */
  failure?: string;
}

declare global {
  interface Window {
    __determinism?: DeterminismResults;
    /** Trace hash by scenario name, for a quick look from the devtools console. */
    __hashes?: Record<string, string>;
  }
}
