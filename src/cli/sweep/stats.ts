/** Mean and two-sided 95% confidence interval of a sample, from Student's t distribution. */
export interface Summary {
  readonly n: number;
  readonly mean: number;
  /** NaN when n < 2: one replication says nothing about the spread. */
  readonly ci95Low: number;
  readonly ci95High: number;
}

/**
 * The 0.975 quantile of Student's t for 1..30 degrees of freedom (standard tables, e.g. NIST/SEMATECH
 * e-Handbook 1.3.6.7.2, to three decimals).
 */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093,
  2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const Z975 = 1.959963984540054;

/**
 * The 0.975 quantile of Student's t with `df` degrees of freedom. From the table up to 30; beyond,
 * the Cornish–Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5, three terms),
 * which is within 0.001 of the exact value from df = 31 on.
 */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`tQuantile975: df must be a whole number >= 1 (got ${df})`);
  if (df <= T975.length) return T975[df - 1]!;
  const z = Z975;
  const z3 = z * z * z;
  const z5 = z3 * z * z;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

/** Summarises the sample in the order given (the order fixes the float rounding, so keep it stable). */
export function summarize(sample: readonly number[]): Summary {
  const n = sample.length;
  if (n === 0) throw new RangeError('summarize: the sample is empty');
  let sum = 0;
  for (const x of sample) sum += x;
  const mean = sum / n;
  if (n < 2) return { n, mean, ci95Low: Number.NaN, ci95High: Number.NaN };
  let squares = 0;
  for (const x of sample) squares += (x - mean) * (x - mean);
  const standardError = Math.sqrt(squares / (n - 1) / n);
  const half = tQuantile975(n - 1) * standardError;
  return { n, mean, ci95Low: mean - half, ci95High: mean + half };
}
