import { describe, expect, it } from 'vitest';
import { RandomSource, Simulation } from '../../../src/engine';
import { Autoscaler, createModelContext, DepthMetric, LagSecondsMetric, UtilizationMetric, type AutoscalerOptions, type ScalableGroup } from '../../../src/model';

describe('UtilizationMetric', () => {
  it('reads the time-weighted share of busy workers over the interval, not the share at the moment of reading', () => {
    const sim = new Simulation();
    // 4 workers: 3 busy for the first 5 s of a 10 s interval, none after, so 37.5 % over the interval
    // although none is busy when it is read.
    const group = { busyWorkers: 3, workerCount: 4 };
    const metric = new UtilizationMetric(sim, group, 10, 10);
    metric.start();
    sim.schedule(5, () => {
      group.busyWorkers = 0;
    });
    sim.runUntil(10);
    expect(metric.read()).toBe(0.375);
  });

  it('starts each interval afresh, and reads NaN for an interval in which no worker was taking work', () => {
    const sim = new Simulation();
    const group = { busyWorkers: 0, workerCount: 2 };
    const metric = new UtilizationMetric(sim, group, 10, 5);
    metric.start();
    sim.runUntil(10);
    expect(metric.read()).toBe(0);
    group.workerCount = 0;
    sim.runUntil(20);
    expect(metric.read()).toBeNaN();
  });
});

describe('the other readers', () => {
  it('read the source’s depth as it is, and the oldest lag age over every partition', () => {
    expect(new DepthMetric({ depth: 42 }).read()).toBe(42);
    const ages = [3, 12.5, 0];
    expect(new LagSecondsMetric({ partitionCount: 3, lagSeconds: (p) => ages[p]! }).read()).toBe(12.5);
  });
});

describe('Autoscaler options', () => {
  const group: ScalableGroup = { id: 'g', instanceCount: 1, scaleTo: () => {} };
  const valid: AutoscalerOptions = {
    broker: 'q',
    metric: new DepthMetric({ depth: 0 }),
    target: 10,
    minInstances: 1,
    maxInstances: 5,
    interval: 15,
    cooldown: 300,
    coldStart: 5,
    tolerance: 0.1,
  };
  const context = () => createModelContext(new Simulation(), new RandomSource(1));

  it.each([
    [{ target: 0 }, 'group g: autoscale.target must be a finite number > 0, got 0'],
    [{ minInstances: -1 }, 'group g: autoscale.minInstances must be a whole number >= 0, got -1'],
    [{ maxInstances: 0, minInstances: 0 }, 'group g: autoscale.maxInstances must be a whole number >= 1, got 0'],
    [{ maxInstances: 2, minInstances: 3 }, 'group g: autoscale.maxInstances must be a whole number >= 3, got 2'],
    [{ interval: 0 }, 'group g: autoscale.interval must be a finite number of seconds > 0, got 0'],
    [{ coldStart: -1 }, 'group g: autoscale.coldStart must be a finite number of seconds >= 0, got -1'],
    [{ tolerance: 1 }, 'group g: autoscale.tolerance must be in [0, 1), got 1'],
    [{ maxStepOut: 0 }, 'group g: autoscale.maxStepOut must be a whole number >= 1, got 0'],
    [{ metric: new UtilizationMetric(new Simulation(), { busyWorkers: 0, workerCount: 1 }, 15), minInstances: 0 }, 'group g: autoscale.minInstances must be a whole number >= 1, got 0'],
  ] as const)('refuses %o with a RangeError naming the option and what would be valid', (bad, message) => {
    expect(() => new Autoscaler(context(), group, { ...valid, ...bad })).toThrow(new RangeError(message));
  });

  it('evaluates every interval and scales the group only when the count changes', () => {
    const calls: [number, number, number][] = [];
    const ctx = context();
    const source = { depth: 0 };
    const target = {
      id: 'g',
      instanceCount: 1,
      scaleTo(count: number, coldStart: number) {
        calls.push([ctx.sim.now, count, coldStart]);
        target.instanceCount = count;
      },
    };
    new Autoscaler(ctx, target, { ...valid, metric: new DepthMetric(source), cooldown: 0 }).start();
    ctx.sim.schedule(20, () => {
      source.depth = 35;
    });
    ctx.sim.schedule(50, () => {
      source.depth = 0;
    });
    ctx.sim.runUntil(75);
    expect(calls).toEqual([
      [30, 4, 5],
      [60, 1, 0],
    ]);
  });
});
