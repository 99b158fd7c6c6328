import { describe, expect, it } from 'vitest';
import { traceOf, tuples, type TraceTuple } from '../../helpers/trace';
import { countWhere, switchScenario } from './fixtures';

/** A burst of 5 at t = 1 into unbounded queue "q", read by one consumer taking 10 s per message. */
const burstOfFive = { bursts: [{ at: 1, count: 5 }] };

const burstOfFiveArrives: TraceTuple[] = [
  ['published', 1, 1, ''],
  ['enqueued', 1, 1, ''],
  ['delivered', 1, 1, 'w#1'],
  ['published', 1, 2, ''],
  ['enqueued', 1, 2, ''],
  ['published', 1, 3, ''],
  ['enqueued', 1, 3, ''],
  ['published', 1, 4, ''],
  ['enqueued', 1, 4, ''],
  ['published', 1, 5, ''],
  ['enqueued', 1, 5, ''],
];

describe('set-queue-limits', () => {
  it('lowering maxLength under drop-head drops the oldest ready messages at once, right after its policy record', () => {
    const trace = traceOf(switchScenario({ producer: burstOfFive, timeline: [{ at: 2, action: 'set-queue-limits', queue: 'q', maxLength: 2 }] }));
    expect(tuples(trace)).toEqual([
      ...burstOfFiveArrives,
      ['policy', 2, 0, 'set-queue-limits'],
      // Four were ready; the two oldest go so that two are left.
      ['dropped', 2, 2, 'maxlen'],
      ['dropped', 2, 3, 'maxlen'],
      ['acked', 11, 1, 'w#1'],
      ['delivered', 11, 4, 'w#1'],
      ['acked', 21, 4, 'w#1'],
      ['delivered', 21, 5, 'w#1'],
      ['acked', 31, 5, 'w#1'],
    ]);
    expect(trace.find((r) => r.kind === 'policy')).toMatchObject({ broker: 'q', group: '', producer: '', consumer: '', message: 0 });
  });

  it('lowering maxLength under reject-publish keeps what waits and refuses publishes until the queue is back under the bound', () => {
    const trace = traceOf(
      switchScenario({
        producer: { bursts: [{ at: 1, count: 5 }, { at: 3, count: 1 }, { at: 35, count: 1 }] },
        duration: 80,
        timeline: [{ at: 2, action: 'set-queue-limits', queue: 'q', maxLength: 2, overflow: 'reject-publish' }],
      }),
    );
    expect(tuples(trace)).toEqual([
      ...burstOfFiveArrives,
      ['policy', 2, 0, 'set-queue-limits'],
      // Four ready, bound 2: refused.
      ['rejected', 3, 6, 'maxlen'],
      ['acked', 11, 1, 'w#1'],
      ['delivered', 11, 2, 'w#1'],
      ['acked', 21, 2, 'w#1'],
      ['delivered', 21, 3, 'w#1'],
      ['acked', 31, 3, 'w#1'],
      ['delivered', 31, 4, 'w#1'],
      // One ready now: room again.
      ['published', 35, 7, ''],
      ['enqueued', 35, 7, ''],
      ['acked', 41, 4, 'w#1'],
      ['delivered', 41, 5, 'w#1'],
      ['acked', 51, 5, 'w#1'],
      ['delivered', 51, 7, 'w#1'],
      ['acked', 61, 7, 'w#1'],
    ]);
  });

  it('removing the bound wakes a producer blocked on the queue, which publishes its backlog at once', () => {
    const trace = traceOf(
      switchScenario({
        producer: { bursts: [{ at: 1, count: 4 }], whenFull: 'block' },
        queue: { maxLength: 1, overflow: 'reject-publish' },
        timeline: [{ at: 5, action: 'set-queue-limits', queue: 'q', maxLength: null }],
      }),
    );
    expect(tuples(trace)).toEqual([
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ['published', 1, 2, ''],
      ['enqueued', 1, 2, ''],
      ['throttled', 1, 3, 'blocked'],
      ['throttled', 1, 4, 'blocked'],
      ['policy', 5, 0, 'set-queue-limits'],
      ['published', 5, 3, ''],
      ['enqueued', 5, 3, ''],
      ['published', 5, 4, ''],
      ['enqueued', 5, 4, ''],
      ['acked', 11, 1, 'w#1'],
      ['delivered', 11, 2, 'w#1'],
      ['acked', 21, 2, 'w#1'],
      ['delivered', 21, 3, 'w#1'],
      ['acked', 31, 3, 'w#1'],
      ['delivered', 31, 4, 'w#1'],
      ['acked', 41, 4, 'w#1'],
    ]);
  });

  it('a new keepOneIn counts afresh: the next accepted message is kept, then one in every N', () => {
    const trace = traceOf(
      switchScenario({
        producer: { bursts: [{ at: 1, count: 4 }, { at: 2, count: 4 }] },
        queue: { keepOneIn: 2 },
        group: { processing: { type: 'constant', value: 0 } },
        timeline: [{ at: 1.5, action: 'set-queue-limits', queue: 'q', keepOneIn: 3 }],
      }),
    );
    const kept = trace.filter((r) => r.kind === 'enqueued').map((r) => r.message);
    const sampled = trace.filter((r) => r.kind === 'dropped' && r.reason === 'sampled').map((r) => r.message);
    expect({ kept, sampled }).toEqual({ kept: [1, 3, 5, 8], sampled: [2, 4, 6, 7] });
  });

  it('conflation switched on replaces only messages that became ready since the switch', () => {
    const trace = traceOf(
      switchScenario({
        producer: { bursts: [{ at: 1, count: 3 }, { at: 3, count: 3 }], keys: 1 },
        timeline: [{ at: 2, action: 'set-queue-limits', queue: 'q', conflate: true }],
      }),
    );
    expect(tuples(trace).filter(([, time]) => time >= 2 && time <= 3)).toEqual([
      ['policy', 2, 0, 'set-queue-limits'],
      // 2 and 3 waited from before: 4 joins behind them, then 5 and 6 each take the place of the one before.
      ['published', 3, 4, ''],
      ['enqueued', 3, 4, ''],
      ['published', 3, 5, ''],
      ['dropped', 3, 4, 'conflated'],
      ['enqueued', 3, 5, ''],
      ['published', 3, 6, ''],
      ['dropped', 3, 5, 'conflated'],
      ['enqueued', 3, 6, ''],
    ]);
    expect(trace.filter((r) => r.kind === 'delivered').map((r) => r.message)).toEqual([1, 2, 3, 6]);
  });

  it('switching drop-head to reject-publish mid-run turns maxlen drops into maxlen rejections from that time on', () => {
    const switchAt = 100;
    const trace = traceOf(
      switchScenario({
        // Twice what the consumer takes: the bound is hit all the time.
        producer: { rate: { process: 'poisson', perSecond: 2 } },
        queue: { maxLength: 3 },
        group: { processing: { type: 'exponential', mean: 1 } },
        duration: 200,
        timeline: [{ at: switchAt, action: 'set-queue-limits', queue: 'q', overflow: 'reject-publish' }],
      }),
    );
    const dropped = (from: number, to: number) => countWhere(trace, (r) => r.kind === 'dropped' && r.reason === 'maxlen' && r.time >= from && r.time < to);
    const rejected = (from: number, to: number) => countWhere(trace, (r) => r.kind === 'rejected' && r.reason === 'maxlen' && r.time >= from && r.time < to);
    expect(dropped(0, switchAt)).toBeGreaterThan(50);
    expect(rejected(0, switchAt)).toBe(0);
    expect(dropped(switchAt, Infinity)).toBe(0);
    expect(rejected(switchAt, Infinity)).toBeGreaterThan(50);
  });
});
