import { describe, expect, it } from 'vitest';
import { batchMeansOf, intervalOf, TimeBatches } from '../helpers/batch-means';
import { mm1, mm1k, mmc } from '../helpers/oracles';
import { normalQuantile, studentTQuantile } from '../helpers/stats';

// The numbers printed in shared/reference/queueing-oracles.md, so a slip in a formula cannot hide.
describe('queueing oracles', () => {
  it('M/M/1 with λ = 8, μ = 10 gives L = 4, Lq = 3.2, W = 0.5, Wq = 0.4', () => {
    const o = mm1(8, 10);
    expect(o.l).toBeCloseTo(4, 12);
    expect(o.lq).toBeCloseTo(3.2, 12);
    expect(o.w).toBeCloseTo(0.5, 12);
    expect(o.wq).toBeCloseTo(0.4, 12);
  });

  it('M/M/10 with λ = 9, μ = 1 gives C = 0.668732, Wq = 0.668732, Lq = 6.018584, W = 1.668732', () => {
    const o = mmc(9, 1, 10);
    expect(o.pWait).toBeCloseTo(0.668732, 6);
    expect(o.wq).toBeCloseTo(0.668732, 6);
    expect(o.lq).toBeCloseTo(6.018584, 6);
    expect(o.w).toBeCloseTo(1.668732, 6);
    expect(o.l).toBeCloseTo(15.018584, 6);
  });

  it('M/M/2 with λ = 1.5, μ = 1 gives C = 0.642857, Wq = 1.285714, L = 3.428571', () => {
    const o = mmc(1.5, 1, 2);
    expect(o.pWait).toBeCloseTo(0.642857, 6);
    expect(o.wq).toBeCloseTo(1.285714, 6);
    expect(o.l).toBeCloseTo(3.428571, 6);
  });

  it('M/M/1/5 with λ = 8, μ = 10 gives P_block = 0.088819, X = 7.289444, L = 1.868332, W = 0.256307', () => {
    const o = mm1k(8, 10, 5);
    expect(o.pBlock).toBeCloseTo(0.088819, 6);
    expect(o.throughput).toBeCloseTo(7.289444, 6);
    expect(o.l).toBeCloseTo(1.868332, 6);
    expect(o.w).toBeCloseTo(0.256307, 6);
  });

  it('M/M/1/5 with λ = μ gives P_block = 1/6, L = 2.5, W = 0.3', () => {
    const o = mm1k(10, 10, 5);
    expect(o.pBlock).toBeCloseTo(1 / 6, 12);
    expect(o.l).toBeCloseTo(2.5, 12);
    expect(o.w).toBeCloseTo(0.3, 12);
  });
});

describe('batch-means toolkit', () => {
  it('matches tabulated normal and Student-t quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.0005)).toBeCloseTo(-3.290527, 5);
    expect(studentTQuantile(0.975, 19)).toBeCloseTo(2.093024, 4);
    expect(studentTQuantile(0.975, 24)).toBeCloseTo(2.063899, 4);
    expect(studentTQuantile(0.975, 29)).toBeCloseTo(2.04523, 4);
    expect(studentTQuantile(0.995, 39)).toBeCloseTo(2.707913, 4);
  });

  it('builds the t interval from batch means by hand', () => {
    const means = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1 : 3));
    const ci = intervalOf(means);
    // mean 2, sample sd = sqrt(20/19), t(0.975, 19) = 2.093024
    expect(ci.mean).toBe(2);
    expect(ci.halfWidth).toBeCloseTo((2.093024 * Math.sqrt(20 / 19)) / Math.sqrt(20), 4);
  });

  it('refuses fewer than 20 batches', () => {
    expect(() => intervalOf([1, 2, 3])).toThrow(/at least 20 batches/);
  });

  it('cuts per-customer output into equal contiguous batches, leaving the remainder off the end', () => {
    expect(batchMeansOf([1, 1, 2, 2, 3, 3, 99], 3)).toEqual([1, 2, 3]);
  });

  it('time-averages a step function over each batch of the window', () => {
    const batches = new TimeBatches(10, 30, 2);
    batches.change(0, 5); // before the window: only sets the level
    batches.change(15, -3); // level 5 on [10,15), 2 on [15,20)
    batches.change(25, 4); // level 2 on [20,25), 6 on [25,30)
    batches.change(40, -6); // after the window
    expect(batches.levelMeans()).toEqual([3.5, 4]);
    expect(batches.batchOf(9.99)).toBe(-1);
    expect(batches.batchOf(20)).toBe(1);
    expect(batches.batchOf(30)).toBe(-1);
  });
});
