import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/model';
import { runWithTrace } from '../helpers/guarded-run';
import { scenarioFrom } from '../helpers/scenarios';

/**
 * Issue 4 §8, dynamic scaling, on a step load: Poisson arrivals at λ = 5 /s step to 20 /s at 300 s;
 * each instance serves one message at a time, exponential with mean 1 s (μ = 1 /s). An autoscaler
 * with a 80 % utilisation target should settle near λ / (μ × 0.8) = 25 instances after the step: more
 * than λ / μ = 20 (or the queue grows without bound) and not far above 25. While the load is
 * saturating, utilisation reads 100 %, so each evaluation can only grow the group by 1 / 0.8 = 1.25×
 * (HPA's known lag on saturated metrics); the backlog this builds is what "lag bounded" measures,
 * against the same group without an autoscaler, whose 7 instances fall ever further behind.
 */
const LAMBDA_AFTER = 20;
const STEP_AT = 300;
const DURATION = 1500;
const SETTLED_FROM = 900;
const MAX_INSTANCES = 40;
const TARGET = 0.8;

function stepLoad(seed: number, autoscale: boolean) {
  return scenarioFrom({
    version: 1,
    name: 'autoscaler on a step load',
    seed,
    duration: DURATION,
    producers: [{ id: 'orders', target: 'queue', rate: { process: 'poisson', perSecond: 5 } }],
    brokers: [{ id: 'queue', kind: 'queue' }],
    consumers: [
      {
        id: 'workers',
        reads: 'queue',
        instances: 7,
        processing: { type: 'exponential', mean: 1 },
        ...(autoscale
          ? { autoscale: { metric: 'utilization', target: TARGET, minInstances: 1, maxInstances: MAX_INSTANCES, interval: 30, cooldown: 300, coldStart: 5, tolerance: 0.15 } }
          : {}),
      },
    ],
    timeline: [{ at: STEP_AT, action: 'set-rate', producer: 'orders', perSecond: LAMBDA_AFTER }],
  });
}

/** The instance count over time, replayed from the scaled records: [time, count] after each change. */
function instanceSteps(records: readonly TraceRecord[], initial: number): [number, number][] {
  let count = initial;
  const steps: [number, number][] = [[0, initial]];
  for (const r of records) {
    if (r.kind !== 'scaled' || r.reason === 'ready') continue;
    count += r.reason === 'up' ? 1 : -1;
    if (steps.at(-1)![0] === r.time) steps.at(-1)![1] = count;
    else steps.push([r.time, count]);
  }
  return steps;
}

/** Time average of a step function over [from, to]. */
function meanOver(steps: readonly [number, number][], from: number, to: number): number {
  let area = 0;
  for (let i = 0; i < steps.length; i++) {
    const start = Math.max(steps[i]![0], from);
    const end = Math.min(steps[i + 1]?.[0] ?? to, to);
    if (end > start) area += steps[i]![1] * (end - start);
  }
  return area / (to - from);
}

describe('the autoscaler on a step load (λ 5 → 20 /s at 300 s, μ = 1 /s, utilisation target 80 %)', () => {
  it.each([1, 2, 3])('reaches a steady instance count and keeps lag bounded on a step load, and never exceeds max (seed %i)', (seed) => {
    const { report, records } = runWithTrace(stepLoad(seed, true));
    const steps = instanceSteps(records, 7);
    const settled = steps.filter(([t]) => t >= SETTLED_FROM).map(([, n]) => n);
    const countAtSettling = steps.filter(([t]) => t < SETTLED_FROM).at(-1)![1];

    // Never above max, at any instant.
    expect(Math.max(...steps.map(([, n]) => n))).toBeLessThanOrEqual(MAX_INSTANCES);
    expect(report.groups.workers!.instances.max).toBeLessThanOrEqual(MAX_INSTANCES);
    // It did grow with the load: past the 20 instances that λ / μ makes the bare minimum.
    expect(Math.max(...steps.map(([, n]) => n))).toBeGreaterThan(LAMBDA_AFTER);
    // Steady: after settling, every count keeps the queue stable (> λ / μ) and stays near λ / (μ × target) = 25,
    // with at most three changes in the last 600 s.
    for (const n of [countAtSettling, ...settled]) {
      expect(n).toBeGreaterThan(LAMBDA_AFTER);
      expect(n).toBeLessThanOrEqual(32);
    }
    expect(settled.length).toBeLessThanOrEqual(3);
    const mean = meanOver(steps, SETTLED_FROM, DURATION);
    expect(mean).toBeGreaterThan(0.85 * (LAMBDA_AFTER / TARGET));
    expect(mean).toBeLessThan(1.2 * (LAMBDA_AFTER / TARGET));
    // Lag bounded: the backlog of the ramp-up peaks in the hundreds and is worked off.
    expect(report.groups.workers!.lag.max).toBeLessThan(2500);
    expect(report.groups.workers!.lag.final).toBeLessThan(50);
    expect(report.invariants.ok).toBe(true);
  });

  it('leaves the same group without an autoscaler ever further behind: 7 instances against 20 /s lose about 13 /s for 1200 s', () => {
    const { report } = runWithTrace(stepLoad(1, false));
    expect(report.groups.workers!.lag.final).toBeGreaterThan(0.8 * 13 * (DURATION - STEP_AT));
    expect(report.groups.workers!.instanceSeconds).toBe(7 * DURATION);
    expect(report.invariants.ok).toBe(true);
  });
});
