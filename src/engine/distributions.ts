import type { RandomStream } from './random';
import { portableExp, portableLog } from './portable-math';

/**
 * Distributions of non-negative quantities (durations, sizes, counts) and weighted choices.
 * Parameters are validated when the distribution is created: a bad parameter is a RangeError that
 * names it, never a NaN that surfaces later in a report.
 */
export type DistributionSpec =
  | { type: 'constant'; value: number }
  | { type: 'exponential'; mean: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'normal'; mean: number; stddev: number }
  | { type: 'lognormal'; mean: number; p99: number }
  | { type: 'lognormal'; mean: number; cv: number }
  | { type: 'choice'; options: readonly { value: number; weight: number }[] };

/** A sampler draws from its own random stream; `mean` is the exact mean of what it returns. */
export interface Distribution {
  readonly mean: number;
  sample(rng: RandomStream): number;
}

/** The standard normal quantile at 0.99. */
const Z99 = 2.3263478740408408;

export function createDistribution(spec: DistributionSpec): Distribution {
  switch (spec.type) {
    case 'constant':
      requireAtLeast('value', spec.value, 0);
      return constant(spec.value);
    case 'exponential':
      requirePositive('mean', spec.mean);
      return exponential(spec.mean);
    case 'uniform':
      requireAtLeast('min', spec.min, 0);
      requireFinite('max', spec.max);
      if (!(spec.max >= spec.min)) throw new RangeError(`max must be >= min (${spec.min}), got ${spec.max}`);
      return uniform(spec.min, spec.max);
    case 'normal':
      requirePositive('mean', spec.mean);
      requireAtLeast('stddev', spec.stddev, 0);
      return truncatedNormal(spec.mean, spec.stddev);
    case 'lognormal':
      return 'p99' in spec ? lognormalFromP99(spec.mean, spec.p99) : lognormalFromCv(spec.mean, spec.cv);
    case 'choice':
      return weightedNumbers(spec.options);
  }
}

function constant(value: number): Distribution {
  return { mean: value, sample: () => value };
}

function exponential(mean: number): Distribution {
  return { mean, sample: (rng) => -mean * portableLog(rng.nextOpenZero()) };
}

function uniform(min: number, max: number): Distribution {
  const width = max - min;
  return { mean: min + width / 2, sample: (rng) => min + width * rng.next() };
}

/**
 * A normal distribution truncated at 0 by rejection, so durations are never negative. The mean is
 * required to be > 0, so at least half of all draws are accepted. `mean` reports the truncated mean.
 */
function truncatedNormal(mu: number, sigma: number): Distribution {
  if (sigma === 0) return constant(mu);
  const alpha = -mu / sigma;
  const truncatedMean = mu + (sigma * standardNormalPdf(alpha)) / (1 - standardNormalCdf(alpha));
  return {
    mean: truncatedMean,
    sample: (rng) => {
      for (;;) {
        const x = mu + sigma * standardNormal(rng);
        if (x >= 0) return x;
      }
    },
  };
}

/** Lognormal with the given mean and 99th percentile. */
function lognormalFromP99(mean: number, p99: number): Distribution {
  requirePositive('mean', mean);
  requirePositive('p99', p99);
  // mean = exp(mu + s^2/2), p99 = exp(mu + Z99 s)  =>  s^2/2 - Z99 s + ln(p99/mean) = 0.
  const gap = portableLog(p99 / mean);
  const maxGap = (Z99 * Z99) / 2;
  if (!(gap > 0)) throw new RangeError(`p99 must be greater than mean (${mean}) for a lognormal, got ${p99}`);
  if (gap > maxGap) {
    throw new RangeError(
      `p99 must be at most ${portableExp(maxGap).toFixed(2)}× the mean (${mean}), as no lognormal is more skewed; got ${p99}`,
    );
  }
  const sigma = Z99 - Math.sqrt(Z99 * Z99 - 2 * gap);
  return lognormal(portableLog(mean) - (sigma * sigma) / 2, sigma, mean);
}

/** Lognormal with the given mean and coefficient of variation (stddev / mean). */
function lognormalFromCv(mean: number, cv: number): Distribution {
  requirePositive('mean', mean);
  requireAtLeast('cv', cv, 0);
  const variance = portableLog(1 + cv * cv);
  return lognormal(portableLog(mean) - variance / 2, Math.sqrt(variance), mean);
}

function lognormal(mu: number, sigma: number, mean: number): Distribution {
  if (sigma === 0) return constant(mean);
  return { mean, sample: (rng) => portableExp(mu + sigma * standardNormal(rng)) };
}

function weightedNumbers(options: readonly { value: number; weight: number }[]): Distribution {
  options.forEach((option, i) => requireAtLeast(`options[${i}].value`, option.value, 0));
  const chooser = new WeightedChoice(
    options.map((o) => o.value),
    options.map((o) => o.weight),
  );
  let mean = 0;
  options.forEach((o) => (mean += (o.value * o.weight) / chooser.totalWeight));
  return { mean, sample: (rng) => chooser.pick(rng) };
}

/** Picks one of `values` with probability proportional to its weight. */
export class WeightedChoice<T> {
  private readonly cumulative: number[];
  readonly totalWeight: number;

  constructor(
    private readonly values: readonly T[],
    weights: readonly number[],
  ) {
    if (values.length === 0) throw new RangeError('options must not be empty');
    if (weights.length !== values.length) throw new RangeError('every option needs exactly one weight');
    let total = 0;
    this.cumulative = weights.map((w, i) => {
      requireAtLeast(`options[${i}].weight`, w, 0);
      total += w;
      return total;
    });
    if (!(total > 0)) throw new RangeError('at least one option must have a weight > 0');
    this.totalWeight = total;
  }

  pick(rng: RandomStream): T {
    const target = rng.next() * this.totalWeight;
    const cumulative = this.cumulative;
    let i = 0;
    while (i < cumulative.length - 1 && cumulative[i]! <= target) i++;
    return this.values[i]!;
  }
}

/** A standard normal draw by Marsaglia's polar method: only sqrt (exact in IEEE 754) and portableLog, so every engine draws the same value. */
export function standardNormal(rng: RandomStream): number {
  for (;;) {
    const u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * portableLog(s)) / s);
  }
}

function standardNormalPdf(x: number): number {
  return portableExp(-(x * x) / 2) / Math.sqrt(2 * Math.PI);
}

/** Standard normal CDF via the complementary error function (Numerical Recipes' erfc, |error| < 1.2e-7). */
function standardNormalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + z / 2);
  const erfc =
    t *
    portableExp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}

function requirePositive(name: string, value: number): void {
  requireFinite(name, value);
  if (!(value > 0)) throw new RangeError(`${name} must be > 0, got ${value}`);
}

function requireAtLeast(name: string, value: number, min: number): void {
  requireFinite(name, value);
  if (!(value >= min)) throw new RangeError(`${name} must be >= ${min}, got ${value}`);
}
