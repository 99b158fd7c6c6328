import { describe, expect, it } from 'vitest';
import { formatReportTable } from '../../src/cli/format-table';
import { runScenario } from '../../src/runtime';
import { closedFormOf } from '../../src/scenario';
import { scenarioFrom } from '../helpers/scenarios';

type Data = Record<string, unknown>;

/** λ = 9, μ = 1, c = 10 as a scenario file states it; `queue` and `group` add knobs. */
function mmc(options: { queue?: Data; group?: Data; producer?: Data; duration?: number } = {}) {
  return scenarioFrom({
    version: 1,
    name: 'M/M/10',
    seed: 3,
    duration: options.duration ?? 100,
    producers: [{ id: 'source', target: 'queue', rate: { perSecond: 9 }, ...options.producer }],
    brokers: [{ id: 'queue', kind: 'queue', ...options.queue }],
    consumers: [{ id: 'servers', reads: 'queue', instances: 5, concurrency: 2, processing: { type: 'exponential', mean: 1 }, ...options.group }],
  });
}

describe('the closed form of a scenario', () => {
  it('recognises one Poisson producer, one queue and exponential servers as M/M/c with c = instances × concurrency', () => {
    const theory = closedFormOf(mmc())!;
    expect(theory).toMatchObject({ model: 'M/M/c', lambda: 9, mu: 1, servers: 10, stable: true });
    expect(theory.meanWait).toBeCloseTo(0.668732, 6);
  });

  it('recognises a maxLength bound as M/M/c/K with K = c + maxLength, losing the newest or the oldest', () => {
    expect(closedFormOf(mmc({ queue: { maxLength: 5, overflow: 'reject-publish' } }))).toMatchObject({ model: 'M/M/c/K', capacity: 15, loses: 'newest' });
    expect(closedFormOf(mmc({ queue: { maxLength: 5 } }))).toMatchObject({ model: 'M/M/c/K', capacity: 15, loses: 'oldest' });
  });

  it('has no closed form when anything changes the arrivals or the service', () => {
    const variants: Data[] = [
      { producer: { rate: { process: 'constant', perSecond: 9 } } },
      { producer: { bursts: [{ at: 1, count: 5 }] } },
      { producer: { stop: 50 } },
      { group: { processing: { type: 'constant', value: 1 } } },
      { group: { failure: { probability: 0.1 } } },
      { group: { prefetch: 4 } },
      { group: { crashes: { uptime: { type: 'exponential', mean: 50 }, downtime: { type: 'constant', value: 1 } } } },
      { queue: { ackTimeout: 5 } },
      { queue: { messageTtl: 5 } },
      { queue: { maxBytes: 10_000 } },
    ];
    for (const variant of variants) expect(closedFormOf(mmc(variant)), JSON.stringify(variant)).toBeUndefined();
  });

  it('puts the analytic values in the report and beside the simulated ones in the table', () => {
    const report = runScenario(mmc({ queue: { maxLength: 5, overflow: 'reject-publish' }, duration: 2000 }));
    expect(report.theory).toMatchObject({ model: 'M/M/c/K', capacity: 15 });
    const table = formatReportTable(report);
    expect(table).toContain('Theory (M/M/c/K: λ 9.000/s, μ 1.000/s, c 10, K 15, ρ 0.9000)  analytic  simulated');
    expect(table).toMatch(/share lost\s+0\.06126\s+0\.0\d+/);
  });

  it('says an overloaded unbounded queue has no steady state', () => {
    const report = runScenario(mmc({ producer: { rate: { perSecond: 12 } } }));
    expect(report.theory).toMatchObject({ stable: false });
    expect(formatReportTable(report)).toContain('no steady state, the queue grows without bound (ρ >= 1)');
  });
});
