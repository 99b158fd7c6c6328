/**
 * A downstream service consumers call (an email provider, a payments API). While it is down, a call
 * to it hangs until the caller's `timeout` and then fails: the consumer's worker is tied up for the
 * whole timeout, which is what makes an outage expensive and a circuit breaker worth having.
 *
 * Outage windows are known when the run is built (they come from the scenario's timeline), so a
 * handler can ask about a call that starts later in the message's processing.
 */
export interface OutageWindow {
  /** The dependency is down over [from, to). */
  readonly from: number;
  readonly to: number;
}

export class Dependency {
  private readonly windows: readonly OutageWindow[];

  constructor(
    readonly id: string,
    /** Seconds a call to the dependency waits before it gives up while the dependency is down. */
    readonly timeout: number,
    outages: readonly OutageWindow[] = [],
  ) {
    if (!(timeout > 0) || !Number.isFinite(timeout)) throw new RangeError(`dependency ${id}: timeout must be a finite number of seconds > 0, got ${timeout}`);
    for (const { from, to } of outages) {
      if (!(to > from) || !(from >= 0)) throw new RangeError(`dependency ${id}: an outage needs 0 <= from < to, got [${from}, ${to})`);
    }
    this.windows = outages.map(({ from, to }) => ({ from, to }));
  }

  /** The outage windows. */
  get outages(): readonly OutageWindow[] {
    return this.windows;
  }

  /** Whether the dependency is down at virtual time `t`. */
  isDown(t: number): boolean {
    const windows = this.windows;
    for (let i = 0; i < windows.length; i++) if (t >= windows[i]!.from && t < windows[i]!.to) return true;
    return false;
  }
}
