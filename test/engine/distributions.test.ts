import { describe, expect, it } from 'vitest';
import { createDistribution, RandomSource, WeightedChoice, type DistributionSpec } from '../../src/engine';
import { mean, normalQuantile, quantileInterval, sampleVariance } from '../helpers/stats';

const N = 200_000;
/** Each statistical check below is two-sided at 99.9%: with a dozen checks, a false alarm stays very unlikely. */
const CONFIDENCE = 0.999;
const Z = normalQuantile(1 - (1 - CONFIDENCE) / 2);

function sample(spec: DistributionSpec, n = N, seed = 5): Float64Array {
  const distribution = createDistribution(spec);
  const rng = new RandomSource(seed).stream(`test:${JSON.stringify(spec)}`);
  return Float64Array.from({ length: n }, () => distribution.sample(rng));
}

describe('distribution means', () => {
  it.each<DistributionSpec>([
    { type: 'exponential', mean: 0.1 },
    { type: 'exponential', mean: 250 },
    { type: 'uniform', min: 2, max: 5 },
    { type: 'normal', mean: 10, stddev: 2 },
    { type: 'normal', mean: 1, stddev: 3 },
    { type: 'lognormal', mean: 2, p99: 6 },
    { type: 'lognormal', mean: 0.05, p99: 0.5 },
    { type: 'lognormal', mean: 2048, cv: 0.5 },
    { type: 'choice', options: [{ value: 1, weight: 3 }, { value: 10, weight: 1 }, { value: 100, weight: 0 }] },
  ])('draws %j with the declared mean (z-test at 99.9%)', (spec) => {
    const declared = createDistribution(spec).mean;
    const draws = sample(spec);
    const z = (mean(draws) - declared) / Math.sqrt(sampleVariance(draws) / draws.length);
    expect(Math.abs(z), `sample mean ${mean(draws)} vs declared ${declared}`).toBeLessThan(Z);
  });

  it('declares the exact mean of the closed forms', () => {
    expect(createDistribution({ type: 'exponential', mean: 3 }).mean).toBe(3);
    expect(createDistribution({ type: 'uniform', min: 2, max: 5 }).mean).toBe(3.5);
    expect(createDistribution({ type: 'lognormal', mean: 2, p99: 6 }).mean).toBe(2);
    expect(createDistribution({ type: 'choice', options: [{ value: 1, weight: 3 }, { value: 10, weight: 1 }] }).mean).toBeCloseTo(3.25, 12);
    // Truncating N(1, 3²) at 0 raises the mean to μ + σ·φ(α)/(1 − Φ(α)), α = −1/3: 1 + 3 · 0.3773832 / 0.6305587.
    expect(createDistribution({ type: 'normal', mean: 1, stddev: 3 }).mean).toBeCloseTo(2.7954708, 6);
  });

  it('gives an exponential a variance of mean² (z-test on the variance at 99.9%)', () => {
    const draws = sample({ type: 'exponential', mean: 2 });
    // The sample variance has standard error ≈ sqrt((μ4 − σ⁴)/n); for an exponential μ4 = 9·mean⁴, so sqrt(8·mean⁴/n).
    const z = (sampleVariance(draws) - 4) / Math.sqrt((8 * 16) / draws.length);
    expect(Math.abs(z)).toBeLessThan(Z);
  });

  it('gives a lognormal given by cv the requested coefficient of variation', () => {
    const draws = sample({ type: 'lognormal', mean: 10, cv: 0.3 });
    const cv = Math.sqrt(sampleVariance(draws)) / mean(draws);
    // The sample cv's standard error is about cv/√(2n) for light tails; 5 of those is still under 1% here.
    expect(Math.abs(cv - 0.3)).toBeLessThan((5 * 0.3) / Math.sqrt(2 * draws.length));
  });
});

describe('lognormal given mean and p99', () => {
  it.each([
    { mean: 2, p99: 6 },
    { mean: 0.05, p99: 0.5 },
    { mean: 100, p99: 120 },
  ])('has its 99th percentile at p99 (mean $mean, p99 $p99) within the 99.9% order-statistic interval', ({ mean: m, p99 }) => {
    const sorted = sample({ type: 'lognormal', mean: m, p99 }).sort();
    const { low, high } = quantileInterval(sorted, 0.99, CONFIDENCE);
    expect(p99).toBeGreaterThanOrEqual(low);
    expect(p99).toBeLessThanOrEqual(high);
    // The interval is informative: under a tenth of p99 wide, not the whole tail.
    expect((high - low) / p99).toBeLessThan(0.1);
  });
});

describe('support of each distribution', () => {
  it('never draws a negative truncated normal, even when most of the mass is below 0 before truncation', () => {
    const draws = sample({ type: 'normal', mean: 0.1, stddev: 5 }, 100_000);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
  });

  it('keeps uniform draws in [min, max) and hits both ends of the range', () => {
    const draws = sample({ type: 'uniform', min: 2, max: 5 }, 100_000);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...draws)).toBeLessThan(5);
    expect(Math.min(...draws)).toBeLessThan(2.001);
    expect(Math.max(...draws)).toBeGreaterThan(4.999);
  });

  it('draws exponentials that are finite and positive', () => {
    const draws = sample({ type: 'exponential', mean: 1 }, 100_000);
    expect(draws.every((x) => x > 0 && Number.isFinite(x))).toBe(true);
  });

  it('returns the value of a constant, and treats zero spread as a constant', () => {
    const rng = new RandomSource(1).stream('c');
    expect(createDistribution({ type: 'constant', value: 0.25 }).sample(rng)).toBe(0.25);
    expect(createDistribution({ type: 'normal', mean: 3, stddev: 0 }).sample(rng)).toBe(3);
    expect(createDistribution({ type: 'lognormal', mean: 3, cv: 0 }).sample(rng)).toBe(3);
  });

  it('never picks a choice with weight 0 and matches the weights otherwise (chi-square at 99.9%)', () => {
    const draws = sample({ type: 'choice', options: [{ value: 1, weight: 1 }, { value: 2, weight: 0 }, { value: 3, weight: 2 }, { value: 4, weight: 1 }] });
    const counts = new Map<number, number>();
    for (const x of draws) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect(counts.has(2)).toBe(false);
    const expected = new Map([
      [1, N / 4],
      [3, N / 2],
      [4, N / 4],
    ]);
    let chiSquare = 0;
    for (const [value, e] of expected) chiSquare += ((counts.get(value) ?? 0) - e) ** 2 / e;
    expect(chiSquare).toBeLessThan(13.816); // chi-square, 2 degrees of freedom, 0.999 quantile
  });

  it('lets WeightedChoice pick any kind of value', () => {
    const choice = new WeightedChoice(['a', 'b'], [0, 1]);
    const rng = new RandomSource(1).stream('w');
    expect(Array.from({ length: 100 }, () => choice.pick(rng)).every((v) => v === 'b')).toBe(true);
    expect(choice.totalWeight).toBe(1);
  });
});

describe('parameter validation names the bad parameter', () => {
  it.each<[DistributionSpec, RegExp]>([
    [{ type: 'constant', value: -1 }, /^value must be >= 0, got -1$/],
    [{ type: 'exponential', mean: 0 }, /^mean must be > 0, got 0$/],
    [{ type: 'exponential', mean: -2 }, /^mean must be > 0/],
    [{ type: 'exponential', mean: Number.NaN }, /^mean must be a finite number, got NaN$/],
    [{ type: 'uniform', min: -1, max: 2 }, /^min must be >= 0/],
    [{ type: 'uniform', min: 3, max: 2 }, /^max must be >= min \(3\), got 2$/],
    [{ type: 'uniform', min: 0, max: Infinity }, /^max must be a finite number/],
    [{ type: 'normal', mean: 0, stddev: 1 }, /^mean must be > 0/],
    [{ type: 'normal', mean: 1, stddev: -1 }, /^stddev must be >= 0/],
    [{ type: 'lognormal', mean: 2, p99: 1 }, /^p99 must be greater than mean \(2\) for a lognormal, got 1$/],
    [{ type: 'lognormal', mean: 1, p99: 20 }, /^p99 must be at most 14\.97× the mean \(1\), as no lognormal is more skewed; got 20$/],
    [{ type: 'lognormal', mean: -1, p99: 2 }, /^mean must be > 0/],
    [{ type: 'lognormal', mean: 1, cv: -0.5 }, /^cv must be >= 0/],
    [{ type: 'choice', options: [] }, /^options must not be empty$/],
    [{ type: 'choice', options: [{ value: 1, weight: 1 }, { value: 2, weight: -1 }] }, /^options\[1\]\.weight must be >= 0/],
    [{ type: 'choice', options: [{ value: -1, weight: 1 }] }, /^options\[0\]\.value must be >= 0/],
    [{ type: 'choice', options: [{ value: 1, weight: 0 }] }, /^at least one option must have a weight > 0$/],
  ])('rejects %j', (spec, message) => {
    expect(() => createDistribution(spec)).toThrow(RangeError);
    expect(() => createDistribution(spec)).toThrow(message);
  });
});
