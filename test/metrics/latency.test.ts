import { describe, expect, it } from 'vitest';
import { createDistribution, RandomSource, type DistributionSpec } from '../../src/engine';
import { LatencyHistogram } from '../../src/metrics';

/** The exact sample quantile with the histogram's rank convention: the value of rank floor(q·(n − 1)). */
function exactQuantile(sorted: Float64Array, q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

function samples(spec: DistributionSpec, n: number, seed = 3): Float64Array {
  const distribution = createDistribution(spec);
  const rng = new RandomSource(seed).stream('latency');
  return Float64Array.from({ length: n }, () => distribution.sample(rng));
}

describe('LatencyHistogram', () => {
  it.each<DistributionSpec>([
    { type: 'exponential', mean: 0.5 },
    { type: 'lognormal', mean: 2, p99: 12 },
    { type: 'uniform', min: 1e-6, max: 3e-6 },
    { type: 'uniform', min: 1000, max: 90000 },
    { type: 'choice', options: [{ value: 0, weight: 2 }, { value: 0.25, weight: 1 }, { value: 7, weight: 1 }] },
  ])('gives quantiles within 1% of the exact sample quantiles for %j', (spec) => {
    const values = samples(spec, 50_000);
    const histogram = new LatencyHistogram();
    for (const v of values) histogram.record(v);
    const sorted = values.slice().sort();
    for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
      const exact = exactQuantile(sorted, q);
      const estimate = histogram.quantile(q);
      expect(Math.abs(estimate - exact), `q=${q}: ${estimate} vs ${exact}`).toBeLessThanOrEqual(0.01 * exact);
    }
    const summary = histogram.summary();
    expect(summary.count).toBe(values.length);
    expect(summary.max).toBe(sorted[sorted.length - 1]);
    expect(summary.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
  });

  it('keeps quantiles within 0.4% of the value for single values across the whole range', () => {
    for (const v of [1e-9, 3.7e-4, 0.1, 1, 1.5, 2 ** 20 - 1, 123456.789, 1e11]) {
      const histogram = new LatencyHistogram();
      histogram.record(v);
      histogram.record(v * 1.001);
      // With two samples the median is the bucket of the first; the result stays within [min, max].
      expect(Math.abs(histogram.quantile(0) - v) / v).toBeLessThanOrEqual(1 / 256);
    }
  });

  it('counts zero latencies exactly', () => {
    const histogram = new LatencyHistogram();
    for (let i = 0; i < 60; i++) histogram.record(0);
    for (let i = 0; i < 40; i++) histogram.record(2);
    expect(histogram.quantile(0.5)).toBe(0);
    expect(histogram.quantile(0.59)).toBe(0);
    expect(histogram.quantile(0.61)).toBeCloseTo(2, 2);
    expect(histogram.summary()).toMatchObject({ count: 100, mean: 0.8, max: 2 });
  });

  it('summarises an empty histogram as zeros', () => {
    expect(new LatencyHistogram().summary()).toEqual({ count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });

  it('gives non-decreasing quantiles', () => {
    const histogram = new LatencyHistogram();
    for (const v of samples({ type: 'lognormal', mean: 1, cv: 2 }, 20_000)) histogram.record(v);
    let previous = -Infinity;
    for (let q = 0; q <= 1; q += 0.001) {
      const value = histogram.quantile(q);
      expect(value).toBeGreaterThanOrEqual(previous);
      previous = value;
    }
  });

  it('uses memory bounded by the range of values, not their number', () => {
    const histogram = new LatencyHistogram();
    // A million samples spread over 20 orders of magnitude, then extremes at both ends.
    const rng = new RandomSource(1).stream('spread');
    for (let i = 0; i < 1_000_000; i++) histogram.record(10 ** (rng.next() * 20 - 10));
    histogram.record(1e-300);
    histogram.record(1e300);
    const counters = (histogram as unknown as { counts: Float64Array }).counts.length;
    expect(counters).toBeLessThanOrEqual(81 * 128);
    expect(histogram.count).toBe(1_000_002);
  });
});
