import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../../src/model';
import type { ScenarioInput } from '../../../src/scenario';
import { expectInvariantsHold, expectSameRunTwiceAndInChunks, runCuts, runWithTrace } from '../../helpers/guarded-run';
import { scenarioFrom } from '../../helpers/scenarios';
import { topologyScenarioData } from '../../helpers/topology-arbitraries';

type Data = ScenarioInput & { brokers: Record<string, unknown>[]; consumers?: Record<string, unknown>[] };

/** What alerts can watch in a generated topology: groups by what they read, queue-likes, and dead-letter queues. */
function targetsOf(data: Data) {
  const streams = new Set(data.brokers.filter((b) => b.kind === 'stream').map((b) => b.id as string));
  const queueLike: Record<string, unknown>[] = [];
  for (const b of data.brokers) {
    if (b.kind === 'queue') queueLike.push(b);
    if (b.kind === 'topic') queueLike.push(...(b.subscriptions as Record<string, unknown>[]));
  }
  const dlqs = new Set(queueLike.map((q) => q.deadLetterTo as string | undefined).filter((q) => q !== undefined));
  for (const b of data.brokers) {
    if (b.kind !== 'bus') continue;
    for (const rule of b.rules as { targets: { deadLetterTo?: string }[] }[]) for (const t of rule.targets) if (t.deadLetterTo !== undefined) dlqs.add(t.deadLetterTo);
  }
  // Groups the timeline adds are watched too: their alerts read nothing until they exist.
  const groups = [...(data.consumers ?? []), ...(data.timeline ?? []).flatMap((a) => (a.action === 'add-group' ? [a.group as Record<string, unknown>] : []))];
  return {
    groups: groups.map((g) => ({ id: g.id as string, onStream: streams.has(g.reads as string) })),
    queues: queueLike.map((q) => q.id as string),
    dlqs: [...dlqs],
  };
}

/** Random alerts on whatever the topology has, with thresholds low enough that many fire and resolve. */
function withAlerts(data: Data): fc.Arbitrary<Data> {
  const { groups, queues, dlqs } = targetsOf(data);
  const options: { metric: string; group?: string; broker?: string }[] = [
    ...groups.flatMap((g) => [{ metric: 'lag', group: g.id }, g.onStream ? { metric: 'lag-seconds', group: g.id } : { metric: 'error-rate', group: g.id }]),
    ...queues.map((q) => ({ metric: 'depth', broker: q })),
    ...dlqs.map((q) => ({ metric: 'dlq-growth', broker: q })),
  ];
  if (options.length === 0) return fc.constant(data);
  const alert = fc.record({
    target: fc.constantFrom(...options),
    above: fc.constantFrom(0, 0.2, 1, 3),
    for: fc.constantFrom(0, 0.5, 2),
    interval: fc.double({ min: 0.1, max: Math.min(3, data.duration), noNaN: true }),
  });
  return fc.array(alert, { minLength: 1, maxLength: 4 }).map((alerts) => ({
    ...data,
    // An error rate is at most 1, so its threshold is kept below (validation refuses one it can never exceed).
    alerts: alerts.map((a, i) => ({ name: `a${i}`, ...a.target, above: a.target.metric === 'error-rate' ? a.above / 4 : a.above, for: a.for, interval: a.interval })),
  })) as fc.Arbitrary<Data>;
}

const topologiesWithAlerts = (topologyScenarioData as fc.Arbitrary<Data>).chain(withAlerts);

const notAlerts = (records: readonly TraceRecord[]) => records.filter((r) => r.kind !== 'alert');

describe('alerts on random topologies', () => {
  it('only watch: the run without its alerts has exactly the same records, and every invariant still holds', () => {
    let firings = 0;
    fc.assert(
      fc.property(topologiesWithAlerts, (data) => {
        const watched = runWithTrace(scenarioFrom(data));
        const bare = runWithTrace(scenarioFrom({ ...data, alerts: [] }));
        expect(notAlerts(watched.records)).toEqual(bare.records);
        expectInvariantsHold(watched.report);
        firings += watched.records.filter((r) => r.kind === 'alert' && r.attempt === 1).length;
      }),
      { numRuns: 150, seed: 4 },
    );
    expect(firings).toBeGreaterThan(0);
  });

  it('alternate firing and resolving per alert, starting with a firing, and the report lists exactly the firings', () => {
    fc.assert(
      fc.property(topologiesWithAlerts, (data) => {
        const { records, report } = runWithTrace(scenarioFrom(data));
        const alerts = records.filter((r) => r.kind === 'alert');
        const state = new Map<string, number>();
        for (const r of alerts) {
          expect(r.attempt).toBe(1 - (state.get(r.reason) ?? 0));
          state.set(r.reason, r.attempt);
        }
        const reported = [...Object.values(report.groups), ...Object.values(report.brokers)].flatMap((x) => x.alerts ?? []);
        expect(reported.length).toBe(alerts.filter((r) => r.attempt === 1).length);
      }),
      { numRuns: 150, seed: 5 },
    );
  });

  it('give the same trace hash when run twice, and the same report when advanced in chunks', () => {
    fc.assert(
      fc.property(topologiesWithAlerts, runCuts, (data, fractions) => {
        expectSameRunTwiceAndInChunks(scenarioFrom(data), scenarioFrom(data), fractions);
      }),
      { numRuns: 100, seed: 6 },
    );
  });
});
