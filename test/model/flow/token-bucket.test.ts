import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../src/model';
import { scenarioFrom } from '../../helpers/scenarios';
import { traceOf } from '../../helpers/trace';

describe('TokenBucket', () => {
  it('starts full, so a burst of `burst` publishes goes out at once', () => {
    const bucket = new TokenBucket({ perSecond: 2, burst: 3 });
    for (let i = 0; i < 3; i++) {
      expect(bucket.admits(0)).toBe(true);
      bucket.take(0);
    }
    expect(bucket.admits(0)).toBe(false);
  });

  it('says the exact time the next token appears', () => {
    const bucket = new TokenBucket({ perSecond: 4, burst: 1 });
    bucket.take(10);
    expect(bucket.opensAt(10)).toBe(10.25);
    expect(bucket.opensAt(10.125)).toBe(10.25);
    expect(bucket.admits(10.25)).toBe(true);
  });

  it('never holds more than `burst` tokens, however long it was idle', () => {
    const bucket = new TokenBucket({ perSecond: 100, burst: 2 });
    expect(bucket.level(1000)).toBe(2);
  });

  it('counts a token refilled in thirds of a second as there, despite rounding', () => {
    const bucket = new TokenBucket({ perSecond: 3, burst: 1 });
    let now = 0;
    for (let i = 0; i < 30; i++) {
      expect(bucket.admits(now)).toBe(true);
      bucket.take(now);
      const next = bucket.opensAt(now);
      expect(next).toBeGreaterThan(now);
      now = next;
    }
    expect(now).toBeCloseTo(10, 9);
  });

  it('refuses a rate or burst that makes no sense, naming the option', () => {
    expect(() => new TokenBucket({ perSecond: 0, burst: 1 })).toThrow(/rateLimit.perSecond/);
    expect(() => new TokenBucket({ perSecond: 1, burst: 0.5 })).toThrow(/rateLimit.burst/);
  });
});

describe('a rate-limited producer', () => {
  it('publishes a burst at the exact times the bucket yields tokens, each held-back message throttled first', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'rate limit',
      duration: 10,
      producers: [{ id: 'p', target: 'q', bursts: [{ at: 1, count: 5 }], rateLimit: { perSecond: 2, burst: 2 } }],
      brokers: [{ id: 'q', kind: 'queue' }],
    });
    const rows = traceOf(scenario)
      .filter((r) => r.kind === 'published' || r.kind === 'throttled')
      .map((r) => [r.kind, r.time, r.message, r.reason]);
    expect(rows).toEqual([
      ['published', 1, 1, ''],
      ['published', 1, 2, ''],
      ['throttled', 1, 3, 'rate-limit'],
      ['throttled', 1, 4, 'rate-limit'],
      ['throttled', 1, 5, 'rate-limit'],
      ['published', 1.5, 3, ''],
      ['published', 2, 4, ''],
      ['published', 2.5, 5, ''],
    ]);
  });

  it('keeps a steady stream above the limit to the limit, and the backlog grows by the difference', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'rate limit steady',
      duration: 10,
      producers: [{ id: 'p', target: 'q', rate: { process: 'constant', perSecond: 4 }, rateLimit: { perSecond: 2 } }],
      brokers: [{ id: 'q', kind: 'queue' }],
    });
    const published = traceOf(scenario).filter((r) => r.kind === 'published');
    const gaps = published.slice(1).map((r, i) => r.time - published[i]!.time);
    expect(gaps.every((gap) => Math.abs(gap - 0.5) < 1e-9)).toBe(true);
    // 40 made in 10 s at 4/s, 20 out at 2/s (the first at 0.25 s).
    expect(published.length).toBe(20);
  });
});
