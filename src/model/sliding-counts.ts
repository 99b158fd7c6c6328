/**
 * Counts of a few kinds of event (calls, failures, retries…) over a sliding window of virtual time,
 * kept in fixed-width buckets: a count leaves the window a bucket at a time, so the window is exact to
 * one bucket's width. Memory is `buckets × kinds` numbers whatever the run length.
 */
export class SlidingCounts {
  private readonly counts: Float64Array;
  /** The bucket number (floor(time / width)) each slot holds, or -1 when empty. */
  private readonly slotBucket: Float64Array;
  private readonly totals: Float64Array;
  private readonly width: number;
  private newest = -1;

  constructor(
    windowSeconds: number,
    private readonly kinds: number,
    private readonly buckets = 10,
  ) {
    if (!(windowSeconds > 0) || !Number.isFinite(windowSeconds)) throw new RangeError(`a sliding window needs a finite length > 0 seconds, got ${windowSeconds}`);
    this.width = windowSeconds / buckets;
    this.counts = new Float64Array(buckets * kinds);
    this.slotBucket = new Float64Array(buckets).fill(-1);
    this.totals = new Float64Array(kinds);
  }

  /** Adds one event of `kind` at virtual time `now` (times never go back). */
  add(now: number, kind: number): void {
    const slot = this.advance(now);
    this.counts[slot * this.kinds + kind]!++;
    this.totals[kind]!++;
  }

  /** Events of `kind` in the window ending at `now`. */
  total(now: number, kind: number): number {
    this.advance(now);
    return this.totals[kind]!;
  }

  /** Forgets everything (a circuit breaker closing starts a fresh window). */
  reset(): void {
    this.counts.fill(0);
    this.totals.fill(0);
    this.slotBucket.fill(-1);
    this.newest = -1;
  }

  /** Empties the slots whose buckets slid out of the window by `now`; returns the slot for `now`. */
  private advance(now: number): number {
    const bucket = Math.floor(now / this.width);
    const slot = bucket % this.buckets;
    if (bucket === this.newest) return slot;
    // Each slot is emptied when the clock passes it again, so at most `buckets` slots are touched.
    const from = Math.max(this.newest + 1, bucket - this.buckets + 1);
    for (let b = from; b <= bucket; b++) this.clear(b % this.buckets);
    this.slotBucket[slot] = bucket;
    this.newest = bucket;
    return slot;
  }

  private clear(slot: number): void {
    if (this.slotBucket[slot] === -1) return;
    for (let k = 0; k < this.kinds; k++) {
      this.totals[k]! -= this.counts[slot * this.kinds + k]!;
      this.counts[slot * this.kinds + k] = 0;
    }
    this.slotBucket[slot] = -1;
  }
}
