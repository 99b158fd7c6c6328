import type { TraceRecord } from '../model';
import type { Scenario } from '../scenario';
import { Run } from './run';

/** What the "why" panel asks about: one message (all its copies share its id), or one consumer instance. */
export type ExplainTarget = { readonly kind: 'message'; readonly id: number } | { readonly kind: 'consumer'; readonly id: string };

/** The history of a target up to a time, from the trace. */
export interface Explanation {
  readonly target: ExplainTarget;
  /** The target's records in the order they happened: a message's first `limit`, a consumer's last `limit`. */
  readonly records: TraceRecord[];
  /** All of the target's records up to `until`. */
  readonly total: number;
  readonly until: number;
}

/** Records an explanation holds at most: enough for any one message's story, and a consumer's recent past. */
export const MAX_EXPLAINED_RECORDS = 300;

/**
 * Re-runs the scenario with `seed` to virtual time `until` (the run is deterministic, so this is the
 * run on screen) and keeps the target's records. A message keeps its first records (its story starts
 * at its publish); a consumer keeps its latest (what it did just now matters most).
 */
export function explain(scenario: Scenario, seed: number, until: number, target: ExplainTarget, limit = MAX_EXPLAINED_RECORDS): Explanation {
  const records: TraceRecord[] = [];
  let total = 0;
  const matches = target.kind === 'message' ? (r: Readonly<TraceRecord>) => r.message === target.id : (r: Readonly<TraceRecord>) => r.consumer === target.id;
  const run = new Run(scenario, {
    seed,
    onTrace: (record) => {
      if (!matches(record)) return;
      total++;
      // The tracer reuses its record object: keep a copy.
      if (target.kind === 'message') {
        if (records.length < limit) records.push({ ...record });
      } else {
        records.push({ ...record });
        // Trimmed in batches, so a busy consumer costs amortised O(1) per record.
        if (records.length >= 2 * limit) records.splice(0, records.length - limit);
      }
    },
  });
  run.advanceTo(until);
  return { target, records: records.slice(-limit), total, until: run.now };
}
