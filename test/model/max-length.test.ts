import { describe, expect, it } from 'vitest';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf, tuples, type TraceTuple } from '../helpers/trace';

type Overflow = 'drop-head' | 'reject-publish';

/** A burst of `count` at t = 1 into a bounded queue read by slow consumers (10 s per message). */
function burstIntoBoundedQueue(options: { maxLength: number; overflow: Overflow; count: number; instances: number; concurrency?: number }) {
  return scenarioFrom({
    version: 1,
    name: 'bounded',
    duration: 100,
    producers: [{ id: 'p', target: 'q', bursts: [{ at: 1, count: options.count }] }],
    brokers: [{ id: 'q', kind: 'queue', maxLength: options.maxLength, overflow: options.overflow }],
    consumers: [
      { id: 'w', reads: 'q', instances: options.instances, concurrency: options.concurrency ?? 1, processing: { type: 'constant', value: 10 } },
    ],
  });
}

describe('maxLength counts ready messages only', () => {
  it('with drop-head, makes room by dropping the oldest ready message for each newcomer', () => {
    const expected: TraceTuple[] = [
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ['published', 1, 2, ''],
      ['enqueued', 1, 2, ''],
      ['delivered', 1, 2, 'w#2'],
      ['published', 1, 3, ''],
      ['enqueued', 1, 3, ''],
      ['published', 1, 4, ''],
      ['enqueued', 1, 4, ''],
      // Two in flight + two ready = maxLength + consumers; the next ones push the oldest ready out.
      ['published', 1, 5, ''],
      ['dropped', 1, 3, 'maxlen'],
      ['enqueued', 1, 5, ''],
      ['published', 1, 6, ''],
      ['dropped', 1, 4, 'maxlen'],
      ['enqueued', 1, 6, ''],
      ['acked', 11, 1, 'w#1'],
      ['delivered', 11, 5, 'w#1'],
      ['acked', 11, 2, 'w#2'],
      ['delivered', 11, 6, 'w#2'],
      ['acked', 21, 5, 'w#1'],
      ['acked', 21, 6, 'w#2'],
    ];
    expect(tuples(traceOf(burstIntoBoundedQueue({ maxLength: 2, overflow: 'drop-head', count: 6, instances: 2 })))).toEqual(expected);
  });

  it('with reject-publish, refuses the newcomers and keeps the oldest', () => {
    const expected: TraceTuple[] = [
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ['published', 1, 2, ''],
      ['enqueued', 1, 2, ''],
      ['delivered', 1, 2, 'w#2'],
      ['published', 1, 3, ''],
      ['enqueued', 1, 3, ''],
      ['published', 1, 4, ''],
      ['enqueued', 1, 4, ''],
      ['rejected', 1, 5, 'maxlen'],
      ['rejected', 1, 6, 'maxlen'],
      ['acked', 11, 1, 'w#1'],
      ['delivered', 11, 3, 'w#1'],
      ['acked', 11, 2, 'w#2'],
      ['delivered', 11, 4, 'w#2'],
      ['acked', 21, 3, 'w#1'],
      ['acked', 21, 4, 'w#2'],
    ];
    const records = traceOf(burstIntoBoundedQueue({ maxLength: 2, overflow: 'reject-publish', count: 6, instances: 2 }));
    expect(tuples(records)).toEqual(expected);
    expect(records[10]).toMatchObject({ kind: 'rejected', producer: 'p', broker: 'q', reason: 'maxlen' });
  });

  it.each([
    [0, 1, 1],
    [1, 3, 1],
    [3, 2, 1],
    [2, 2, 3],
  ])('keeps exactly maxLength + slots of a burst (maxLength %i, %i instances × concurrency %i)', (maxLength, instances, concurrency) => {
    const slots = instances * concurrency;
    const count = 20;
    for (const overflow of ['drop-head', 'reject-publish'] as const) {
      const records = traceOf(burstIntoBoundedQueue({ maxLength, overflow, count, instances, concurrency }));
      const lost = records.filter((r) => r.kind === (overflow === 'drop-head' ? 'dropped' : 'rejected')).length;
      const acked = records.filter((r) => r.kind === 'acked').length;
      expect({ overflow, lost, acked }).toEqual({ overflow, lost: count - maxLength - slots, acked: maxLength + slots });
    }
  });
});

describe('maxLength 0', () => {
  it('with drop-head, drops every message that finds no idle consumer, the newcomer itself', () => {
    expect(tuples(traceOf(burstIntoBoundedQueue({ maxLength: 0, overflow: 'drop-head', count: 3, instances: 1 })))).toEqual([
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ['published', 1, 2, ''],
      ['enqueued', 1, 2, ''],
      ['dropped', 1, 2, 'maxlen'],
      ['published', 1, 3, ''],
      ['enqueued', 1, 3, ''],
      ['dropped', 1, 3, 'maxlen'],
      ['acked', 11, 1, 'w#1'],
    ]);
  });

  it('with reject-publish, refuses every message that finds no idle consumer', () => {
    expect(tuples(traceOf(burstIntoBoundedQueue({ maxLength: 0, overflow: 'reject-publish', count: 3, instances: 1 })))).toEqual([
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ['rejected', 1, 2, 'maxlen'],
      ['rejected', 1, 3, 'maxlen'],
      ['acked', 11, 1, 'w#1'],
    ]);
  });

  it('still hands messages straight to idle consumers', () => {
    for (const overflow of ['drop-head', 'reject-publish'] as const) {
      const kinds = traceOf(burstIntoBoundedQueue({ maxLength: 0, overflow, count: 2, instances: 2 })).map((r) => r.kind);
      expect(kinds).toEqual(['published', 'enqueued', 'delivered', 'published', 'enqueued', 'delivered', 'acked', 'acked']);
    }
  });
});
