import type { RandomStream } from '../../engine';

/**
 * How long a consumer waits before retrying a failed message: one strategy per file in this folder,
 * all behind this protocol. `retry` counts from 1 (the first retry); `previous` is the wait drawn for
 * the retry before it (0 before the first), which decorrelated jitter builds on.
 */
export interface Backoff {
  delay(retry: number, previous: number, rng: RandomStream): number;
}

/** The knobs every backoff shares; a strategy ignores the ones it has no use for. */
export interface BackoffOptions {
  /** The first wait (fixed: every wait), in seconds, >= 0. */
  base: number;
  /** Growth per retry for exponential backoff, >= 1. */
  multiplier: number;
  /** Cap on any one wait, >= base. */
  max: number;
}
