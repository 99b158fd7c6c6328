import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../../src/scenario';

function scenario(reads: 'q' | 's', group: Record<string, unknown>) {
  return {
    version: 1,
    name: 'autoscale validation',
    duration: 10,
    producers: [{ id: 'p', target: reads, rate: { perSecond: 1 } }],
    brokers: [
      { id: 'q', kind: 'queue' },
      { id: 's', kind: 'stream', partitions: 2 },
    ],
    consumers: [{ id: 'g', reads, processing: { type: 'constant', value: 1 }, ...group }],
  };
}

function errorsOf(data: unknown): { path: string; message: string }[] {
  const result = validateScenario(data);
  return result.ok ? [] : result.errors;
}

describe('autoscale validation', () => {
  it('fills every option with its default', () => {
    const result = validateScenario(scenario('q', { autoscale: {} }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario.consumers[0]!.autoscale).toEqual({ minInstances: 1, maxInstances: 10, interval: 15, cooldown: 300, coldStart: 5, tolerance: 0.1 });
  });

  it('refuses minInstances above maxInstances, naming both', () => {
    expect(errorsOf(scenario('q', { autoscale: { minInstances: 5, maxInstances: 3 } }))).toEqual([
      { path: 'consumers[0].autoscale.minInstances', message: 'is 5, above maxInstances 3; use at most 3 or raise maxInstances' },
    ]);
  });

  it('refuses a starting instance count outside [minInstances, maxInstances]', () => {
    expect(errorsOf(scenario('q', { instances: 12, autoscale: { maxInstances: 10 } }))).toEqual([
      { path: 'consumers[0].instances', message: "is 12, outside the autoscaler's range 1–10; start within it" },
    ]);
  });

  it('refuses a metric that does not suit the source and lists the ones that do', () => {
    expect(errorsOf(scenario('q', { autoscale: { metric: 'lag' } }))).toEqual([
      { path: 'consumers[0].autoscale.metric', message: '"lag" does not apply to a group reading a queue ("q"); use "depth" or "utilization"' },
    ]);
    expect(errorsOf(scenario('s', { autoscale: { metric: 'depth' } }))).toEqual([
      { path: 'consumers[0].autoscale.metric', message: '"depth" does not apply to a group reading a stream ("s"); use "lag" or "lag-seconds" or "utilization"' },
    ]);
  });

  it('refuses scale to zero on a metric that cannot wake the group, and a utilisation target above 1', () => {
    expect(errorsOf(scenario('s', { autoscale: { metric: 'utilization', minInstances: 0, target: 70 } }))).toEqual([
      {
        path: 'consumers[0].autoscale.minInstances',
        message: 'must be at least 1 with metric "utilization": it scales the current count in proportion, so it cannot wake a group from 0 (use "lag" to scale to zero)',
      },
      { path: 'consumers[0].autoscale.target', message: 'is 70, but utilization is a share of busy workers between 0 and 1; use e.g. 0.7' },
    ]);
  });

  it('accepts scale to zero on depth and lag', () => {
    expect(errorsOf(scenario('q', { instances: 1, autoscale: { minInstances: 0 } }))).toEqual([]);
    expect(errorsOf(scenario('s', { autoscale: { metric: 'lag', minInstances: 0 } }))).toEqual([]);
  });

  it('refuses a negative cold start and a tolerance of 1 or more at the schema', () => {
    const paths = errorsOf(scenario('q', { autoscale: { coldStart: -1, tolerance: 1 } })).map((e) => e.path);
    expect(paths).toEqual(['consumers[0].autoscale.coldStart', 'consumers[0].autoscale.tolerance']);
  });
});
