import { SlidingCounts } from '../sliding-counts';

/**
 * A retry budget, the remedy for retry storms: retries may add at most `ratio` of the recent first
 * attempts, plus `minPerSecond` so a quiet consumer can still retry at all (Finagle's RetryBudget and
 * gRPC's retry throttling work this way). Without one, every failure during an outage comes back as
 * more work for the struggling dependency, and the backlog grows with the retries.
 *
 * A retry is allowed while the retries in the last `windowSeconds` are fewer than
 * minPerSecond × windowSeconds + ratio × the first attempts in that window.
 */
export interface RetryBudgetOptions {
  /** Retries allowed per first attempt, e.g. 0.1 for 10 %. */
  ratio: number;
  /** Retries per second allowed regardless of traffic. */
  minPerSecond: number;
  /** Seconds the window looks back, > 0. */
  windowSeconds: number;
}

const ATTEMPTS = 0;
const RETRIES = 1;

export class RetryBudget {
  private readonly counts: SlidingCounts;

  constructor(private readonly options: RetryBudgetOptions) {
    const { ratio, minPerSecond, windowSeconds } = options;
    if (!(ratio >= 0) || !Number.isFinite(ratio)) throw new RangeError(`retry.budget.ratio must be a finite number >= 0, got ${ratio}`);
    if (!(minPerSecond >= 0) || !Number.isFinite(minPerSecond)) throw new RangeError(`retry.budget.minPerSecond must be a finite number >= 0, got ${minPerSecond}`);
    if (!(windowSeconds > 0) || windowSeconds > 3600) throw new RangeError(`retry.budget.windowSeconds must be a number of seconds in (0, 3600], got ${windowSeconds}`);
    this.counts = new SlidingCounts(windowSeconds, 2);
  }

  /** A first attempt at a message began at `now`. */
  recordAttempt(now: number): void {
    this.counts.add(now, ATTEMPTS);
  }

  /** Takes a retry from the budget if one is left at `now`; false when the budget is spent. */
  tryRetry(now: number): boolean {
    const { ratio, minPerSecond, windowSeconds } = this.options;
    if (this.counts.total(now, RETRIES) >= minPerSecond * windowSeconds + ratio * this.counts.total(now, ATTEMPTS)) return false;
    this.counts.add(now, RETRIES);
    return true;
  }
}
