import type { FlowGate } from './gate';

export interface TokenBucketOptions {
  /** Tokens added per virtual second: the sustained publish rate, > 0. */
  perSecond: number;
  /** Most tokens the bucket holds: how many publishes may go out back to back after a quiet spell, >= 1. */
  burst: number;
}

/**
 * Refill comparisons allow this much rounding: a bucket refilled over a third of a second at 3 per
 * second must count as holding its token, or the wake-up scheduled for that instant would find it
 * one ulp short and schedule itself again at the same time.
 */
const ROUNDING = 1e-9;

/**
 * A token bucket rate limit: `perSecond` tokens a second up to `burst`, one per publish. It starts
 * full. The level is refilled lazily from the last update, so an idle bucket costs nothing, and
 * `opensAt` gives the exact virtual time the next token appears, so a waiting producer needs no polling.
 */
export class TokenBucket implements FlowGate {
  readonly reason = 'rate-limit';
  private readonly perSecond: number;
  private readonly burst: number;
  private tokens: number;
  private updatedAt = 0;

  constructor(options: TokenBucketOptions) {
    const { perSecond, burst } = options;
    if (!(perSecond > 0) || !Number.isFinite(perSecond)) throw new RangeError(`rateLimit.perSecond must be a finite number > 0, got ${perSecond}`);
    if (!(burst >= 1) || !Number.isFinite(burst)) throw new RangeError(`rateLimit.burst must be a finite number >= 1, got ${burst}`);
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
  }

  /** Tokens in the bucket at `now` (fractional while a token is still filling). */
  level(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  admits(now: number): boolean {
    this.refill(now);
    return this.tokens >= 1 - ROUNDING;
  }

  take(now: number): void {
    this.refill(now);
    this.tokens = Math.max(0, this.tokens - 1);
  }

  opensAt(now: number): number {
    this.refill(now);
    return this.tokens >= 1 - ROUNDING ? now : now + (1 - this.tokens) / this.perSecond;
  }

  private refill(now: number): void {
    if (now <= this.updatedAt) return;
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updatedAt) * this.perSecond);
    this.updatedAt = now;
  }
}
