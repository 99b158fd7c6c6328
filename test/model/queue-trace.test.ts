import { describe, expect, it } from 'vitest';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf, tuples, type TraceTuple } from '../helpers/trace';

/** Constant arrivals every 0.5 s from t = 0.5, constant 1.5 s processing, two consumers, 3 s run. */
const tiny = scenarioFrom({
  version: 1,
  name: 'tiny',
  duration: 3,
  producers: [{ id: 'shop', target: 'orders', rate: { process: 'constant', perSecond: 2 } }],
  brokers: [{ id: 'orders', kind: 'queue' }],
  consumers: [{ id: 'work', reads: 'orders', instances: 2, processing: { type: 'constant', value: 1.5 } }],
});

describe('queue broker with competing consumers: exact trace', () => {
  it('publishes, enqueues, delivers to idle consumers in turn, queues the rest and hands them over on ack', () => {
    const expected: TraceTuple[] = [
      ['published', 0.5, 1, ''],
      ['enqueued', 0.5, 1, ''],
      ['delivered', 0.5, 1, 'work#1'],
      ['published', 1, 2, ''],
      ['enqueued', 1, 2, ''],
      ['delivered', 1, 2, 'work#2'],
      ['published', 1.5, 3, ''],
      ['enqueued', 1.5, 3, ''],
      // At 2.0 the ack (scheduled at 0.5) comes before the arrival (scheduled at 1.5): ties go by scheduling order.
      ['acked', 2, 1, 'work#1'],
      ['delivered', 2, 3, 'work#1'],
      ['published', 2, 4, ''],
      ['enqueued', 2, 4, ''],
      ['acked', 2.5, 2, 'work#2'],
      ['delivered', 2.5, 4, 'work#2'],
      ['published', 2.5, 5, ''],
      ['enqueued', 2.5, 5, ''],
      ['published', 3, 6, ''],
      ['enqueued', 3, 6, ''],
    ];
    expect(tuples(traceOf(tiny))).toEqual(expected);
  });

  it('fills every field of a record: producer, broker, group, consumer and attempt', () => {
    const records = traceOf(tiny);
    expect(records[2]).toEqual({
      kind: 'delivered',
      time: 0.5,
      message: 1,
      publishedAt: 0.5,
      producer: 'shop',
      broker: 'orders',
      group: 'work',
      consumer: 'work#1',
      reason: '',
      attempt: 1,
      partition: -1,
      offset: -1,
    });
    expect(records[8]).toMatchObject({ kind: 'acked', message: 1, publishedAt: 0.5, group: 'work', attempt: 1 });
    expect(records[0]).toMatchObject({ kind: 'published', producer: 'shop', broker: 'orders', group: '', consumer: '', attempt: 0 });
  });

  it('spreads the first deliveries round-robin over instances before using a second concurrency slot', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'slots',
      duration: 5,
      producers: [{ id: 'p', target: 'q', bursts: [{ at: 1, count: 6 }] }],
      brokers: [{ id: 'q', kind: 'queue' }],
      consumers: [{ id: 'g', reads: 'q', instances: 3, concurrency: 2, processing: { type: 'constant', value: 10 } }],
    });
    const consumers = traceOf(scenario)
      .filter((r) => r.kind === 'delivered')
      .map((r) => r.consumer);
    expect(consumers).toEqual(['g#1', 'g#2', 'g#3', 'g#1', 'g#2', 'g#3']);
  });

  it('gives waiting work to consumers in the order they became idle', () => {
    // Instance 1 is slow on its first message, so instance 2 finishes first and takes the next waiting one.
    const scenario = scenarioFrom({
      version: 1,
      name: 'idle order',
      duration: 20,
      producers: [{ id: 'p', target: 'q', bursts: [{ at: 0, count: 4 }] }],
      brokers: [{ id: 'q', kind: 'queue' }],
      consumers: [{ id: 'g', reads: 'q', instances: 2, processing: { type: 'choice', options: [{ value: 3, weight: 1 }] } }],
    });
    const deliveries = traceOf(scenario)
      .filter((r) => r.kind === 'delivered')
      .map((r) => [r.message, r.consumer, r.time]);
    expect(deliveries).toEqual([
      [1, 'g#1', 0],
      [2, 'g#2', 0],
      [3, 'g#1', 3],
      [4, 'g#2', 3],
    ]);
  });
});

describe('producer timing', () => {
  it('starts constant arrivals one gap after start and publishes the one due exactly at stop', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'window',
      duration: 10,
      producers: [{ id: 'p', target: 'q', rate: { process: 'constant', perSecond: 1 }, start: 2, stop: 5 }],
      brokers: [{ id: 'q', kind: 'queue' }],
    });
    expect(
      traceOf(scenario)
        .filter((r) => r.kind === 'published')
        .map((r) => r.time),
    ).toEqual([3, 4, 5]);
  });

  it('spreads a burst evenly from its start to start + spread', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'burst',
      duration: 20,
      producers: [{ id: 'p', target: 'q', bursts: [{ at: 10, count: 5, spread: 2 }] }],
      brokers: [{ id: 'q', kind: 'queue' }],
    });
    expect(
      traceOf(scenario)
        .filter((r) => r.kind === 'published')
        .map((r) => r.time),
    ).toEqual([10, 10.5, 11, 11.5, 12]);
  });

  it('numbers messages 1, 2, 3… in publish order across producers', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'ids',
      duration: 5,
      producers: [
        { id: 'a', target: 'q', bursts: [{ at: 2, count: 2 }] },
        { id: 'b', target: 'q', bursts: [{ at: 1, count: 1 }, { at: 3, count: 1 }] },
      ],
      brokers: [{ id: 'q', kind: 'queue' }],
    });
    const published = traceOf(scenario)
      .filter((r) => r.kind === 'published')
      .map((r) => [r.message, r.producer, r.time]);
    expect(published).toEqual([
      [1, 'b', 1],
      [2, 'a', 2],
      [3, 'a', 2],
      [4, 'b', 3],
    ]);
  });
});
