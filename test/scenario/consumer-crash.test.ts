import { describe, expect, it } from 'vitest';
import { Simulation, RandomSource } from '../../src/engine';
import { createModelContext } from '../../src/model';
import { queue } from '../model/routing-fixtures';
import { runScenario } from '../../src/runtime';
import { validateScenario } from '../../src/scenario';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf } from '../helpers/trace';

function errorsFor(queue: Record<string, unknown>) {
  const result = validateScenario({
    version: 1,
    name: 'crash policy',
    duration: 10,
    producers: [{ id: 'p', target: 'q', rate: { perSecond: 1 } }],
    brokers: [{ id: 'q', kind: 'queue', ...queue }],
    consumers: [{ id: 'g', reads: 'q', processing: { type: 'constant', value: 0.1 } }],
  });
  return result.ok ? [] : result.errors;
}

describe('onConsumerCrash', () => {
  it('refuses await-lease without an ackTimeout, and with at-most-once delivery, naming the field', () => {
    expect(errorsFor({ onConsumerCrash: 'await-lease' })).toEqual([
      {
        path: 'brokers[0].onConsumerCrash',
        message: '"await-lease" waits for the lease to run out, but the queue has no ackTimeout, so a crashed consumer\'s messages would stay held for ever; set ackTimeout or use "requeue"',
      },
    ]);
    expect(errorsFor({ onConsumerCrash: 'await-lease', delivery: 'at-most-once' }).map((e) => e.path)).toContain('brokers[0].onConsumerCrash');
    expect(errorsFor({ onConsumerCrash: 'await-lease', ackTimeout: 30 })).toEqual([]);
  });

  it('refuses a bad policy or a missing lease in the model too, naming the option', () => {
    const ctx = createModelContext(new Simulation(), new RandomSource(1));
    expect(() => queue(ctx, 'q', { onConsumerCrash: 'forget' as 'requeue' })).toThrow("queue q: onConsumerCrash must be 'requeue' or 'await-lease', got forget");
    expect(() => queue(ctx, 'q', { onConsumerCrash: 'await-lease' })).toThrow(/needs an ackTimeout/);
  });

  it('with await-lease, brings every message held by randomly crashing consumers back by lease expiry only, losing nothing', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'crashing SQS consumers',
      seed: 5,
      duration: 400,
      producers: [{ id: 'p', target: 'q', rate: { perSecond: 5 }, stop: 300 }],
      brokers: [{ id: 'q', kind: 'queue', preset: 'sqs' }],
      consumers: [
        {
          id: 'g',
          reads: 'q',
          instances: 3,
          processing: { type: 'exponential', mean: 0.3 },
          crashes: { uptime: { type: 'exponential', mean: 30 }, downtime: { type: 'constant', value: 5 } },
        },
      ],
    });
    const records = traceOf(scenario);
    const returns = records.filter((r) => r.kind === 'requeued');
    expect(returns.length).toBeGreaterThan(10);
    expect(new Set(returns.map((r) => r.reason))).toEqual(new Set(['lease-expired']));
    const report = runScenario(scenario);
    expect(report.groups.g!.crashes).toBeGreaterThan(10);
    expect(report.groups.g!.acked).toBe(report.producers.p!.published);
    expect(report.invariants.ok).toBe(true);
  });
});
