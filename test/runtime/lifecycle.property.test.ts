import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/model';
import { runScenario } from '../../src/runtime';
import { formatErrors, validateScenario } from '../../src/scenario';
import { lifecycleScenarioData, POLICY_COMBINATIONS, withPolicies } from '../helpers/arbitraries';
import { scenarioFrom } from '../helpers/scenarios';
import { expectInvariantsHold, expectSameRunTwiceAndInChunks, guarded, run, runCuts, runWithTrace, tally } from '../helpers/guarded-run';

/**
 * Properties of whole runs over random scenarios that use the queue delivery lifecycle: the auditor's
 * verdict, the report's books against the trace, and determinism.
 */


const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * Where each message is at the end of the run, by broker, replayed from the trace alone (not from the
 * model's `removedFrom` rule): a removal takes the message from whichever level of that broker holds it.
 */
function finalLevels(records: readonly TraceRecord[]): Map<string, { ready: number; inflight: number; parked: number }> {
  const where = new Map<number, { broker: string; level: 'ready' | 'inflight' | 'parked' }>();
  for (const r of records) {
    switch (r.kind) {
      case 'enqueued':
      case 'requeued':
        where.set(r.message, { broker: r.broker, level: 'ready' });
        break;
      case 'delivered':
        where.set(r.message, { broker: r.broker, level: 'inflight' });
        break;
      case 'flagged':
        where.set(r.message, { broker: r.broker, level: 'parked' });
        break;
      case 'acked':
      case 'dropped':
      case 'dead-lettered':
      case 'expired':
      case 'redriven':
        // A refused dead-letter was never in the DLQ that reports it; every other removal is from its broker.
        if (r.reason !== 'dead-letter-refused') where.delete(r.message);
        break;
      default:
        break;
    }
  }
  const levels = new Map<string, { ready: number; inflight: number; parked: number }>();
  for (const { broker, level } of where.values()) {
    const entry = levels.get(broker) ?? { ready: 0, inflight: 0, parked: 0 };
    entry[level]++;
    levels.set(broker, entry);
  }
  return levels;
}

describe('random scenarios with the delivery lifecycle', () => {
  it('are all accepted by the scenario validator', () => {
    fc.assert(
      fc.property(lifecycleScenarioData, (data) => {
        const result = validateScenario(data);
        if (!result.ok) expect.fail(`generated scenario is invalid:\n${formatErrors(result.errors)}\n${JSON.stringify(data)}`);
      }),
      { numRuns: 300 },
    );
  });

  it('exercise every lifecycle record kind somewhere, so the properties below are not vacuous', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(lifecycleScenarioData, (data) => {
        runScenario(scenarioFrom(data), { onTrace: guarded((r) => void seen.add(r.kind === 'acked' && r.reason === 'late' ? 'acked-late' : r.kind)) });
      }),
      { numRuns: 200, seed: 1 },
    );
    const kinds = ['delayed', 'expired', 'dead-lettered', 'redriven', 'requeued', 'late-ack', 'acked-late', 'flagged', 'crashed', 'restarted', 'scaled', 'dropped', 'rejected'];
    expect(kinds.filter((k) => !seen.has(k))).toEqual([]);
  });

  it('keep every auditor invariant', () => {
    fc.assert(
      fc.property(lifecycleScenarioData, (data) => {
        expectInvariantsHold(run(scenarioFrom(data)));
      }),
      { numRuns: 200 },
    );
  });

  it.each(POLICY_COMBINATIONS.map((c) => [c.lateAck, c.onMaxDeliveries, c.failure, c.overflow, c] as const))(
    'keep every auditor invariant with lateAck %s, onMaxDeliveries %s, failures that %s, and overflow %s',
    (_lateAck, _onMax, _failure, _overflow, combination) => {
      fc.assert(
        fc.property(lifecycleScenarioData, (data) => {
          expectInvariantsHold(run(scenarioFrom(withPolicies(data, combination))));
        }),
        { numRuns: 10 },
      );
    },
  );

  it("balance each broker's books, with every report counter equal to its count in the trace", () => {
    fc.assert(
      fc.property(lifecycleScenarioData, (data) => {
        const scenario = scenarioFrom(data);
        const { report, records } = runWithTrace(scenario);
        const levels = finalLevels(records);
        for (const { id } of scenario.brokers) {
          const b = report.brokers[id]!;
          const at = (kind: string) => (r: TraceRecord) => r.kind === kind && r.broker === id;
          const byReason = (r: TraceRecord) => r.reason;
          expect(b.enqueued).toBe(records.filter(at('enqueued')).length);
          expect(b.droppedBy).toEqual(tally(records, at('dropped'), byReason));
          expect(b.dropped).toBe(total(b.droppedBy));
          expect(b.requeuedBy).toEqual(tally(records, at('requeued'), byReason));
          expect(b.requeued).toBe(total(b.requeuedBy));
          expect(b.deadLetteredBy).toEqual(tally(records, at('dead-lettered'), byReason));
          expect(b.deadLettered).toBe(total(b.deadLetteredBy));
          expect(b.expired).toBe(records.filter(at('expired')).length);
          expect(b.redriven).toBe(records.filter(at('redriven')).length);
          expect(b.flagged).toBe(records.filter(at('flagged')).length);
          const level = levels.get(id) ?? { ready: 0, inflight: 0, parked: 0 };
          expect({ depth: b.depth.final, inflight: b.inflight.final, flagged: b.flagged }).toEqual({
            depth: level.ready,
            inflight: level.inflight,
            flagged: level.parked,
          });
          // Everything that entered the queue (published, dead-lettered or redriven into it) is still
          // there or left by exactly one door. (A dead-letter queue that refuses leaves the message to
          // be dropped by the queue it came from, for its original reason.)
          const ackedHere = records.filter(at('acked')).length;
          expect(b.enqueued).toBe(ackedHere + b.dropped + b.deadLettered + b.expired + b.redriven + b.flagged + b.depth.final + b.inflight.final);
        }
        for (const { id } of scenario.consumers) {
          const g = report.groups[id]!;
          const of = (kind: string) => (r: TraceRecord) => r.kind === kind && r.group === id;
          const deliveries = records.filter(of('delivered'));
          expect(g.delivered).toBe(deliveries.length);
          expect(g.acked).toBe(records.filter(of('acked')).length);
          expect(g.redelivered).toBe(deliveries.filter((r) => r.attempt > 1).length);
          expect(g.lateAcks).toBe(records.filter(of('late-ack')).length);
          expect(g.crashes).toBe(records.filter(of('crashed')).length);
          // A duplicate is a message this group was handed more than once during one stay in a queue
          // (a stay starts at its enqueue there), attributed to the cause of its first repeat.
          expect(g.duplicatesBy).toEqual(duplicatesOf(records, id));
          expect(g.duplicates).toBe(total(g.duplicatesBy));
        }
        const published = records.filter((r) => r.kind === 'published').length;
        expect(Object.values(report.producers).reduce((n, p) => n + p.published, 0)).toBe(published);
      }),
      { numRuns: 200 },
    );
  });

  it('give the same trace hash when run twice, and when advanced in chunks instead of in one go', () => {
    fc.assert(
      fc.property(lifecycleScenarioData, runCuts, (data, fractions) => {
        expectSameRunTwiceAndInChunks(scenarioFrom(data), scenarioFrom(data), fractions);
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * Configurations the generator leaves out (see `withoutOverflowLoops`): a bounded drop-head queue whose
 * dead letters come back to it within the same event. Either the validator refuses them with an error
 * naming the field, or the run ends with every invariant and the queue's maxLength kept.
 */
function expectRefusedOrSound(data: unknown): void {
  const result = validateScenario(data);
  if (!result.ok) {
    expect(result.errors.length).toBeGreaterThan(0);
    return;
  }
  const report = run(result.scenario);
  expectInvariantsHold(report);
  for (const b of result.scenario.brokers) if (b.kind === 'queue' && b.maxLength !== undefined) expect(report.brokers[b.id]!.depth.max).toBeLessThanOrEqual(b.maxLength);
}

describe('dead letters that come straight back (counterexamples found while writing the generator)', () => {
  it('ends a redrive from a DLQ into a full queue that overflows back into that DLQ', () => {
    expectRefusedOrSound({
      version: 1,
      name: 'redrive into a full queue',
      duration: 10,
      producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: 3 }] }],
      brokers: [
        { id: 'jobs', kind: 'queue', maxLength: 1, deadLetterTo: 'dlq' },
        { id: 'dlq', kind: 'queue' },
      ],
      timeline: [{ at: 2, action: 'redrive', from: 'dlq', to: 'jobs' }],
    });
  });

  it('ends when two queues of maxLength 0 dead-letter into each other', () => {
    expectRefusedOrSound({
      version: 1,
      name: 'dead-letter cycle',
      duration: 10,
      producers: [{ id: 'app', target: 'a', bursts: [{ at: 1, count: 1 }] }],
      brokers: [
        { id: 'a', kind: 'queue', maxLength: 0, deadLetterTo: 'b' },
        { id: 'b', kind: 'queue', maxLength: 0, deadLetterTo: 'a' },
      ],
    });
  });

  it('keeps maxLength when two full queues dead-letter their overflow into each other', () => {
    expectRefusedOrSound({
      version: 1,
      name: 'dead-letter cycle over the limit',
      duration: 10,
      producers: [
        { id: 'app', target: 'a', bursts: [{ at: 1, count: 1 }, { at: 2, count: 1 }, { at: 3, count: 1 }] },
        { id: 'other', target: 'b', bursts: [{ at: 0.5, count: 1 }] },
      ],
      brokers: [
        { id: 'a', kind: 'queue', maxLength: 1, deadLetterTo: 'b' },
        { id: 'b', kind: 'queue', maxLength: 1, deadLetterTo: 'a' },
      ],
    });
  });
});

/** Per cause, the messages `group` received more than once during one stay in a queue, read off the trace. */
function duplicatesOf(records: readonly TraceRecord[], group: string): Record<string, number> {
  const receivedBy = new Map<string, Set<string>>();
  const repeated = new Map<string, Set<string>>();
  const out: Record<string, number> = {};
  for (const r of records) {
    const stay = `${r.broker}:${r.message}`;
    if (r.kind === 'enqueued') {
      receivedBy.set(stay, new Set());
      repeated.set(stay, new Set());
    }
    if (r.kind !== 'delivered') continue;
    const groups = receivedBy.get(stay)!;
    if (!groups.has(r.group)) groups.add(r.group);
    else if (r.group === group && !repeated.get(stay)!.has(r.group)) {
      repeated.get(stay)!.add(r.group);
      out[r.reason] = (out[r.reason] ?? 0) + 1;
    }
  }
  return out;
}
