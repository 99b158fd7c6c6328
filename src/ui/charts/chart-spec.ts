import type { FrameMessage } from '../../runtime/protocol';
import type { Scenario } from '../../scenario';

/** Anything sampled at one virtual time (a DepthSample, a SeriesSample). */
export interface Timed {
  time: number;
}

/** One line of a chart: how it looks, how it is named, and how it reads its value from a sample. */
export interface ChartLine<S extends Timed> {
  /** Unique within the chart; also the `data-series` attribute of its path. */
  id: string;
  /** The path's extra class (`line-<kind>`), shared by lines of the same meaning. */
  kind: string;
  label: string;
  color: string;
  /** SVG dash array ('' for solid): the second channel besides colour. */
  dash: string;
  /** Shown only when the chart's detail is switched on (e.g. lag per partition). */
  detail?: boolean;
  /** data-testid of the line's latest value in the legend. */
  testId?: string;
  /** The value at a sample; NaN leaves a gap. `interval` is the sample interval, for rates. */
  value(sample: S, interval: number): number;
  /** The value now, between samples, so the line reaches the cursor (levels only, not interval counts). */
  live?(frame: FrameMessage): number;
}

/** What one chart shows: pure description, drawn by the generic time chart. */
export interface ChartSpec<S extends Timed> {
  id: string;
  /** The tab's name. */
  title: string;
  /** Accessible name of the chart. */
  description: string;
  yLabel: string;
  /** The y axis never shrinks below this, so a quiet chart does not look dramatic. */
  minY: number;
  /** The label of the detail toggle, when some lines are detail. */
  detailLabel?: string;
  format(value: number): string;
  /**
   * Seconds of a trailing average drawn instead of each interval's value (at most a 60th of the run,
   * at least one sample): counts over short intervals are too noisy to read.
   */
  smoothing?: number;
  lines(scenario: Scenario): ChartLine<S>[];
  /** The samples a frame brings. */
  samples(frame: FrameMessage): readonly S[];
}
