import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/metrics';
import type { TraceKind } from '../../src/model';
import { Run, runScenario } from '../../src/runtime';
import type { Scenario } from '../../src/scenario';
import { smallScenarioData } from '../helpers/arbitraries';
import { scenarioFrom } from '../helpers/scenarios';

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/** Conservation from the report alone, independently of the auditor. */
function expectConservation(scenario: Scenario, report: RunReport): void {
  const producers = Object.values(report.producers);
  const brokers = Object.values(report.brokers);
  const groups = Object.values(report.groups);
  for (const p of producers) expect(p.attempted).toBe(p.published + p.rejected);
  const published = sum(producers.map((p) => p.published));
  // published = acked + in flight + ready + dropped
  expect(published).toBe(
    sum(groups.map((g) => g.acked)) + sum(brokers.map((b) => b.inflight.final + b.depth.final + b.dropped)),
  );
  // Every published message is enqueued at once (this model has no delay between the two).
  expect(sum(brokers.map((b) => b.enqueued))).toBe(published);
  // Per broker, the groups reading it have exactly its in-flight messages delivered and not yet acked.
  for (const [id, broker] of Object.entries(report.brokers)) {
    const readers = scenario.consumers.filter((c) => c.reads === id).map((c) => report.groups[c.id]!);
    expect(sum(readers.map((g) => g.delivered - g.acked))).toBe(broker.inflight.final);
    if (readers.length === 0) expect(broker.inflight.max).toBe(0);
  }
}

describe('random small scenarios', () => {
  it('keep conservation and every invariant the auditor checks', () => {
    fc.assert(
      fc.property(smallScenarioData, (data) => {
        const scenario = scenarioFrom(data);
        const counts = new Map<TraceKind, number>();
        const report = runScenario(scenario, { onTrace: (r) => void counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1) });
        expect(report.invariants.violations).toEqual([]);
        expect(report.invariants.ok).toBe(true);
        expectConservation(scenario, report);
        // The report's counters agree with the trace itself.
        expect(sum(Object.values(report.producers).map((p) => p.published))).toBe(counts.get('published') ?? 0);
        expect(sum(Object.values(report.producers).map((p) => p.rejected))).toBe(counts.get('rejected') ?? 0);
        expect(sum(Object.values(report.groups).map((g) => g.acked))).toBe(counts.get('acked') ?? 0);
        for (const [id, broker] of Object.entries(report.brokers)) {
          const spec = scenario.brokers.find((b) => b.id === id)!;
          if (spec.kind === 'queue' && spec.maxLength !== undefined) expect(broker.depth.max).toBeLessThanOrEqual(spec.maxLength);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('give the same report when run in one go or event by event', () => {
    fc.assert(
      fc.property(smallScenarioData, (data) => {
        const scenario = scenarioFrom(data);
        const run = new Run(scenario);
        while (run.step()) {
          /* one event per call */
        }
        expect(run.report()).toEqual(runScenario(scenario));
      }),
      { numRuns: 40 },
    );
  });
});
