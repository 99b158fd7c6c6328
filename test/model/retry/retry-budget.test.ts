import { describe, expect, it } from 'vitest';
import { RetryBudget } from '../../../src/model';

/** How many retries the budget grants at `now` before it refuses one. */
function drain(budget: RetryBudget, now: number, limit = 10_000): number {
  let granted = 0;
  while (granted < limit && budget.tryRetry(now)) granted++;
  return granted;
}

describe('RetryBudget', () => {
  it('with ratio 0.1 and no minimum allows exactly 10 retries for 100 first attempts in the window, then refuses', () => {
    const budget = new RetryBudget({ ratio: 0.1, minPerSecond: 0, windowSeconds: 10 });
    for (let i = 0; i < 100; i++) budget.recordAttempt(i * 0.05);
    const granted: boolean[] = [];
    for (let i = 0; i < 12; i++) granted.push(budget.tryRetry(5));
    expect(granted).toEqual([true, true, true, true, true, true, true, true, true, true, false, false]);
  });

  it('allows no retry at all without first attempts and without a minimum', () => {
    const budget = new RetryBudget({ ratio: 0.5, minPerSecond: 0, windowSeconds: 10 });
    expect(budget.tryRetry(0)).toBe(false);
  });

  it('refills as the window slides: spent retries leave the window and new attempts earn new ones', () => {
    const budget = new RetryBudget({ ratio: 0.1, minPerSecond: 0, windowSeconds: 10 });
    for (let i = 0; i < 100; i++) budget.recordAttempt(0);
    expect(drain(budget, 5)).toBe(10);
    // At t = 10 the attempts of t = 0 are out of the window, the retries of t = 5 are not.
    expect(budget.tryRetry(10)).toBe(false);
    for (let i = 0; i < 100; i++) budget.recordAttempt(12);
    // 10 retries (t = 5) against 10 allowed (100 attempts at t = 12): still spent.
    expect(budget.tryRetry(14.9)).toBe(false);
    // At t = 15 the retries of t = 5 have left; the attempts of t = 12 allow 10 again.
    expect(drain(budget, 15)).toBe(10);
  });

  it('with minPerSecond alone allows minPerSecond × window retries', () => {
    const budget = new RetryBudget({ ratio: 0, minPerSecond: 2, windowSeconds: 10 });
    for (let i = 0; i < 1000; i++) budget.recordAttempt(1);
    expect(drain(budget, 1)).toBe(20);
    // Another 20 once those have slid out (bucket [1, 2) leaves at 11).
    expect(budget.tryRetry(10.9)).toBe(false);
    expect(drain(budget, 11)).toBe(20);
  });

  it('adds the minimum and the ratio: 3/s over 5 s plus 0.5 × 40 attempts = 35 retries', () => {
    const budget = new RetryBudget({ ratio: 0.5, minPerSecond: 3, windowSeconds: 5 });
    for (let i = 0; i < 40; i++) budget.recordAttempt(0);
    expect(drain(budget, 0)).toBe(35);
  });

  it('refuses options out of range, naming the field', () => {
    expect(() => new RetryBudget({ ratio: -0.1, minPerSecond: 0, windowSeconds: 10 })).toThrow(new RangeError('retry.budget.ratio must be a finite number >= 0, got -0.1'));
    expect(() => new RetryBudget({ ratio: 0.1, minPerSecond: NaN, windowSeconds: 10 })).toThrow(new RangeError('retry.budget.minPerSecond must be a finite number >= 0, got NaN'));
    expect(() => new RetryBudget({ ratio: 0.1, minPerSecond: 0, windowSeconds: 0 })).toThrow(new RangeError('retry.budget.windowSeconds must be a number of seconds in (0, 3600], got 0'));
    expect(() => new RetryBudget({ ratio: 0.1, minPerSecond: 0, windowSeconds: 3601 })).toThrow(/windowSeconds/);
  });
});
