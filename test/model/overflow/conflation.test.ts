import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/runtime';
import { traceOf, tuples, type TraceTuple } from '../../helpers/trace';
import { oneQueue } from './fixtures';

// Producer "p" has one key, so all its messages share it; producer "u" sends messages without a key.
const unkeyed = (at: number, count: number) => ({ id: 'u', target: 'q', keys: 0, payloadBytes: { type: 'constant', value: 100 }, bursts: [{ at, count }] });

describe('conflation keeps only the latest ready message per key', () => {
  it('drops the older ready message of a key for "conflated" when a newer one arrives', () => {
    const expected: TraceTuple[] = [
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ['published', 1, 2, ''],
      ['enqueued', 1, 2, ''],
      // Message 1 is in flight, so it is not conflated; 2 is ready and gives way to 3, then 3 to 4.
      ['published', 1, 3, ''],
      ['dropped', 1, 2, 'conflated'],
      ['enqueued', 1, 3, ''],
      ['published', 1, 4, ''],
      ['dropped', 1, 3, 'conflated'],
      ['enqueued', 1, 4, ''],
      ['acked', 11, 1, 'w#1'],
      ['delivered', 11, 4, 'w#1'],
      ['acked', 21, 4, 'w#1'],
    ];
    expect(tuples(traceOf(oneQueue({ queue: { conflate: true }, keys: 1, bursts: [{ at: 1, count: 4 }] })))).toEqual(expected);
  });

  it('puts the newer message in the older one\'s place in line, ahead of messages that came after the older one', () => {
    const records = traceOf(
      oneQueue({ queue: { conflate: true }, keys: 1, bursts: [{ at: 1, count: 2 }, { at: 3, count: 1 }], others: [unkeyed(2, 1)] }),
    );
    // 1 in flight; 2 (keyed) ready, then 3 (unkeyed) behind it; 4 replaces 2 and is delivered before 3.
    expect(tuples(records.filter((r) => r.kind === 'delivered' || r.kind === 'dropped'))).toEqual([
      ['delivered', 1, 1, 'w#1'],
      ['dropped', 3, 2, 'conflated'],
      ['delivered', 11, 4, 'w#1'],
      ['delivered', 21, 3, 'w#1'],
    ]);
  });

  it('never conflates messages without a key', () => {
    const report = runScenario(oneQueue({ queue: { conflate: true }, keys: 1, bursts: [{ at: 1, count: 1 }], others: [unkeyed(2, 5)], seconds: 1 }));
    expect(report.brokers.q!.dropped).toBe(0);
    expect(report.groups.w!.acked).toBe(6);
  });

  it('applies maxBytes after a heavier message took a lighter one\'s place', () => {
    const heavy = { id: 'h', target: 'q', keys: 1, payloadBytes: { type: 'constant', value: 300 }, bursts: [{ at: 3, count: 1 }] };
    const report = runScenario(oneQueue({ queue: { conflate: true, maxBytes: 350 }, keys: 1, bursts: [{ at: 1, count: 2 }], others: [unkeyed(2, 1), heavy] }));
    // At t = 3: message 2 (100 bytes, key-0) and 3 (100, unkeyed) are ready; 4 (300, key-0) replaces 2: 400 > 350, so the head (4 itself, in 2's place) goes.
    expect(report.brokers.q!.droppedBy).toEqual({ conflated: 1, maxlen: 1 });
    expect(report.invariants.ok).toBe(true);
  });
});
