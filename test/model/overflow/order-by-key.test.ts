import { describe, expect, it } from 'vitest';
import { traceOf, tuples, type TraceTuple } from '../../helpers/trace';
import { oneQueue } from './fixtures';

const unkeyed = (at: number, count: number) => ({ id: 'u', target: 'q', keys: 0, payloadBytes: { type: 'constant', value: 100 }, bursts: [{ at, count }] });

describe('orderByKey delivers one message per key at a time (FIFO message groups)', () => {
  it('holds back the next message of a key while one is in flight, even from an idle consumer, and lets other messages past', () => {
    const expected: TraceTuple[] = [
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      // Same key as 1, which is in flight: it waits although w#2 is idle.
      ['published', 1, 2, ''],
      ['enqueued', 1, 2, ''],
      ['published', 1, 3, ''],
      ['enqueued', 1, 3, ''],
      // No key: it goes past them to the idle consumer.
      ['published', 2, 4, ''],
      ['enqueued', 2, 4, ''],
      ['delivered', 2, 4, 'w#2'],
      // 1 is acked: the key's next message, 2, goes at once (w#1's credit is free again first).
      ['acked', 11, 1, 'w#1'],
      ['delivered', 11, 2, 'w#1'],
      ['acked', 12, 4, 'w#2'],
      // 2 is acked: 3 goes to w#2, whose credit has been waiting longest.
      ['acked', 21, 2, 'w#1'],
      ['delivered', 21, 3, 'w#2'],
      ['acked', 31, 3, 'w#2'],
    ];
    expect(
      tuples(traceOf(oneQueue({ queue: { orderByKey: true }, keys: 1, bursts: [{ at: 1, count: 3 }], others: [unkeyed(2, 1)], instances: 2 }))),
    ).toEqual(expected);
  });

  it('keeps the turn of a key with a message whose lease expired, so it is redelivered before the next one of its key', () => {
    // A 10 s handler against a 4 s lease, two deliveries at most. w#2 is idle from 1 to 5, yet message 2
    // waits: message 1 keeps the key's turn through its requeue. Dropped at 9, it passes the turn to 2,
    // which goes to the first consumer free after that (w#1, at 11).
    const records = traceOf(
      oneQueue({ queue: { orderByKey: true, ackTimeout: 4, maxDeliveries: 2, onMaxDeliveries: 'drop' }, keys: 1, bursts: [{ at: 1, count: 2 }], instances: 2 }),
    );
    expect(tuples(records.filter((r) => r.kind === 'delivered' || r.kind === 'dropped' || r.kind === 'requeued'))).toEqual([
      ['delivered', 1, 1, 'w#1'],
      ['requeued', 5, 1, 'w#1'],
      ['delivered', 5, 1, 'w#2'],
      ['dropped', 9, 1, 'w#2'],
      ['delivered', 11, 2, 'w#1'],
      ['requeued', 15, 2, 'w#1'],
      ['delivered', 15, 2, 'w#2'],
      ['dropped', 19, 2, 'w#2'],
    ]);
  });
});
