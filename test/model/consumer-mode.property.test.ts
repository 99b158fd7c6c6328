import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf } from '../helpers/trace';

/** A crash or restart of one of three instances, at a whole second inside the run. */
const action = fc.record({
  at: fc.integer({ min: 1, max: 40 }),
  action: fc.constantFrom('crash', 'restart'),
  group: fc.constant('workers'),
  instance: fc.integer({ min: 1, max: 3 }),
});

const runs = fc.record({
  mode: fc.constantFrom('single-active', 'exclusive'),
  count: fc.integer({ min: 1, max: 30 }),
  prefetch: fc.integer({ min: 1, max: 4 }),
  timeline: fc.array(action, { maxLength: 8 }),
  failure: fc.constantFrom(0, 0.3),
});

type RunSpec = typeof runs extends fc.Arbitrary<infer T> ? T : never;

function scenarioOf(run: RunSpec) {
  return scenarioFrom({
    version: 1,
    name: 'consumer mode property',
    duration: 200,
    producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: run.count }] }],
    brokers: [{ id: 'jobs', kind: 'queue', consumerMode: run.mode }],
    consumers: [
      {
        id: 'workers',
        reads: 'jobs',
        instances: 3,
        prefetch: run.prefetch,
        concurrency: 1,
        processing: { type: 'constant', value: 1 },
        ...(run.failure > 0 ? { failure: { probability: run.failure, action: 'requeue' } } : {}),
      },
    ],
    // Whatever crashed is back by t = 60, so every message can be processed in the end.
    timeline: [...run.timeline.sort((a, b) => a.at - b.at), ...[1, 2, 3].map((instance) => ({ at: 60, action: 'restart', group: 'workers', instance }))],
  });
}

describe('consumerMode invariants', () => {
  it('delivers only to the instance most recently made active, never to a refused one, and loses nothing', () => {
    fc.assert(
      fc.property(runs, (run) => {
        const scenario = scenarioOf(run);
        let active = '';
        const refused = new Set<string>();
        for (const r of traceOf(scenario)) {
          if (r.kind === 'consumer-active') active = r.consumer;
          else if (r.kind === 'consumer-refused') refused.add(r.consumer);
          else if (r.kind === 'crashed' && r.consumer === active) active = '';
          else if (r.kind === 'delivered') {
            expect(r.consumer).toBe(active);
            expect(refused.has(r.consumer)).toBe(false);
          }
        }
        if (run.mode === 'exclusive') expect([...refused].sort()).toEqual(['workers#2', 'workers#3']);
        const report = runScenario(scenario);
        expect(report.invariants.ok).toBe(true);
        expect(report.groups.workers!.acked).toBe(run.count);
      }),
      { numRuns: 60 },
    );
  });
});
