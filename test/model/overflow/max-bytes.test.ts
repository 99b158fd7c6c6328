import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/runtime';
import { traceOf, tuples, type TraceTuple } from '../../helpers/trace';
import { oneQueue } from './fixtures';

// One consumer taking 10 s per message; a burst of five 100-byte messages at t = 1 into a queue that
// holds at most 250 bytes of ready messages (two messages).
const burstOfFive = [{ at: 1, count: 5 }];

describe('maxBytes bounds the payload bytes of ready messages', () => {
  it('with drop-head, drops the oldest ready messages until the newcomer fits', () => {
    const expected: TraceTuple[] = [
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ['published', 1, 2, ''],
      ['enqueued', 1, 2, ''],
      ['published', 1, 3, ''],
      ['enqueued', 1, 3, ''],
      // 200 bytes ready; a third message would make 300 > 250, so the oldest ready one goes.
      ['published', 1, 4, ''],
      ['dropped', 1, 2, 'maxlen'],
      ['enqueued', 1, 4, ''],
      ['published', 1, 5, ''],
      ['dropped', 1, 3, 'maxlen'],
      ['enqueued', 1, 5, ''],
      ['acked', 11, 1, 'w#1'],
      ['delivered', 11, 4, 'w#1'],
      ['acked', 21, 4, 'w#1'],
      ['delivered', 21, 5, 'w#1'],
      ['acked', 31, 5, 'w#1'],
    ];
    expect(tuples(traceOf(oneQueue({ queue: { maxBytes: 250 }, bursts: burstOfFive })))).toEqual(expected);
  });

  it('with reject-publish, refuses the publishes that would not fit, for "maxlen"', () => {
    const expected: TraceTuple[] = [
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ['published', 1, 2, ''],
      ['enqueued', 1, 2, ''],
      ['published', 1, 3, ''],
      ['enqueued', 1, 3, ''],
      ['rejected', 1, 4, 'maxlen'],
      ['rejected', 1, 5, 'maxlen'],
      ['acked', 11, 1, 'w#1'],
      ['delivered', 11, 2, 'w#1'],
      ['acked', 21, 2, 'w#1'],
      ['delivered', 21, 3, 'w#1'],
      ['acked', 31, 3, 'w#1'],
    ];
    expect(tuples(traceOf(oneQueue({ queue: { maxBytes: 250, overflow: 'reject-publish' }, bursts: burstOfFive })))).toEqual(expected);
  });

  it('applies the overflow at whichever of maxLength and maxBytes a message would pass first', () => {
    // maxLength 1 is tighter than 250 bytes: only one message waits.
    const report = runScenario(oneQueue({ queue: { maxBytes: 250, maxLength: 1 }, bursts: burstOfFive }));
    expect(report.brokers.q!.droppedBy).toEqual({ maxlen: 3 });
    expect(report.brokers.q!.depth.max).toBe(1);
    // 250 bytes is tighter than maxLength 4 for 100-byte messages: two wait.
    const byBytes = runScenario(oneQueue({ queue: { maxBytes: 250, maxLength: 4 }, bursts: burstOfFive }));
    expect(byBytes.brokers.q!.droppedBy).toEqual({ maxlen: 2 });
    expect(byBytes.brokers.q!.depth.max).toBe(2);
  });

  it('with drop-head, drops a message larger than maxBytes itself, since no room made for it would do', () => {
    const expected: TraceTuple[] = [
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ['published', 1, 2, ''],
      ['enqueued', 1, 2, ''],
      ['dropped', 1, 2, 'maxlen'],
      ['acked', 11, 1, 'w#1'],
    ];
    expect(tuples(traceOf(oneQueue({ queue: { maxBytes: 99 }, bursts: [{ at: 1, count: 2 }] })))).toEqual(expected);
  });

  it('reports the bytes held, ready and unacked, as a time-weighted memory level', () => {
    // t 1–11: one in flight and two ready (300 bytes); 11–21: 200; 21–31: 100; then nothing, to t = 60.
    const report = runScenario(oneQueue({ queue: { maxBytes: 250, overflow: 'reject-publish' }, bursts: burstOfFive }));
    expect(report.brokers.q!.memory).toEqual({ mean: (300 * 10 + 200 * 10 + 100 * 10) / 60, max: 300, final: 0 });
  });
});
