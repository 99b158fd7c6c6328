import type { ModelContext } from '../context';
import { SlidingCounts } from '../sliding-counts';

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * The thresholds of a circuit breaker (Resilience4j's knobs, on a time-based window). It opens when,
 * over the last `windowSeconds` and with at least `minCalls` calls in it, the share of failed calls
 * reaches `failureRate` or the share of calls slower than `slowCallSeconds` reaches `slowCallRate`.
 */
export interface CircuitBreakerOptions {
  /** Share of failed calls that opens the circuit, in (0, 1]. */
  failureRate: number;
  /** A call taking longer than this counts as slow (Infinity: no latency threshold). */
  slowCallSeconds: number;
  /** Share of slow calls that opens the circuit, in (0, 1]. */
  slowCallRate: number;
  /** Length of the sliding window the rates are measured over, in seconds. */
  windowSeconds: number;
  /** Calls the window needs before the rates are judged at all. */
  minCalls: number;
  /** Seconds the circuit stays open before letting probes through. */
  openSeconds: number;
  /** Trial calls let through while half-open; all must succeed to close it, one failure reopens it. */
  halfOpenProbes: number;
}

const CALLS = 0;
const FAILURES = 1;
const SLOW = 2;

/**
 * A circuit breaker guarding one consumer group's calls to its downstream dependency.
 *
 * closed: every call goes through and its outcome is counted. open: calls are refused at once (the
 * message fails fast instead of tying up a worker on a dead dependency) until `openSeconds` have
 * passed, when a timer moves it to half-open. half-open: `halfOpenProbes` calls go through; if they
 * all succeed the circuit closes with a fresh window, and the first failure opens it again.
 * Every change of state is reported through `onChange`, which the group turns into a trace record.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private readonly recent: SlidingCounts;
  private probesStarted = 0;
  private probesPassed = 0;
  /** The pending move from open to half-open, or -1. */
  private openTimer = -1;
  private readonly onHalfOpen = (): void => {
    this.openTimer = -1;
    this.enter('half-open');
  };

  constructor(
    private readonly ctx: ModelContext,
    private readonly options: CircuitBreakerOptions,
    private readonly onChange: (state: CircuitState) => void,
  ) {
    const { failureRate, slowCallRate, slowCallSeconds, minCalls, openSeconds, halfOpenProbes, windowSeconds } = options;
    const rate = (name: string, value: number): void => {
      if (!(value > 0 && value <= 1)) throw new RangeError(`breaker.${name} must be a share in (0, 1], got ${value}`);
    };
    rate('failureRate', failureRate);
    rate('slowCallRate', slowCallRate);
    if (!(slowCallSeconds > 0)) throw new RangeError(`breaker.slowCallSeconds must be a number of seconds > 0, got ${slowCallSeconds}`);
    if (!Number.isInteger(minCalls) || minCalls < 1) throw new RangeError(`breaker.minCalls must be a whole number >= 1, got ${minCalls}`);
    if (!(openSeconds > 0) || !Number.isFinite(openSeconds)) throw new RangeError(`breaker.openSeconds must be a finite number of seconds > 0, got ${openSeconds}`);
    if (!Number.isInteger(halfOpenProbes) || halfOpenProbes < 1) throw new RangeError(`breaker.halfOpenProbes must be a whole number >= 1, got ${halfOpenProbes}`);
    this.recent = new SlidingCounts(windowSeconds, 3);
  }

  get state(): CircuitState {
    return this.current;
  }

  /** Whether a call may start now; a half-open circuit counts the probes it lets through. */
  allow(): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open' || this.probesStarted >= this.options.halfOpenProbes) return false;
    this.probesStarted++;
    return true;
  }

  /**
   * A call that `allow` let through ended without an outcome (its instance crashed or was scaled in).
   * While half-open its probe slot is given back: otherwise a lost probe would never be recorded and
   * the circuit would stay half-open, refusing every call, for the rest of the run. (If the lost call
   * had started before the circuit opened, one extra probe gets through, which is harmless.)
   */
  abandon(): void {
    if (this.current === 'half-open' && this.probesStarted > this.probesPassed) this.probesStarted--;
  }

  /** The outcome of a call that `allow` let through: whether it succeeded, and how long it took. */
  record(ok: boolean, seconds: number): void {
    const now = this.ctx.sim.now;
    const slow = seconds > this.options.slowCallSeconds;
    if (this.current === 'half-open') {
      if (!ok || slow) this.enter('open');
      else if (++this.probesPassed >= this.options.halfOpenProbes) this.enter('closed');
      return;
    }
    // A call that started before the circuit opened can end while it is open: it no longer counts.
    if (this.current === 'open') return;
    this.recent.add(now, CALLS);
    if (!ok) this.recent.add(now, FAILURES);
    if (slow) this.recent.add(now, SLOW);
    const calls = this.recent.total(now, CALLS);
    if (calls < this.options.minCalls) return;
    const failures = this.recent.total(now, FAILURES);
    const slowCalls = this.recent.total(now, SLOW);
    if (failures >= this.options.failureRate * calls || slowCalls >= this.options.slowCallRate * calls) this.enter('open');
  }

  /**
   * Back to closed with an empty window, as a breaker that was just created (it is being switched off,
   * see ConsumerGroup.setBreaker). The change is reported through `onChange` only if it was not closed;
   * a pending move to half-open is called off.
   */
  reset(): void {
    if (this.openTimer >= 0) this.ctx.sim.cancel(this.openTimer);
    this.openTimer = -1;
    this.recent.reset();
    this.probesStarted = 0;
    this.probesPassed = 0;
    if (this.current !== 'closed') this.enter('closed');
  }

  private enter(state: CircuitState): void {
    this.current = state;
    this.probesStarted = 0;
    this.probesPassed = 0;
    if (state === 'open') this.openTimer = this.ctx.sim.schedule(this.options.openSeconds, this.onHalfOpen);
    else if (state === 'closed') this.recent.reset();
    this.onChange(state);
  }
}
