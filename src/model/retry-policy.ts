/**
 * Backoff between retries, in seconds. The n-th retry waits `schedule[n−1]` while the schedule lasts
 * (Event Grid and SNS publish such tables); after it, each wait is the previous one times
 * `multiplier`, capped at `max`; with no schedule the first wait is `base`, so the n-th retry waits
 * `min(max, base × multiplier^(n−1))`. `jitter` then spreads each wait (EventBridge backs off "with
 * jitter"): without it, every event refused at the same moment is retried at the same moment again and
 * the retries arrive as a herd. The draw comes from the bus's own seeded stream, so runs stay exact.
 */
export interface BackoffPolicy {
  /** Wait before the first retry, >= 0. */
  readonly base: number;
  /** Growth factor per retry, >= 1 (1 gives a constant wait). */
  readonly multiplier: number;
  /** Cap on any one wait, >= base. */
  readonly max: number;
  /** Waits before the first retries, in order, each >= 0 and <= max; empty for a pure exponential backoff. */
  readonly schedule: readonly number[];
  /** none: the wait itself; full: uniform in [0, wait]; equal: half the wait plus uniform in [0, wait / 2]. */
  readonly jitter: BusJitter;
}

/** How a bus spreads its retry waits. */
export type BusJitter = 'none' | 'full' | 'equal';

const BUS_JITTERS: readonly BusJitter[] = ['none', 'full', 'equal'];

/** How an event bus retries a target that refused an event, and when it gives up. */
export interface RetryPolicy {
  /**
   * Retries after the first try (EventBridge's MaximumRetryAttempts): an event is offered to the
   * target at most `1 + attempts` times. 0 gives up at the first refusal.
   */
  readonly attempts: number;
  /**
   * Seconds after the bus received the event beyond which it is not retried (EventBridge's
   * MaximumEventAgeInSeconds): a retry that would fall later is not scheduled. Infinity for no limit.
   */
  readonly maxEventAge: number;
  readonly backoff: BackoffPolicy;
}

/** A retry policy with any field left out taking its default. */
export interface RetryPolicyOptions {
  attempts?: number;
  maxEventAge?: number;
  backoff?: Partial<BackoffPolicy>;
}

/**
 * EventBridge's defaults: 185 retries and 24 hours. EventBridge does not publish its backoff; these
 * values (1 s doubling up to 8 min) make 185 retries take about 23.6 hours, so the two limits meet
 * as EventBridge's defaults do.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  attempts: 185,
  maxEventAge: 86_400,
  backoff: Object.freeze({ base: 1, multiplier: 2, max: 480, schedule: Object.freeze([]), jitter: 'none' }),
});

/**
 * Fills in defaults and validates. Throws a RangeError naming the field, prefixed with `path`
 * (where the policy sits in the caller's options).
 */
export function resolveRetryPolicy(options: RetryPolicyOptions | undefined, path = 'retry'): RetryPolicy {
  const defaults = DEFAULT_RETRY_POLICY;
  const attempts = options?.attempts ?? defaults.attempts;
  const maxEventAge = options?.maxEventAge ?? defaults.maxEventAge;
  const base = options?.backoff?.base ?? defaults.backoff.base;
  const multiplier = options?.backoff?.multiplier ?? defaults.backoff.multiplier;
  const max = options?.backoff?.max ?? defaults.backoff.max;
  const schedule = options?.backoff?.schedule ?? defaults.backoff.schedule;
  const jitter = options?.backoff?.jitter ?? defaults.backoff.jitter;
  if (!Number.isInteger(attempts) || attempts < 0) throw new RangeError(`${path}.attempts must be a whole number >= 0, got ${attempts}`);
  if (!(maxEventAge > 0)) throw new RangeError(`${path}.maxEventAge must be a number of seconds > 0 (Infinity for no limit), got ${maxEventAge}`);
  if (!(base >= 0) || !Number.isFinite(base)) throw new RangeError(`${path}.backoff.base must be a finite number of seconds >= 0, got ${base}`);
  if (!(multiplier >= 1) || !Number.isFinite(multiplier)) throw new RangeError(`${path}.backoff.multiplier must be a finite number >= 1, got ${multiplier}`);
  if (!(max >= base) || !Number.isFinite(max)) throw new RangeError(`${path}.backoff.max must be a finite number of seconds >= base (${base}), got ${max}`);
  schedule.forEach((wait, index) => {
    if (!(wait >= 0) || !(wait <= max)) throw new RangeError(`${path}.backoff.schedule[${index}] must be a number of seconds from 0 to max (${max}), got ${wait}`);
  });
  if (!BUS_JITTERS.includes(jitter)) throw new RangeError(`${path}.backoff.jitter must be one of ${BUS_JITTERS.join(', ')}, got ${JSON.stringify(jitter)}`);
  return { attempts, maxEventAge, backoff: { base, multiplier, max, schedule: [...schedule], jitter } };
}

/**
 * The wait before retry number `retry` (1 for the first), given the wait before the retry before it
 * (`previous`, ignored for the first): the schedule's entry while it lasts, then repeated
 * multiplication (no Math.pow, which pure code may not use).
 */
export function backoffWait(backoff: BackoffPolicy, retry: number, previous: number): number {
  const listed = backoff.schedule[retry - 1];
  if (listed !== undefined) return listed;
  if (retry === 1) return Math.min(backoff.base, backoff.max);
  return Math.min(backoff.max, previous * backoff.multiplier);
}

/** The wait actually slept: `wait` spread by the jitter, with `u` a uniform draw in [0, 1). */
export function jitteredWait(jitter: BusJitter, wait: number, u: number): number {
  if (jitter === 'full') return u * wait;
  if (jitter === 'equal') return wait / 2 + (u * wait) / 2;
  return wait;
}
