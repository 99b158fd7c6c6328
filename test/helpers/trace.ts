import { copyRecord, type TraceRecord } from '../../src/model';
import { Run } from '../../src/runtime';
import type { Scenario } from '../../src/scenario';

/** Runs `scenario` to its end and returns every trace record (copied, since the tracer reuses its record object). */
export function traceOf(scenario: Scenario): TraceRecord[] {
  const records: TraceRecord[] = [];
  const run = new Run(scenario, { onTrace: (r) => records.push(copyRecord(r)) });
  run.advanceTo(run.duration);
  return records;
}

/** The compact form the exact-trace tests compare: [kind, time, message, consumer or reason]. */
export type TraceTuple = [string, number, number, string];

export function tuples(records: readonly TraceRecord[]): TraceTuple[] {
  return records.map((r) => [r.kind, r.time, r.message, r.consumer || r.reason]);
}
