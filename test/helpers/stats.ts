/**
 * Small statistics toolkit for the stochastic tests: sample moments, normal and Student-t quantiles,
 * and order-statistic bounds for quantiles. Written out here so each test states its confidence level
 * instead of a hand-picked tolerance.
 */

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** The unbiased sample variance (n − 1 in the denominator). */
export function sampleVariance(values: ArrayLike<number>): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i]! - m) ** 2;
  return sum / (values.length - 1);
}

/** The standard normal quantile Φ⁻¹(p), by Acklam's rational approximation (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    return (
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
    );
  }
  const q = Math.sqrt(-2 * Math.log(1 - p));
  return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
}

/** Φ(x), through erfc. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** erfc by the Numerical Recipes Chebyshev fit (fractional error < 1.2e-7): ample for test thresholds. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + z / 2);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Student's t quantile with `df` degrees of freedom, by the Cornish–Fisher expansion around the normal
 * quantile (Abramowitz & Stegun 26.7.5). For df ≥ 10 and p ≤ 0.9995 it is within 1e-4 of the exact value.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(df >= 10)) throw new RangeError(`this approximation needs df >= 10, got ${df}`);
  const z = normalQuantile(p);
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/**
 * A distribution-free confidence interval for the q-quantile from a sorted sample: the order statistics
 * whose ranks bracket n·q by ±z standard deviations of the binomial count of values below the quantile.
 */
export function quantileInterval(sorted: ArrayLike<number>, q: number, confidence: number): { low: number; high: number } {
  const n = sorted.length;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const spread = z * Math.sqrt(n * q * (1 - q));
  const lowRank = Math.max(0, Math.floor(n * q - spread) - 1);
  const highRank = Math.min(n - 1, Math.ceil(n * q + spread));
  return { low: sorted[lowRank]!, high: sorted[highRank]! };
}
