/** A quantity that changes in steps over virtual time, with its time average, maximum and current value. */
export class TimeWeightedLevel {
  private value = 0;
  private peak = 0;
  private area = 0;
  private since = 0;

  get current(): number {
    return this.value;
  }

  /**
   * The highest level held for a positive stretch of time, or held now. Levels that exist only for an
   * instant do not count: a message handed straight to an idle consumer is enqueued and delivered at the
   * same time, and was never really waiting.
   */
  get max(): number {
    return Math.max(this.peak, this.value);
  }

  /** Changes the level by `delta` at virtual time `time` (times must not decrease). */
  add(time: number, delta: number): void {
    if (time > this.since) {
      this.area += this.value * (time - this.since);
      if (this.value > this.peak) this.peak = this.value;
      this.since = time;
    }
    this.value += delta;
  }

  /** The integral of the level over [0, time]. */
  areaUntil(time: number): number {
    return this.area + this.value * (time - this.since);
  }

  /** The time average over [0, time]. */
  meanUntil(time: number): number {
    return time > 0 ? this.areaUntil(time) / time : this.value;
  }
}
