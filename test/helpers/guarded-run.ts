import fc from 'fast-check';
import { expect } from 'vitest';
import type { RunReport } from '../../src/metrics';
import { copyRecord, type TraceListener, type TraceRecord } from '../../src/model';
import { Run, runScenario } from '../../src/runtime';
import type { Scenario } from '../../src/scenario';

/**
 * The event budget cannot stop a loop inside a single event, so property runs also stop on a trace far
 * longer than their small scenarios produce: a runaway becomes a clear failure instead of running out of memory.
 */
export const MAX_TRACE_RECORDS = 200_000;

/** `listener`, behind a count that throws once a run writes more than MAX_TRACE_RECORDS records. */
export function guarded(listener?: TraceListener): TraceListener {
  let count = 0;
  return (r) => {
    if (++count > MAX_TRACE_RECORDS) throw new Error(`runaway run: more than ${MAX_TRACE_RECORDS} trace records, still at t = ${r.time} (${r.kind} ${r.message} in ${r.broker})`);
    listener?.(r);
  };
}

/** Runs `scenario` to its end under the runaway guard. */
export function run(scenario: Scenario): RunReport {
  return runScenario(scenario, { onTrace: guarded() });
}

/** Runs `scenario` under the runaway guard and keeps a copy of every trace record. */
export function runWithTrace(scenario: Scenario): { report: RunReport; records: TraceRecord[] } {
  const records: TraceRecord[] = [];
  const report = runScenario(scenario, { onTrace: guarded((r) => records.push(copyRecord(r))) });
  return { report, records };
}

/**
 * Every check of the auditor passed, with no violation at all; except that a consumer with failure
 * action "ack" loses what it failed, which the auditor must then report as the consumer's loss, and
 * only then.
 */
export function expectInvariantsHold(report: RunReport): void {
  expect(report.invariants.violations).toEqual([]);
  expect(report.invariants.violationCount).toBe(0);
  const lostByConsumer = Object.values(report.groups).reduce((n, g) => n + g.lostByConsumer, 0);
  expect(report.invariants.checks.filter((c) => !c.ok && c.name !== 'no-loss-by-consumer')).toEqual([]);
  expect(report.invariants.checks.find((c) => c.name === 'no-loss-by-consumer')?.ok).toBe(lostByConsumer === 0);
  expect(report.invariants.ok).toBe(lostByConsumer === 0);
}

/** Counts of `key(r)` over the records that pass `keep`. */
export function tally(records: readonly TraceRecord[], keep: (r: TraceRecord) => boolean, key: (r: TraceRecord) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) if (keep(r)) counts[key(r)] = (counts[key(r)] ?? 0) + 1;
  return counts;
}

/** Up to 8 cut points of a run, as sorted fractions of its duration. */
export const runCuts: fc.Arbitrary<number[]> = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }).map((fs) => [...fs].sort((a, b) => a - b));

/**
 * Determinism of one scenario: the same trace hash when run twice, and the same report when
 * advanced in chunks (stopping at each of `fractions` of the duration) instead of in one go.
 */
export function expectSameRunTwiceAndInChunks(scenario: Scenario, again: Scenario, fractions: readonly number[]): void {
  const once = run(scenario);
  expect(run(again).traceHash).toBe(once.traceHash);
  const chunked = new Run(scenario, { onTrace: guarded() });
  for (const f of fractions) chunked.advanceTo(f * scenario.duration);
  chunked.advanceTo(scenario.duration);
  const report = chunked.report();
  expect(report.traceHash).toBe(once.traceHash);
  expect(report).toEqual(once);
}
