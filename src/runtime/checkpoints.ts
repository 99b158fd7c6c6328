import type { TopologyTap } from './topology-tap';
import type { SampledRun } from './worker-sampled-run';

/** A run of the lab's scenario with the tap that feeds its canvas: what the worker host shows. */
export interface LabRun {
  sampled: SampledRun;
  tap: TopologyTap;
}

/** How many checkpoints a run's duration is cut into (the last, the end itself, is never needed). */
export const CHECKPOINT_SLICES = 6;

/**
 * Messages the brokers may hold at the horizon for checkpoints to be built at all. Each parked run
 * holds what the run on show held at its time, so a scenario keeping millions of messages (a long
 * stream retention) would multiply its memory by the number of checkpoints; its seeks stay cold.
 */
export const MAX_HELD_FOR_CHECKPOINTS = 1_000_000;

/**
 * Runs of the current scenario and seed parked at checkpoint times, for seeks to start from.
 *
 * A run cannot be copied (its pending events are closures), but it is deterministic: a fresh run
 * advanced to time c is exactly the run on show when it was at c. So while the lab is idle, the
 * worker builds such runs at every multiple of duration / CHECKPOINT_SLICES up to the furthest time
 * reached, latest first (a seek back from where the user is most often lands near it, and a late
 * checkpoint costs the most to rebuild). A seek then starts from the latest checkpoint at or before
 * its target instead of from 0, and takes at most one slice of simulation. A checkpoint a seek takes
 * is gone (it becomes the run on show) and is built again at the next idle moment.
 */
export class Checkpoints {
  private readonly parked = new Map<number, LabRun>();
  private building: { at: number; run: LabRun } | null = null;
  /** The furthest virtual time any run of this scenario has reached: checkpoints beyond it would be guesses. */
  private horizon = 0;
  readonly spacing: number;

  constructor(
    duration: number,
    /** A fresh run of the scenario at time 0, its canvas tap quiet; null if the scenario cannot be run. */
    private readonly fresh: () => LabRun | null,
  ) {
    this.spacing = duration / CHECKPOINT_SLICES;
  }

  /** Too much held to copy: no more checkpoints for this scenario. */
  private tooBig = false;

  /** Notes how far the run on show has got. */
  reached(time: number): void {
    if (time > this.horizon) this.horizon = time;
  }

  /** Notes how many messages the run on show holds (asked before building): too many, and no more are built. */
  holding(held: number): void {
    if (held > MAX_HELD_FOR_CHECKPOINTS) this.tooBig = true;
  }

  /** The times of the parked runs, in order (for tests and the benchmark). */
  times(): number[] {
    return [...this.parked.keys()].sort((a, b) => a - b);
  }

  /**
   * Takes the parked run that gets closest to `target` without passing it, if it is later than `from`
   * (the time the run on show would start from: its own time going forward, 0 going back).
   */
  take(target: number, from: number): LabRun | null {
    let best: number | null = null;
    for (const at of this.parked.keys()) if (at <= target && at > from && (best === null || at > best)) best = at;
    if (best === null) return null;
    const run = this.parked.get(best)!;
    this.parked.delete(best);
    return run;
  }

  /** Whether a checkpoint is still to be built. */
  get pending(): boolean {
    return this.next() !== null;
  }

  /**
   * Builds checkpoints until `clock()` reaches `deadline`; true when none is left to build. A run that
   * throws (a budget) ends the building for this scenario: the seek will meet the same error itself.
   */
  work(deadline: number, clock: () => number): boolean {
    for (;;) {
      if (this.building === null) {
        const at = this.next();
        if (at === null) return true;
        const run = this.fresh();
        if (run === null) return true;
        this.building = { at, run };
      }
      const { at, run } = this.building;
      let reached: boolean;
      try {
        reached = run.sampled.advance(at, deadline, clock);
      } catch {
        this.building = null;
        this.horizon = 0;
        return true;
      }
      if (!reached) return false;
      this.parked.set(at, run);
      this.building = null;
      if (clock() >= deadline) return !this.pending;
    }
  }

  /** The latest checkpoint time up to the horizon that is neither parked nor being built, or null. */
  private next(): number | null {
    if (this.tooBig) return null;
    for (let k = CHECKPOINT_SLICES - 1; k >= 1; k--) {
      const at = k * this.spacing;
      if (at <= this.horizon && !this.parked.has(at) && this.building?.at !== at) return at;
    }
    return this.building?.at ?? null;
  }
}
