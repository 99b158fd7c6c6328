import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/runtime';
import { scenarioFrom } from '../../helpers/scenarios';
import { traceOf, tuples, type TraceTuple } from '../../helpers/trace';

/** A burst of `count` at t = 1 into a queue that holds one ready message, read by one consumer taking 10 s each. */
function burstIntoFullQueue(producer: Record<string, unknown>, count = 3, queue: Record<string, unknown> = {}) {
  return scenarioFrom({
    version: 1,
    name: 'blocking',
    duration: 60,
    producers: [{ id: 'p', target: 'q', bursts: [{ at: 1, count }], ...producer }],
    brokers: [{ id: 'q', kind: 'queue', maxLength: 1, overflow: 'reject-publish', ...queue }],
    consumers: [{ id: 'w', reads: 'q', processing: { type: 'constant', value: 10 } }],
  });
}

describe('a blocking publish (whenFull "block")', () => {
  it('keeps a message the full queue refuses in the producer’s backlog and publishes it when the consumer takes the head', () => {
    const expected: TraceTuple[] = [
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ['published', 1, 2, ''],
      ['enqueued', 1, 2, ''],
      ['throttled', 1, 3, 'blocked'],
      ['acked', 11, 1, 'w#1'],
      ['delivered', 11, 2, 'w#1'],
      ['published', 11, 3, ''],
      ['enqueued', 11, 3, ''],
      ['acked', 21, 2, 'w#1'],
      ['delivered', 21, 3, 'w#1'],
      ['acked', 31, 3, 'w#1'],
    ];
    expect(tuples(traceOf(burstIntoFullQueue({ whenFull: 'block' })))).toEqual(expected);
  });

  it('publishes a message that waited with the time it really went out, so latencies start at the publish', () => {
    const published = traceOf(burstIntoFullQueue({ whenFull: 'block' })).filter((r) => r.kind === 'published');
    expect(published.map((r) => [r.message, r.time, r.publishedAt])).toEqual([
      [1, 1, 1],
      [2, 1, 1],
      [3, 11, 11],
    ]);
  });

  it('with the default whenFull "fail", rejects the same message instead', () => {
    const rows = tuples(traceOf(burstIntoFullQueue({}))).filter(([kind]) => kind === 'rejected' || kind === 'throttled');
    expect(rows).toEqual([['rejected', 1, 3, 'maxlen']]);
  });

  it('reports the wait: blockedSeconds is the sum of the waits and the backlog level follows it', () => {
    // Messages 3, 4, 5 wait from 1 s until 11, 21 and 31 s.
    const report = runScenario(burstIntoFullQueue({ whenFull: 'block' }, 5));
    expect(report.producers.p).toMatchObject({
      attempted: 5,
      published: 5,
      rejected: 0,
      throttled: 3,
      blockedSeconds: 10 + 20 + 30,
      backlog: { max: 3, final: 0, mean: 60 / 60 },
      duplicatesPublished: 0,
      duplicatesPrevented: 0,
    });
    expect(report.invariants.ok).toBe(true);
  });

  it('drops what would wait beyond maxBacklog at the producer, with reason producer-backlog', () => {
    const rows = tuples(traceOf(burstIntoFullQueue({ whenFull: 'block', maxBacklog: 1 }, 4))).filter(([kind]) => kind === 'rejected' || kind === 'throttled');
    expect(rows).toEqual([
      ['throttled', 1, 3, 'blocked'],
      ['rejected', 1, 4, 'producer-backlog'],
    ]);
    const report = runScenario(burstIntoFullQueue({ whenFull: 'block', maxBacklog: 1 }, 4));
    expect(report.producers.p).toMatchObject({ attempted: 4, published: 3, rejected: 1, rejectedBy: { 'producer-backlog': 1 } });
  });

  it('never retries an oversize publish: it is rejected even when the producer blocks', () => {
    const scenario = burstIntoFullQueue({ whenFull: 'block', payloadBytes: { type: 'constant', value: 2000 } }, 1, { maxMessageBytes: 1000 });
    expect(tuples(traceOf(scenario))).toEqual([['rejected', 1, 1, 'oversize']]);
  });

  it('wakes when the TTL empties the full queue, with no consumer to free room', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'ttl frees room',
      duration: 20,
      producers: [{ id: 'p', target: 'q', bursts: [{ at: 1, count: 2 }], whenFull: 'block' }],
      brokers: [{ id: 'q', kind: 'queue', maxLength: 1, overflow: 'reject-publish', messageTtl: 5 }],
    });
    expect(tuples(traceOf(scenario))).toEqual([
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['throttled', 1, 2, 'blocked'],
      ['expired', 6, 1, ''],
      ['published', 6, 2, ''],
      ['enqueued', 6, 2, ''],
      ['expired', 11, 2, ''],
    ]);
  });
});
