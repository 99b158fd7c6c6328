import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/runtime';
import { traceOf, tuples } from '../../helpers/trace';
import { countWhere, switchScenario } from './fixtures';

/** Queue "q" holds one ready message and refuses the next publish: the blocking tests' queue. */
const fullQueue = { maxLength: 1, overflow: 'reject-publish' };

describe('set-producer-flow', () => {
  it('turning blocking on for a producer built without flow control gives exactly the trace of one that blocked from the start', () => {
    const later = tuples(
      traceOf(
        switchScenario({
          producer: { bursts: [{ at: 1, count: 3 }] },
          queue: fullQueue,
          timeline: [{ at: 0.5, action: 'set-producer-flow', producer: 'p', whenFull: 'block' }],
        }),
      ),
    );
    const fromTheStart = tuples(traceOf(switchScenario({ producer: { bursts: [{ at: 1, count: 3 }], whenFull: 'block' }, queue: fullQueue })));
    expect(later).toEqual([['policy', 0.5, 0, 'set-producer-flow'], ...fromTheStart]);
    expect(fromTheStart).toContainEqual(['throttled', 1, 3, 'blocked']);
  });

  it('turning blocking off tries what waits for room now, and rejects what the full queue still refuses', () => {
    const trace = traceOf(
      switchScenario({
        producer: { bursts: [{ at: 1, count: 5 }], whenFull: 'block' },
        queue: fullQueue,
        timeline: [{ at: 5, action: 'set-producer-flow', producer: 'p', whenFull: 'fail' }],
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
      ['throttled', 1, 5, 'blocked'],
      ['policy', 5, 0, 'set-producer-flow'],
      ['rejected', 5, 3, 'maxlen'],
      ['rejected', 5, 4, 'maxlen'],
      ['rejected', 5, 5, 'maxlen'],
      ['acked', 11, 1, 'w#1'],
      ['delivered', 11, 2, 'w#1'],
      ['acked', 21, 2, 'w#1'],
    ]);
    expect(trace.find((r) => r.kind === 'policy')).toMatchObject({ producer: 'p', broker: 'q', group: '' });
  });

  it('a rate limit switched on holds messages until their tokens, and switched off releases them at once', () => {
    const trace = traceOf(
      switchScenario({
        producer: { bursts: [{ at: 1, count: 4 }] },
        group: { processing: { type: 'constant', value: 0 } },
        timeline: [
          { at: 0.5, action: 'set-producer-flow', producer: 'p', rateLimit: { perSecond: 1 } },
          { at: 2.5, action: 'set-producer-flow', producer: 'p', rateLimit: null },
        ],
      }),
    );
    expect(tuples(trace).filter(([kind]) => kind === 'published' || kind === 'throttled' || kind === 'policy')).toEqual([
      ['policy', 0.5, 0, 'set-producer-flow'],
      ['published', 1, 1, ''],
      ['throttled', 1, 2, 'rate-limit'],
      ['throttled', 1, 3, 'rate-limit'],
      ['throttled', 1, 4, 'rate-limit'],
      ['published', 2, 2, ''],
      ['policy', 2.5, 0, 'set-producer-flow'],
      ['published', 2.5, 3, ''],
      ['published', 2.5, 4, ''],
    ]);
  });

  it('a lowered maxBacklog keeps what already waits and refuses newcomers while the backlog is at the bound', () => {
    const trace = traceOf(
      switchScenario({
        producer: { bursts: [{ at: 1, count: 4 }, { at: 3, count: 1 }], rateLimit: { perSecond: 0.1 } },
        group: { processing: { type: 'constant', value: 0 } },
        duration: 40,
        timeline: [{ at: 2, action: 'set-producer-flow', producer: 'p', maxBacklog: 1 }],
      }),
    );
    expect(tuples(trace).filter(([kind]) => kind === 'published' || kind === 'rejected' || kind === 'policy')).toEqual([
      ['published', 1, 1, ''],
      ['policy', 2, 0, 'set-producer-flow'],
      // Three wait, above the new bound of 1: they stay; the newcomer is refused.
      ['rejected', 3, 5, 'producer-backlog'],
      ['published', 11, 2, ''],
      ['published', 21, 3, ''],
      ['published', 31, 4, ''],
    ]);
  });

  it('turning blocking on mid-run stops the rejections and moves the wait upstream into blockedSeconds', () => {
    const switchAt = 100;
    const scenario = (timeline: Record<string, unknown>[]) =>
      switchScenario({
        producer: { rate: { process: 'poisson', perSecond: 2 } },
        queue: { maxLength: 3, overflow: 'reject-publish' },
        group: { processing: { type: 'exponential', mean: 1 } },
        duration: 200,
        timeline,
      });
    const switched = scenario([{ at: switchAt, action: 'set-producer-flow', producer: 'p', whenFull: 'block' }]);
    const trace = traceOf(switched);
    const rejected = (from: number, to: number) => countWhere(trace, (r) => r.kind === 'rejected' && r.time >= from && r.time < to);
    expect(rejected(0, switchAt)).toBeGreaterThan(50);
    expect(rejected(switchAt, Infinity)).toBe(0);
    expect(countWhere(trace, (r) => r.kind === 'throttled' && r.reason === 'blocked' && r.time < switchAt)).toBe(0);
    expect(countWhere(trace, (r) => r.kind === 'throttled' && r.reason === 'blocked' && r.time >= switchAt)).toBeGreaterThan(50);
    // The producer's wait is reported, and only the switched run has one.
    expect(runScenario(switched).producers.p!.blockedSeconds).toBeGreaterThan(10);
    expect(runScenario(scenario([])).producers.p!.blockedSeconds).toBe(0);
  });
});
