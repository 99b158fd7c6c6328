/**
 * The payload bytes a broker holds, as a level over virtual time: the current value, the highest it
 * reached, and the time-weighted mean. Kept by the model because trace records carry no sizes.
 */
export class MemoryGauge {
  private level = 0;
  private peak = 0;
  /** Integral of the level over time up to `since`. */
  private area = 0;
  private since = 0;

  /** Bytes held now. */
  get current(): number {
    return this.level;
  }

  /** The most bytes held at any time so far. */
  get max(): number {
    return this.peak;
  }

  /** The level changes by `bytes` at virtual time `now` (never earlier than the last change). */
  add(now: number, bytes: number): void {
    this.area += this.level * (now - this.since);
    this.since = now;
    this.level += bytes;
    if (this.level > this.peak) this.peak = this.level;
  }

  /** The time-weighted mean level over [0, end]. */
  meanUntil(end: number): number {
    if (end <= 0) return this.level;
    return (this.area + this.level * (end - this.since)) / end;
  }
}
