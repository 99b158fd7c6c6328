/** A quantity that changes in steps over virtual time, with its time average, maximum and current value. */
export class TimeWeightedLevel {
  private value = 0;
  private peak = 0;
  private area = 0;
  private since = 0;

  get current(): number {
    return this.value;
  }

  get max(): number {
    return this.peak;
  }

  /** Changes the level by `delta` at virtual time `time` (times must not decrease). */
  add(time: number, delta: number): void {
    this.area += this.value * (time - this.since);
    this.since = time;
    this.value += delta;
    if (this.value > this.peak) this.peak = this.value;
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
