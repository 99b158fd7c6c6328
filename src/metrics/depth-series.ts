import type { DepthSeriesReport } from './report';
import type { TimeWeightedLevel } from './time-average';

interface SeriesTrack {
  depth: TimeWeightedLevel;
  inflight: TimeWeightedLevel;
  depthSamples: number[];
  inflightSamples: number[];
}

/**
 * Samples each broker's ready depth and in-flight count every `interval` virtual seconds. Samples are
 * taken lazily when a record passes a sample time, so a quiet stretch costs nothing until it ends.
 * Each sample is the level just before the sample time.
 */
export class DepthSeries {
  private readonly times: number[] = [];
  private readonly tracks = new Map<string, SeriesTrack>();
  private nextSample = 0;

  constructor(readonly interval: number) {
    if (!(interval > 0) || !Number.isFinite(interval)) throw new RangeError(`sample interval must be > 0, got ${interval}`);
  }

  track(broker: string, depth: TimeWeightedLevel, inflight: TimeWeightedLevel): void {
    this.tracks.set(broker, { depth, inflight, depthSamples: [], inflightSamples: [] });
  }

  /** Takes every sample due strictly before `time`, and the one at `time` too when `inclusive`. */
  advanceTo(time: number, inclusive = false): void {
    while (this.nextSample < time || (inclusive && this.nextSample === time)) {
      this.times.push(this.nextSample);
      for (const track of this.tracks.values()) {
        track.depthSamples.push(track.depth.current);
        track.inflightSamples.push(track.inflight.current);
      }
      this.nextSample = this.times.length * this.interval;
    }
  }

  report(): DepthSeriesReport {
    const brokers: DepthSeriesReport['brokers'] = {};
    for (const [id, t] of this.tracks) brokers[id] = { depth: t.depthSamples.slice(), inflight: t.inflightSamples.slice() };
    return { interval: this.interval, time: this.times.slice(), brokers };
  }
}
