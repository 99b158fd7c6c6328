import { describe, expect, it } from 'vitest';
import { RandomSource, type RandomStream } from '../../../src/engine';
import { createBackoff, type Backoff, type BackoffSpec } from '../../../src/model';

const DRAWS = 2000;

function spec(overrides: Partial<BackoffSpec>): BackoffSpec {
  return { kind: 'exponential', base: 1, multiplier: 2, max: 10, jitter: 'none', ...overrides };
}

function stream(name = 'test:backoff'): RandomStream {
  return new RandomSource(7).stream(name);
}

/** `DRAWS` waits for retry `retry`, each after the previous wait `previous`. */
function draws(backoff: Backoff, retry: number, previous: number, rng = stream()): number[] {
  return Array.from({ length: DRAWS }, () => backoff.delay(retry, previous, rng));
}

describe('immediate and fixed backoff', () => {
  it('immediate backoff waits 0 seconds before every retry', () => {
    const backoff = createBackoff(spec({ kind: 'immediate', base: 5 }));
    const rng = stream();
    expect([1, 2, 3, 10].map((n) => backoff.delay(n, 7, rng))).toEqual([0, 0, 0, 0]);
  });

  it('fixed backoff waits the base delay before every retry, whatever the retry number or the previous wait', () => {
    const backoff = createBackoff(spec({ kind: 'fixed', base: 2.5, max: 60, jitter: 'full' }));
    const rng = stream();
    expect([1, 2, 3, 50].map((n) => backoff.delay(n, n * 9, rng))).toEqual([2.5, 2.5, 2.5, 2.5]);
  });
});

describe('exponential backoff', () => {
  it('without jitter doubles from the base and stays at the cap: 1, 2, 4, 8, 10, 10', () => {
    const backoff = createBackoff(spec({ jitter: 'none' }));
    const rng = stream();
    expect([1, 2, 3, 4, 5, 6].map((n) => backoff.delay(n, 0, rng))).toEqual([1, 2, 4, 8, 10, 10]);
  });

  it('without jitter grows by the multiplier (base 0.5, ×3, cap 20: 0.5, 1.5, 4.5, 13.5, 20)', () => {
    const backoff = createBackoff(spec({ base: 0.5, multiplier: 3, max: 20 }));
    expect([1, 2, 3, 4, 5].map((n) => backoff.delay(n, 0, stream()))).toEqual([0.5, 1.5, 4.5, 13.5, 20]);
  });

  it('without jitter reaches the cap for a huge retry number without overflowing', () => {
    const backoff = createBackoff(spec({ base: 1, multiplier: 10, max: 300 }));
    expect(backoff.delay(100_000, 0, stream())).toBe(300);
  });

  it('with a multiplier of 1 every wait is the base', () => {
    const backoff = createBackoff(spec({ base: 3, multiplier: 1, max: 30 }));
    expect([1, 2, 9].map((n) => backoff.delay(n, 0, stream()))).toEqual([3, 3, 3]);
  });

  it('with full jitter draws uniformly in [0, ceiling): every draw inside, spread over the whole range', () => {
    const backoff = createBackoff(spec({ jitter: 'full' }));
    // Retry 3: ceiling 4. Retry 6: ceiling capped at 10.
    for (const [retry, ceiling] of [
      [3, 4],
      [6, 10],
    ] as const) {
      const waits = draws(backoff, retry, 0);
      expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...waits)).toBeLessThan(ceiling);
      // Spread: both ends of the range are reached, and the mean is near the middle.
      expect(Math.min(...waits)).toBeLessThan(ceiling * 0.01);
      expect(Math.max(...waits)).toBeGreaterThan(ceiling * 0.99);
      const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
      expect(mean).toBeGreaterThan(ceiling * 0.45);
      expect(mean).toBeLessThan(ceiling * 0.55);
    }
  });

  it('with equal jitter draws in [ceiling / 2, ceiling): never less than half, spread over the upper half', () => {
    const backoff = createBackoff(spec({ jitter: 'equal' }));
    const waits = draws(backoff, 4, 0); // ceiling 8
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...waits)).toBeLessThan(8);
    expect(Math.min(...waits)).toBeLessThan(4.05);
    expect(Math.max(...waits)).toBeGreaterThan(7.95);
    expect(new Set(waits).size).toBeGreaterThan(DRAWS * 0.99);
  });

  it('with decorrelated jitter draws the first wait in [base, 3 × base]', () => {
    const backoff = createBackoff(spec({ jitter: 'decorrelated', base: 2, max: 100 }));
    const waits = draws(backoff, 1, 0);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...waits)).toBeLessThanOrEqual(6);
    expect(Math.min(...waits)).toBeLessThan(2.05);
    expect(Math.max(...waits)).toBeGreaterThan(5.95);
  });

  it('with decorrelated jitter each wait lies in [base, min(max, 3 × previous)] along a chain of retries, and the chain spreads', () => {
    const base = 1;
    const max = 30;
    const backoff = createBackoff(spec({ jitter: 'decorrelated', base, max }));
    const rng = stream();
    const seen: number[] = [];
    for (let chain = 0; chain < 200; chain++) {
      let previous = 0;
      for (let retry = 1; retry <= 10; retry++) {
        const wait = backoff.delay(retry, previous, rng);
        const high = Math.min(max, 3 * (previous > 0 ? previous : base));
        expect(wait).toBeGreaterThanOrEqual(base);
        expect(wait).toBeLessThanOrEqual(high);
        seen.push(wait);
        previous = wait;
      }
    }
    // Chains climb to the cap and come back down: both ends are visited.
    expect(Math.max(...seen)).toBe(max);
    expect(Math.min(...seen)).toBeLessThan(base * 1.1);
  });

  it('with decorrelated jitter after a long previous wait is capped at max', () => {
    const backoff = createBackoff(spec({ jitter: 'decorrelated', base: 1, max: 10 }));
    const waits = draws(backoff, 5, 9);
    expect(Math.max(...waits)).toBe(10);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1);
    // Draws above the cap are clamped to it: a fair share (about (27 − 10) / 26 of them) sit exactly at max.
    const atCap = waits.filter((w) => w === 10).length / waits.length;
    expect(atCap).toBeGreaterThan(0.6);
    expect(atCap).toBeLessThan(0.71);
  });

  it('draws the same waits from the same seed and stream name', () => {
    const backoff = createBackoff(spec({ jitter: 'full' }));
    expect(draws(backoff, 5, 0, stream('a'))).toEqual(draws(backoff, 5, 0, stream('a')));
    expect(draws(backoff, 5, 0, stream('a'))).not.toEqual(draws(backoff, 5, 0, stream('b')));
  });
});

describe('createBackoff validation', () => {
  it('names the backoff field when the kind is unknown', () => {
    expect(() => createBackoff(spec({ kind: 'linear' as never }), 'consumers.w.retry')).toThrow(
      new RangeError('consumers.w.retry.backoff must be one of immediate, fixed, exponential, got "linear"'),
    );
  });

  it('names the jitter field when the jitter is unknown', () => {
    expect(() => createBackoff(spec({ jitter: 'some' as never }))).toThrow(new RangeError('retry.jitter must be one of none, full, equal, decorrelated, got "some"'));
  });

  it('names the delay field for a negative or infinite base', () => {
    expect(() => createBackoff(spec({ base: -1 }))).toThrow(new RangeError('retry.delay must be a finite number of seconds >= 0, got -1'));
    expect(() => createBackoff(spec({ base: Infinity, max: Infinity }))).toThrow(RangeError);
    expect(() => createBackoff(spec({ base: NaN }))).toThrow(/retry\.delay/);
  });

  it('names the multiplier field for a multiplier below 1', () => {
    expect(() => createBackoff(spec({ multiplier: 0.5 }))).toThrow(new RangeError('retry.multiplier must be a finite number >= 1, got 0.5'));
  });

  it('names the maxDelay field when the cap is below the base', () => {
    expect(() => createBackoff(spec({ base: 5, max: 4 }))).toThrow(new RangeError('retry.maxDelay must be a finite number of seconds >= delay (5), got 4'));
  });

  it('accepts a zero base with a zero cap (every wait is 0)', () => {
    const backoff = createBackoff(spec({ base: 0, max: 0, jitter: 'equal' }));
    expect([1, 2, 3].map((n) => backoff.delay(n, 0, stream()))).toEqual([0, 0, 0]);
  });
});
