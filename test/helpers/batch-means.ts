import { mean, sampleVariance, studentTQuantile } from './stats';

/**
 * Batch means: a steady-state simulation output is autocorrelated, so the samples themselves do not
 * give a valid standard error. Cutting the post-warm-up output into a few long contiguous batches
 * makes the batch averages nearly independent and nearly normal, and a Student-t interval over them
 * is the classic confidence interval for the steady-state mean (Law & Kelton, ch. 9).
 */
export interface ConfidenceInterval {
  /** The point estimate: the mean of the batch means. */
  mean: number;
  halfWidth: number;
  low: number;
  high: number;
  batches: number;
  confidence: number;
}

/** The t interval over `batchMeans` at `confidence` (e.g. 0.95). */
export function intervalOf(batchMeans: readonly number[], confidence = 0.95): ConfidenceInterval {
  const k = batchMeans.length;
  if (k < 20) throw new RangeError(`batch means need at least 20 batches, got ${k}`);
  const centre = mean(batchMeans);
  const halfWidth = studentTQuantile(1 - (1 - confidence) / 2, k - 1) * Math.sqrt(sampleVariance(batchMeans) / k);
  return { mean: centre, halfWidth, low: centre - halfWidth, high: centre + halfWidth, batches: k, confidence };
}

/**
 * Splits a sequence of per-customer observations (already in arrival order, warm-up removed) into
 * `batches` contiguous batches of equal size and returns their means. The few observations that do
 * not fill a whole batch are left off the end.
 */
export function batchMeansOf(values: ArrayLike<number>, batches: number): number[] {
  const size = Math.floor(values.length / batches);
  if (size < 1) throw new RangeError(`${values.length} observations cannot fill ${batches} batches`);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let sum = 0;
    for (let i = b * size; i < (b + 1) * size; i++) sum += values[i]!;
    means.push(sum / size);
  }
  return means;
}

/**
 * Splits the virtual-time window [from, to) into equal batches and accumulates, per batch, the area under
 * a step function (a level such as the number in system) and counts of events. Level changes and events
 * outside the window are ignored; the level itself is tracked from time 0.
 */
export class TimeBatches {
  readonly width: number;
  private readonly areas: Float64Array;
  private level = 0;
  private since = 0;

  constructor(
    readonly from: number,
    readonly to: number,
    readonly batches: number,
  ) {
    if (!(to > from)) throw new RangeError(`the window must not be empty: [${from}, ${to})`);
    this.width = (to - from) / batches;
    this.areas = new Float64Array(batches);
  }

  /** Changes the level by `delta` at `time` (times must not decrease). */
  change(time: number, delta: number): void {
    this.accumulate(time);
    this.level += delta;
  }

  /** The time average of the level in each batch. Call once, after the last change. */
  levelMeans(): number[] {
    this.accumulate(this.to);
    return Array.from(this.areas, (area) => area / this.width);
  }

  /** Which batch `time` falls in, or -1 outside the window. */
  batchOf(time: number): number {
    if (time < this.from || time >= this.to) return -1;
    return Math.min(this.batches - 1, Math.floor((time - this.from) / this.width));
  }

  /** Adds level × elapsed time into the batches that [since, time) overlaps. */
  private accumulate(time: number): void {
    let start = Math.max(this.since, this.from);
    const end = Math.min(time, this.to);
    while (start < end) {
      const b = this.batchOf(start);
      const batchEnd = b === this.batches - 1 ? this.to : this.from + (b + 1) * this.width;
      const stop = Math.min(batchEnd, end);
      this.areas[b]! += this.level * (stop - start);
      start = stop;
    }
    this.since = Math.max(this.since, time);
  }
}
