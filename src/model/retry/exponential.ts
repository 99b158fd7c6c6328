import type { RandomStream } from '../../engine';
import type { Backoff, BackoffOptions } from './backoff';

/**
 * Exponential backoff, capped: the n-th retry's ceiling is min(max, base × multiplier^(n−1)), and
 * the jitter decides where in [0, ceiling] the wait falls. Without jitter every consumer that failed
 * at the same moment retries at the same moment again, which is how retries synchronise into waves.
 *
 * - none:  the ceiling itself;
 * - full:  uniform in [0, ceiling];
 * - equal: half the ceiling plus uniform in [0, ceiling / 2], so it never retries at once;
 * - decorrelated: uniform in [base, 3 × previous wait], capped at max: each wait grows from the last
 *   one drawn instead of from the retry count.
 */
export type Jitter = 'none' | 'full' | 'equal' | 'decorrelated';

export const JITTERS: readonly Jitter[] = ['none', 'full', 'equal', 'decorrelated'];

export function exponentialBackoff(options: BackoffOptions, jitter: Jitter): Backoff {
  const { base, multiplier, max } = options;
  const ceiling = (retry: number): number => {
    // Repeated multiplication rather than a power: exact and portable across engines.
    let wait = base;
    for (let i = 1; i < retry && wait < max; i++) wait *= multiplier;
    return Math.min(max, wait);
  };
  switch (jitter) {
    case 'none':
      return { delay: (retry) => ceiling(retry) };
    case 'full':
      return { delay: (retry, _previous, rng: RandomStream) => rng.next() * ceiling(retry) };
    case 'equal':
      return {
        delay: (retry, _previous, rng: RandomStream) => {
          const half = ceiling(retry) / 2;
          return half + rng.next() * half;
        },
      };
    case 'decorrelated':
      return {
        delay: (_retry, previous, rng: RandomStream) => {
          const high = Math.max(base, 3 * (previous > 0 ? previous : base));
          return Math.min(max, base + rng.next() * (high - base));
        },
      };
  }
}
