import type { Scenario } from '../scenario';
import { Run } from './run';

/** The trace of a run up to a time, as NDJSON text. */
export interface TraceExport {
  /** One JSON object per line, in the order the records happened (the CLI's --trace format). */
  readonly text: string;
  /** Records in `text`. */
  readonly records: number;
  /** Records the run produced up to the time; more than `records` when the export was cut at the limit. */
  readonly total: number;
  /** Virtual time the trace reaches. */
  readonly until: number;
}

/** The most records an export holds: about 50 MB of text, which a browser can still hand to a download. */
export const MAX_EXPORTED_RECORDS = 250_000;

/**
 * Re-runs the scenario with `seed` from the start to virtual time `until` and writes every trace
 * record as it happens (the run is deterministic, so this is the trace of the run on screen). Past
 * `maxRecords` it keeps counting without writing, so the caller can say how much was left out.
 */
export function exportTrace(scenario: Scenario, seed: number, until: number, maxRecords = MAX_EXPORTED_RECORDS): TraceExport {
  const lines: string[] = [];
  let total = 0;
  const run = new Run(scenario, {
    seed,
    onTrace: (record) => {
      total++;
      if (lines.length < maxRecords) lines.push(JSON.stringify(record));
    },
  });
  run.advanceTo(until);
  return { text: lines.length > 0 ? `${lines.join('\n')}\n` : '', records: lines.length, total, until: run.now };
}
