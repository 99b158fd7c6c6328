import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/runtime';
import { scenarioFrom } from '../../helpers/scenarios';
import { traceOf } from '../../helpers/trace';

type Row = [string, number, number, string, number];

/** Producer records as [kind, time, message, reason, attempt]. */
function producerRows(scenario: ReturnType<typeof scenarioFrom>): Row[] {
  return traceOf(scenario)
    .filter((r) => r.kind === 'published' || r.kind === 'throttled' || r.kind === 'rejected')
    .map((r) => [r.kind, r.time, r.message, r.reason, r.attempt]);
}

function withConfirms(producer: Record<string, unknown>, duration = 10) {
  return scenarioFrom({
    version: 1,
    name: 'confirms',
    seed: 11,
    duration,
    producers: [{ id: 'p', target: 'q', bursts: [{ at: 1, count: 1 }], ...producer }],
    brokers: [{ id: 'q', kind: 'queue' }],
    consumers: [{ id: 'w', reads: 'q', processing: { type: 'constant', value: 0.1 } }],
  });
}

describe('publisher confirms', () => {
  it('hold publishes beyond maxOutstanding until confirms free the window', () => {
    const scenario = withConfirms({ bursts: [{ at: 1, count: 5 }], confirms: { maxOutstanding: 2, latency: { type: 'constant', value: 1 } } });
    expect(producerRows(scenario)).toEqual([
      ['published', 1, 1, '', 0],
      ['published', 1, 2, '', 0],
      ['throttled', 1, 3, 'confirms', 0],
      ['throttled', 1, 4, 'confirms', 0],
      ['throttled', 1, 5, 'confirms', 0],
      ['published', 2, 3, '', 0],
      ['published', 2, 4, '', 0],
      ['published', 3, 5, '', 0],
    ]);
  });

  it('publish a message again as a new message when its confirm times out, numbering the repeats', () => {
    // A confirm is lost with probability 0.999999, so (for this seed) every one is: repeats at 3 and 5 s.
    const scenario = withConfirms({ confirms: { maxOutstanding: 1, lossProbability: 0.999999, timeout: 2 } }, 6);
    expect(producerRows(scenario)).toEqual([
      ['published', 1, 1, '', 0],
      ['published', 3, 2, 'retry', 1],
      ['published', 5, 3, 'retry', 2],
    ]);
    const report = runScenario(scenario);
    expect(report.producers.p).toMatchObject({ attempted: 1, published: 1, rejected: 0, duplicatesPublished: 2, duplicatesPrevented: 0 });
    // Every copy reaches the consumer: the duplicates are real.
    expect(report.groups.w!.acked).toBe(3);
  });

  it('with an idempotent producer, the broker discards each repeat and the consumer gets the message once', () => {
    const scenario = withConfirms({ idempotent: true, confirms: { maxOutstanding: 1, lossProbability: 0.999999, timeout: 2 } }, 6);
    expect(producerRows(scenario)).toEqual([
      ['published', 1, 1, '', 0],
      ['rejected', 3, 2, 'duplicate', 1],
      ['rejected', 5, 3, 'duplicate', 2],
    ]);
    const report = runScenario(scenario);
    expect(report.producers.p).toMatchObject({ attempted: 1, published: 1, rejected: 0, duplicatesPublished: 0, duplicatesPrevented: 2 });
    expect(report.groups.w!.acked).toBe(1);
  });
});

describe('producer duplicates after publish timeouts', () => {
  const steady = (idempotent: boolean) =>
    scenarioFrom({
      version: 1,
      name: 'lossy confirms',
      seed: 5,
      duration: 120,
      producers: [
        {
          id: 'p',
          target: 'q',
          rate: { process: 'poisson', perSecond: 20 },
          stop: 60,
          idempotent,
          confirms: { maxOutstanding: 10, latency: { type: 'exponential', mean: 0.02 }, lossProbability: 0.1, timeout: 0.5 },
        },
      ],
      brokers: [{ id: 'q', kind: 'queue' }],
      consumers: [{ id: 'w', reads: 'q', instances: 4, processing: { type: 'exponential', mean: 0.1 } }],
    });

  it('counts as duplicatesPublished exactly the repeat publishes in the trace, and the consumer processes every one', () => {
    const scenario = steady(false);
    const repeats = traceOf(scenario).filter((r) => r.kind === 'published' && r.reason === 'retry').length;
    const report = runScenario(scenario);
    const producer = report.producers.p!;
    expect(repeats).toBeGreaterThan(50);
    expect(producer.duplicatesPublished).toBe(repeats);
    expect(producer.published).toBe(producer.attempted);
    expect(report.groups.w!.acked).toBe(producer.published + repeats);
    expect(report.invariants.ok).toBe(true);
  });

  it('with idempotent: true, prevents every repeat, so none reaches the consumer', () => {
    const scenario = steady(true);
    const records = traceOf(scenario);
    const prevented = records.filter((r) => r.kind === 'rejected' && r.reason === 'duplicate').length;
    const report = runScenario(scenario);
    const producer = report.producers.p!;
    expect(prevented).toBeGreaterThan(50);
    expect(records.some((r) => r.kind === 'published' && r.reason === 'retry')).toBe(false);
    expect(producer).toMatchObject({ duplicatesPublished: 0, duplicatesPrevented: prevented, rejected: 0 });
    expect(report.groups.w!.acked).toBe(producer.published);
    expect(report.invariants.ok).toBe(true);
  });
});
