/**
 * Budgets keep a pathological scenario from hanging the CLI or a browser tab. The engine cannot read a
 * clock itself (it is pure), so a host that wants a wall-clock limit passes one in.
 */
export interface RunBudget {
  /** Stop with an error after this many events. Default 50,000,000. */
  maxEvents?: number;
  /** Stop with an error after this many milliseconds of wall time, measured by `wallClock`. */
  maxWallMs?: number;
  /** Milliseconds from any fixed origin; supplied by the host (its monotonic clock). */
  wallClock?: () => number;
}

export const DEFAULT_MAX_EVENTS = 50_000_000;

export type BudgetKind = 'events' | 'wall-clock';

/** Thrown when a run exceeds its event or wall-clock budget. The simulation stays consistent up to `now`. */
export class BudgetExceededError extends Error {
  constructor(
    readonly budget: BudgetKind,
    readonly limit: number,
    readonly virtualTime: number,
  ) {
    super(
      budget === 'events'
        ? `the run exceeded its budget of ${limit} events at virtual time ${virtualTime.toFixed(3)} s; ` +
            'shorten the duration, lower the rates, or raise limits.maxEvents'
        : `the run exceeded its wall-clock budget of ${limit} ms at virtual time ${virtualTime.toFixed(3)} s; ` +
            'shorten the duration, lower the rates, or raise limits.maxWallSeconds',
    );
    this.name = 'BudgetExceededError';
  }
}
