import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TRACE_KINDS, type TraceRecord } from '../../src/model';
import { formatErrors, validateScenario } from '../../src/scenario';
import { scenarioFrom } from '../helpers/scenarios';
import { topologyScenarioData } from '../helpers/topology-arbitraries';
import { expectInvariantsHold, expectSameRunTwiceAndInChunks, run, runCuts, runWithTrace, tally } from '../helpers/guarded-run';

/**
 * Properties of whole runs over random topologies that mix queues, streams, topics and event buses
 * (see topology-arbitraries.ts): the auditor's verdict, determinism, the report's counters against
 * the trace, and that the generator reaches every kind of trace record. Below them, the
 * counterexamples the properties found, each as a named scenario.
 */


const count = (records: readonly TraceRecord[], keep: (r: TraceRecord) => boolean): number => records.filter(keep).length;

/** The most copies of one message that one queue held at once, replayed from the trace. */
function mostCopiesInOneQueue(records: readonly TraceRecord[]): number {
  const live = new Map<string, number>();
  let most = 0;
  for (const r of records) {
    if (r.partition >= 0) continue;
    const key = `${r.broker}:${r.message}`;
    if (r.kind === 'enqueued') {
      const n = (live.get(key) ?? 0) + 1;
      live.set(key, n);
      most = Math.max(most, n);
    } else if (r.kind === 'acked' || r.kind === 'expired' || r.kind === 'redriven' || r.kind === 'flagged' || r.kind === 'dead-lettered' || r.kind === 'dropped') {
      if (r.reason !== 'refused' && r.reason !== 'dead-letter-refused' && live.has(key)) live.set(key, live.get(key)! - 1);
    }
  }
  return most;
}

describe('random topologies of queues, streams, topics and event buses', () => {
  it('are all accepted by the scenario validator', () => {
    fc.assert(
      fc.property(topologyScenarioData, (data) => {
        const result = validateScenario(data);
        if (!result.ok) expect.fail(`generated scenario is invalid:\n${formatErrors(result.errors)}\n${JSON.stringify(data)}`);
      }),
      { numRuns: 300 },
    );
  });

  it('exercise every kind of trace record somewhere, and two copies of one message in one queue, so the properties are not vacuous', () => {
    const seen = new Set<string>();
    let mostCopies = 0;
    fc.assert(
      fc.property(topologyScenarioData, (data) => {
        const { records } = runWithTrace(scenarioFrom(data));
        for (const r of records) seen.add(r.kind);
        mostCopies = Math.max(mostCopies, mostCopiesInOneQueue(records));
      }),
      { numRuns: 300, seed: 1 },
    );
    expect(TRACE_KINDS.filter((k) => !seen.has(k))).toEqual([]);
    expect(mostCopies).toBeGreaterThanOrEqual(2);
  });

  it('keep every auditor invariant', () => {
    fc.assert(
      fc.property(topologyScenarioData, (data) => {
        expectInvariantsHold(run(scenarioFrom(data)));
      }),
      { numRuns: 1000 },
    );
  });

  it('give the same trace hash when run twice, and when advanced in chunks instead of in one go', () => {
    fc.assert(
      fc.property(topologyScenarioData, runCuts, (data, fractions) => {
        expectSameRunTwiceAndInChunks(scenarioFrom(data), scenarioFrom(data), fractions);
      }),
      { numRuns: 150 },
    );
  });

  it('report stream, topic, bus and group counters equal to their counts in the trace', () => {
    fc.assert(
      fc.property(topologyScenarioData, (data) => {
        const scenario = scenarioFrom(data);
        const { report, records } = runWithTrace(scenario);
        for (const spec of scenario.brokers) {
          const b = report.brokers[spec.id]!;
          const here = (kind: string) => (r: TraceRecord) => r.kind === kind && r.broker === spec.id;
          expect(b.published).toBe(count(records, here('published')));
          if (spec.kind === 'stream') {
            const appended = count(records, here('appended'));
            // Each truncation moves a partition's log start up: the records it deleted.
            const starts = new Array<number>(spec.partitions).fill(0);
            let deleted = 0;
            for (const r of records.filter(here('truncated'))) {
              deleted += r.offset - starts[r.partition]!;
              starts[r.partition] = r.offset;
            }
            expect(b.stream).toMatchObject({ partitions: spec.partitions, appended, deleted, retainedEntries: appended - deleted });
          } else if (spec.kind === 'topic') {
            const subscriptions = [...spec.subscriptions.map((s) => s.id), ...scenario.timeline.flatMap((a) => (a.action === 'add-subscription' && a.topic === spec.id ? [a.subscription.id] : []))];
            const expected = Object.fromEntries(
              subscriptions.map((sub) => [
                sub,
                {
                  routed: count(records, (r) => r.kind === 'routed' && r.broker === spec.id && r.consumer === sub),
                  filtered: count(records, (r) => r.kind === 'filtered' && r.broker === spec.id && r.consumer === sub),
                  refused: count(records, (r) => r.kind === 'dropped' && r.broker === sub && r.reason === 'refused'),
                },
              ]),
            );
            expect(b.subscriptions).toEqual(expected);
          } else if (spec.kind === 'bus') {
            const routedTo = tally(records, here('routed'), (r) => r.consumer);
            const unmatched = count(records, here('unmatched'));
            expect(b.bus).toEqual({
              matched: b.published - unmatched,
              unmatched,
              routed: count(records, here('routed')),
              routedTo,
              retried: count(records, here('retrying')),
            });
          }
        }
        const groups = [...scenario.consumers, ...scenario.timeline.flatMap((a) => (a.action === 'add-group' ? [a.group] : []))];
        for (const spec of groups) {
          const g = report.groups[spec.id]!;
          const of = (kind: string) => (r: TraceRecord) => r.kind === kind && r.group === spec.id;
          const deliveries = records.filter(of('delivered'));
          expect(g.delivered).toBe(deliveries.length);
          expect(g.acked).toBe(count(records, of('acked')));
          expect(g.redelivered).toBe(deliveries.filter((r) => r.attempt > 1).length);
          expect(g.crashes).toBe(count(records, of('crashed')));
          expect(g.rebalances).toBe(count(records, of('rebalanced')));
          expect(g.receives).toBe(count(records, of('polled')));
          expect(g.emptyReceives).toBe(count(records, (r) => of('polled')(r) && r.reason === 'empty'));
          // A group on a subscription sees what that subscription's filter turned away.
          expect(g.filtered).toBe(count(records, (r) => r.kind === 'filtered' && r.consumer === spec.reads));
        }
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Counterexamples the properties above found, minimised. Each was an auditor error (the model was
 * right, as its documentation and the trace contract say); they stay as scenarios so the fix holds.
 */
describe('topologies that once broke the auditor', () => {
  it('accepts a stream group that never commits because its stream gets nothing: it keeps the offset it started from', () => {
    expectInvariantsHold(
      run(
        scenarioFrom({
          version: 1,
          name: 'a stream nobody writes to',
          duration: 5,
          producers: [{ id: 'p', target: 'q', bursts: [{ at: 1, count: 1 }] }],
          brokers: [
            { id: 'q', kind: 'queue' },
            { id: 's', kind: 'stream', partitions: 2 },
          ],
          consumers: [{ id: 'g', reads: 's', processing: { type: 'constant', value: 0.1 } }],
        }),
      ),
    );
  });

  it('takes a reset-offsets action as moving the committed offset too, even with no commit after it', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'reset after the group left',
      duration: 5,
      producers: [{ id: 'p', target: 's', bursts: [{ at: 1, count: 5 }] }],
      brokers: [{ id: 's', kind: 'stream' }],
      consumers: [{ id: 'g', reads: 's', startFrom: 'earliest', commit: { mode: 'manual' }, processing: { type: 'constant', value: 0.1 } }],
      timeline: [
        { at: 2.5, action: 'scale', group: 'g', instances: 0 },
        { at: 3, action: 'reset-offsets', group: 'g', to: 'offset', offset: 2 },
      ],
    });
    const { report, records } = runWithTrace(scenario);
    expectInvariantsHold(report);
    // The last commit was 5; the reset moved the group back to 2 without any commit record.
    expect(records.filter((r) => r.kind === 'committed').at(-1)).toMatchObject({ offset: 5 });
    expect(report.groups.g!.partitions!['0']).toMatchObject({ committed: 2, position: 2 });
  });

  it('lets a member finish records it fetched before retention deleted them, while the records after them are skipped', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'fetched, then deleted',
      duration: 6,
      producers: [{ id: 'p', target: 's', bursts: [{ at: 1, count: 3 }, { at: 1.5, count: 3 }] }],
      brokers: [{ id: 's', kind: 'stream', retentionSeconds: 1.5 }],
      timeline: [
        {
          at: 1.2,
          action: 'add-group',
          group: { id: 'g', reads: 's', startFrom: 'earliest', maxPollRecords: 3, processing: { type: 'constant', value: 1 } },
        },
      ],
    });
    const { report, records } = runWithTrace(scenario);
    expectInvariantsHold(report);
    const log = records.filter((r) => r.partition === 0 && r.kind !== 'appended').map((r) => [r.kind, r.time, r.offset]);
    expect(log).toEqual([
      ['reset', 1.2, 0],
      ['assigned', 1.2, 0],
      // One poll fetches offsets 0…2, appended at t = 1; offsets 3…5 follow at t = 1.5.
      ['delivered', 1.2, 0],
      ['acked', 2.2, 0],
      ['delivered', 2.2, 1],
      ['truncated', 2.5, 3],
      ['truncated', 3, 6],
      // Never fetched: skipped, while the member still holds offset 2 (below the log start now).
      ['skipped', 3, 3],
      ['skipped', 3, 4],
      ['skipped', 3, 5],
      ['acked', 3.2, 1],
      ['delivered', 3.2, 2],
      ['acked', 4.2, 2],
      ['reset', 4.2, 6],
    ]);
  });

  it('books each of two bus copies of one event that the same full queue refuses as awaiting a retry', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'two copies retried',
      duration: 1.5,
      producers: [{ id: 'p', target: 'e', bursts: [{ at: 1, count: 1 }] }],
      brokers: [
        { id: 'full', kind: 'queue', maxLength: 0, overflow: 'reject-publish' },
        {
          id: 'e',
          kind: 'bus',
          rules: [
            { id: 'r0', targets: [{ to: 'full', retry: { attempts: 1, backoff: { base: 1 } } }] },
            { id: 'r1', targets: [{ to: 'full', retry: { attempts: 1, backoff: { base: 1 } } }] },
          ],
        },
      ],
    });
    const report = run(scenario);
    expectInvariantsHold(report);
    expect(report.invariants.checks.find((c) => c.name === 'conservation')!.detail).toMatch(/awaiting a bus retry 2$/);
  });

  it('matches an ack to the copy its consumer holds when two copies of one message are in flight in one queue', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'two copies in flight',
      seed: 2,
      duration: 5,
      producers: [{ id: 'p', target: 'e', bursts: [{ at: 1, count: 1 }] }],
      brokers: [
        { id: 'q', kind: 'queue' },
        { id: 'e', kind: 'bus', rules: [{ id: 'r0', targets: [{ to: 'q' }] }, { id: 'r1', targets: [{ to: 'q' }] }] },
      ],
      consumers: [{ id: 'g', reads: 'q', instances: 2, processing: { type: 'choice', options: [{ value: 0.5, weight: 1 }, { value: 2, weight: 1 }] } }],
    });
    const { report, records } = runWithTrace(scenario);
    expectInvariantsHold(report);
    // The copy delivered second is acked first.
    expect(records.filter((r) => r.kind === 'delivered' || r.kind === 'acked').map((r) => [r.kind, r.consumer])).toEqual([
      ['delivered', 'g#1'],
      ['delivered', 'g#2'],
      ['acked', 'g#2'],
      ['acked', 'g#1'],
    ]);
  });

  it('takes a dead-lettered copy arriving in a queue as that copy, not as a copy there waiting for a bus retry', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'a dead letter meets a retry',
      duration: 4,
      producers: [
        { id: 'filler', target: 'q1', bursts: [{ at: 0.5, count: 1 }] },
        { id: 'p', target: 'e', bursts: [{ at: 1, count: 1 }] },
      ],
      brokers: [
        { id: 'q0', kind: 'queue', messageTtl: 0.5, deadLetterTo: 'q1' },
        { id: 'q1', kind: 'queue', maxLength: 1, overflow: 'reject-publish', messageTtl: 0.8 },
        { id: 'e', kind: 'bus', rules: [{ id: 'r', targets: [{ to: 'q0' }, { to: 'q1', retry: { attempts: 2, backoff: { base: 1, multiplier: 1 } } }] }] },
      ],
    });
    const { report, records } = runWithTrace(scenario);
    expectInvariantsHold(report);
    // The bus's copy waits for a retry while q0's copy expires into q1; q1 is full again at the retry.
    expect(records.filter((r) => r.message === 2).map((r) => [r.kind, r.time, r.broker, r.consumer || r.reason])).toEqual([
      ['published', 1, 'e', ''],
      ['routed', 1, 'e', 'q0'],
      ['enqueued', 1, 'q0', ''],
      ['routed', 1, 'e', 'q1'],
      ['retrying', 1, 'e', 'q1'],
      ['dead-lettered', 1.5, 'q0', 'expired'],
      ['enqueued', 1.5, 'q1', ''],
      ['retrying', 2, 'e', 'q1'],
      ['expired', 2.3, 'q1', ''],
      ['enqueued', 3, 'q1', ''],
      ['expired', 3.8, 'q1', ''],
    ]);
  });
});
