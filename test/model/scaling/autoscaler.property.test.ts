import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectInvariantsHold, runWithTrace } from '../../helpers/guarded-run';
import { scenarioFrom } from '../../helpers/scenarios';

const DURATION = 150;

/** A random autoscaler on a queue or a stream, under a random steady load with a random step and crashes. */
const autoscaledScenario = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    stream: fc.boolean(),
    partitions: fc.integer({ min: 1, max: 4 }),
    useUtilization: fc.boolean(),
    lagSeconds: fc.boolean(),
    minInstances: fc.integer({ min: 0, max: 3 }),
    span: fc.integer({ min: 0, max: 5 }),
    start: fc.nat(),
    interval: fc.integer({ min: 1, max: 30 }),
    cooldown: fc.integer({ min: 0, max: 60 }),
    coldStart: fc.integer({ min: 0, max: 10 }),
    tolerance: fc.constantFrom(0, 0.1, 0.3),
    maxStepOut: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    maxStepIn: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    rate: fc.integer({ min: 1, max: 15 }),
    stepTo: fc.integer({ min: 0, max: 20 }),
    meanProcessing: fc.constantFrom(0.2, 0.5, 1),
    crashes: fc.boolean(),
  })
  .map((c) => {
    const metric = c.useUtilization ? 'utilization' : c.stream ? (c.lagSeconds ? 'lag-seconds' : 'lag') : 'depth';
    const minInstances = metric === 'utilization' || metric === 'lag-seconds' ? Math.max(1, c.minInstances) : c.minInstances;
    const maxInstances = Math.max(1, minInstances + c.span);
    const instances = Math.max(1, minInstances + (c.start % (maxInstances - minInstances + 1)));
    return {
      minInstances,
      maxInstances,
      instances: Math.min(instances, maxInstances),
      data: {
        version: 1,
        name: 'random autoscaler',
        seed: c.seed,
        duration: DURATION,
        producers: [{ id: 'p', target: 'b', keys: 20, rate: { process: 'poisson', perSecond: c.rate } }],
        brokers: [c.stream ? { id: 'b', kind: 'stream', partitions: c.partitions } : { id: 'b', kind: 'queue' }],
        consumers: [
          {
            id: 'g',
            reads: 'b',
            instances: Math.min(instances, maxInstances),
            processing: { type: 'exponential', mean: c.meanProcessing },
            ...(c.crashes ? { crashes: { uptime: { type: 'exponential', mean: 40 }, downtime: { type: 'constant', value: 5 } } } : {}),
            autoscale: {
              metric,
              minInstances,
              maxInstances,
              interval: c.interval,
              cooldown: c.cooldown,
              coldStart: c.coldStart,
              tolerance: c.tolerance,
              ...(c.maxStepOut !== undefined ? { maxStepOut: c.maxStepOut } : {}),
              ...(c.maxStepIn !== undefined ? { maxStepIn: c.maxStepIn } : {}),
            },
          },
        ],
        timeline: [{ at: 60, action: 'set-rate', producer: 'p', perSecond: c.stepTo }],
      },
    };
  });

describe('autoscaler properties', () => {
  it('keeps the instance count within [minInstances, maxInstances] at every instant, and the auditor’s invariants hold, for random autoscale configs', () => {
    fc.assert(
      fc.property(autoscaledScenario, ({ data, instances, minInstances, maxInstances }) => {
        const { report, records } = runWithTrace(scenarioFrom(data));
        let count = instances;
        let readyPending = 0;
        for (const r of records) {
          if (r.kind === 'autoscaled') {
            expect(r.attempt).toBeGreaterThanOrEqual(minInstances);
            expect(r.attempt).toBeLessThanOrEqual(maxInstances);
          }
          if (r.kind !== 'scaled') continue;
          if (r.reason === 'ready') readyPending--;
          else {
            count += r.reason === 'up' ? 1 : -1;
            if (r.reason === 'up' && data.consumers[0]!.autoscale.coldStart > 0) readyPending++;
            expect(count).toBeGreaterThanOrEqual(minInstances);
            expect(count).toBeLessThanOrEqual(maxInstances);
          }
        }
        // Every cold start that ended had begun (ones cut off by scale-in or the end never end).
        expect(readyPending).toBeGreaterThanOrEqual(0);
        const group = report.groups.g!;
        expect(group.instances.final).toBe(count);
        expect(group.instanceSeconds).toBeGreaterThanOrEqual(minInstances * DURATION - 1e-6);
        expect(group.instanceSeconds).toBeLessThanOrEqual(maxInstances * DURATION + 1e-6);
        expectInvariantsHold(report);
      }),
      { numRuns: 40 },
    );
  });
});
