/**
 * Reducers for what a consumer group's attempts came to, read from the trace: retry storms, circuit
 * breaker time, and per-key final state. Each is small and fed by RunMetrics.
 */

/** Length of the windows retry storms are judged over, in virtual seconds. */
export const STORM_WINDOW_SECONDS = 10;
/** A window needs at least this many retries to count as stormy, so a trickle of failures is not a storm. */
export const STORM_MIN_RETRIES = 10;

/**
 * Retry storms, defined so they can be counted: time is cut into 10-second windows; a window is
 * stormy when the group's retries in it (immediate requeues after a failure and delayed retries)
 * outnumber its first deliveries and are at least 10. A storm is a run of consecutive stormy windows:
 * retries are then most of the work, and the backlog grows behind them.
 */
export class RetryStorms {
  private window = 0;
  /** Where the current window ends: records before it only count (the path every delivery takes). */
  private windowEnd = STORM_WINDOW_SECONDS;
  private retries = 0;
  private firsts = 0;
  private inStorm = false;
  /** Storms seen so far. */
  count = 0;
  /** Stormy windows × their length. */
  seconds = 0;

  firstDelivery(time: number): void {
    if (time >= this.windowEnd) this.roll(time);
    this.firsts++;
  }

  retry(time: number): void {
    if (time >= this.windowEnd) this.roll(time);
    this.retries++;
  }

  /** Judges the windows before `end` (call at the run's end). */
  finish(end: number): void {
    this.roll(end);
    this.judge();
  }

  private roll(time: number): void {
    const window = Math.floor(time / STORM_WINDOW_SECONDS);
    if (window === this.window) return;
    this.judge();
    // Windows without any record in them are calm.
    if (window > this.window + 1) this.inStorm = false;
    this.window = window;
    this.windowEnd = (window + 1) * STORM_WINDOW_SECONDS;
    this.retries = 0;
    this.firsts = 0;
  }

  private judge(): void {
    const stormy = this.retries > this.firsts && this.retries >= STORM_MIN_RETRIES;
    if (stormy && !this.inStorm) this.count++;
    if (stormy) this.seconds += STORM_WINDOW_SECONDS;
    this.inStorm = stormy;
    this.retries = 0;
    this.firsts = 0;
  }
}

/** How long a group's circuit breaker was open, and how often it opened. */
export class CircuitTime {
  opens = 0;
  private openSince = NaN;
  private openTotal = 0;

  change(state: string, time: number): void {
    if (state === 'open') {
      this.opens++;
      if (Number.isNaN(this.openSince)) this.openSince = time;
    } else if (!Number.isNaN(this.openSince)) {
      this.openTotal += time - this.openSince;
      this.openSince = NaN;
    }
  }

  /** Seconds spent open up to `end` (half-open counts as not open). */
  openSeconds(end: number): number {
    return this.openTotal + (Number.isNaN(this.openSince) ? 0 : end - this.openSince);
  }
}

/**
 * Per key, the version a group's state last took and the newest version it ever applied: a key whose
 * last applied version is older than the newest it saw ends in the wrong state.
 */
export class KeyFinalState {
  private last = new Int32Array(64);
  private newest = new Int32Array(64);
  outOfOrder = 0;
  stale = 0;

  applied(keyId: number, version: number, outOfOrder: boolean): void {
    this.ensure(keyId);
    this.last[keyId] = version;
    if (version > this.newest[keyId]!) this.newest[keyId] = version;
    if (outOfOrder) this.outOfOrder++;
  }

  /** Keys whose state is not the newest version applied to them. */
  wrongFinalState(): number {
    let wrong = 0;
    for (let k = 0; k < this.last.length; k++) if (this.last[k]! < this.newest[k]!) wrong++;
    return wrong;
  }

  private ensure(keyId: number): void {
    if (keyId < this.last.length) return;
    const size = Math.max(keyId + 1, this.last.length * 2);
    const last = new Int32Array(size);
    last.set(this.last);
    const newest = new Int32Array(size);
    newest.set(this.newest);
    this.last = last;
    this.newest = newest;
  }
}
