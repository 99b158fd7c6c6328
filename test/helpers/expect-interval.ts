import { expect } from 'vitest';
import type { ConfidenceInterval } from './batch-means';

/**
 * Asserts that the oracle lies inside the confidence interval, and that the interval is narrow enough
 * (half-width at most `maxRelativeHalfWidth` of the oracle) for the check to have teeth: a run too short
 * or too noisy would otherwise "pass" with an interval that contains anything.
 */
export function expectCovers(ci: ConfidenceInterval, oracle: number, label: string, maxRelativeHalfWidth: number): void {
  const text = `${label}: oracle ${oracle.toFixed(6)}, ${Math.round(ci.confidence * 100)}% CI [${ci.low.toFixed(6)}, ${ci.high.toFixed(6)}] from ${ci.batches} batch means`;
  expect(ci.halfWidth / Math.abs(oracle), `${text}: interval too wide to test anything`).toBeLessThanOrEqual(maxRelativeHalfWidth);
  expect(oracle >= ci.low && oracle <= ci.high, text).toBe(true);
}
