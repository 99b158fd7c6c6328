import type { DepthSample, SeriesSample } from './protocol';
import type { Run } from './run';

/** The chart never needs more points than this per run, whatever the scenario's own sample interval. */
export const MAX_CHART_SAMPLES = 2000;

/** How many events run between two looks at the wall clock: reading it per event would cost more than the event. */
const EVENTS_PER_CLOCK_CHECK = 256;

/** The chart's sample interval: the scenario's (or duration / 500), but never finer than duration / MAX_CHART_SAMPLES. */
export function chartSampleInterval(duration: number, scenarioInterval: number | undefined): number {
  return Math.max(scenarioInterval ?? duration / 500, duration / MAX_CHART_SAMPLES);
}

/**
 * A Run advanced in wall-time-bounded pieces that records broker levels at fixed virtual times.
 * Each sample is taken exactly at its time (after the events due at that time), however the run is
 * cut into pieces, so the chart does not depend on the playback speed. Cutting never changes the
 * run itself: the events and the trace are those of one uninterrupted `advanceTo(duration)`.
 */
export class SampledRun {
  private nextIndex = 0;
  private pending: DepthSample[] = [];
  private pendingSeries: SeriesSample[] = [];

  /** `series`, when given, is asked for the charts' other series at each sample time (see ChartTap). */
  constructor(
    readonly run: Run,
    readonly interval: number,
    private readonly series?: { sample(time: number, brokers: DepthSample['brokers']): SeriesSample },
  ) {
    if (!(interval > 0) || !Number.isFinite(interval)) throw new RangeError(`sample interval must be > 0, got ${interval}`);
    this.catchUp();
  }

  private get nextSampleTime(): number {
    return this.nextIndex * this.interval;
  }

  /**
   * Runs events up to virtual time `target` (capped at the duration), stopping early once `clock()`
   * reaches `deadline`. Returns true when the target was reached.
   */
  advance(target: number, deadline: number, clock: () => number): boolean {
    const run = this.run;
    const end = Math.min(target, run.duration);
    let first = true;
    while (run.now < end) {
      if (!first && clock() >= deadline) return false;
      first = false;
      const boundary = Math.min(end, this.nextSampleTime);
      // Whole batches between looks at the clock: stepping event by event would read it twice per event.
      while (run.runEvents(boundary, EVENTS_PER_CLOCK_CHECK) === EVENTS_PER_CLOCK_CHECK) {
        if (clock() >= deadline) {
          this.catchUp();
          return false;
        }
      }
      run.advanceTo(boundary);
      this.catchUp();
    }
    return true;
  }

  /** Runs exactly one event (taking any samples due before it); false when none was left in the run. */
  step(): boolean {
    const run = this.run;
    if (run.done) return false;
    while (this.nextSampleTime < run.nextEventTime && this.nextSampleTime <= run.duration) {
      run.advanceTo(this.nextSampleTime);
      this.catchUp();
    }
    const stepped = run.step();
    this.catchUp();
    return stepped;
  }

  /** The samples taken since the last call. */
  takeSamples(): DepthSample[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** The series samples taken since the last call, one per depth sample. */
  takeSeries(): SeriesSample[] {
    const taken = this.pendingSeries;
    this.pendingSeries = [];
    return taken;
  }

  /** Records every sample whose time the run has reached. */
  private catchUp(): void {
    const run = this.run;
    while (this.nextSampleTime <= run.now && this.nextSampleTime <= run.duration) {
      const brokers = run.brokerLevels();
      this.pending.push({ time: this.nextSampleTime, brokers });
      if (this.series) this.pendingSeries.push(this.series.sample(this.nextSampleTime, brokers));
      this.nextIndex++;
    }
  }
}
