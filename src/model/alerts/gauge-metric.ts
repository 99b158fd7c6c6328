import type { ScalingMetric } from '../scaling/metric';
import type { AlertMetric, AlertMetricName } from './metric';

/**
 * A level read as it is now: a queue's ready depth (`depth`, and `lag` of a group reading a queue), a
 * stream group's records not yet committed (`lag`), or the age of its oldest one (`lag-seconds`). The
 * autoscaler reads the same levels, so this wraps its readers (src/model/scaling) rather than copying
 * them. `create` makes the reader once what it reads exists: a group or subscription that a timeline
 * action adds is missing when the monitor starts, and until then the reading is NaN.
 */
export class GaugeMetric implements AlertMetric {
  private reader: ScalingMetric | undefined;

  constructor(
    readonly name: Extract<AlertMetricName, 'depth' | 'lag' | 'lag-seconds'>,
    private readonly create: () => ScalingMetric | undefined,
  ) {}

  start(): void {}

  read(): number {
    this.reader ??= this.create();
    return this.reader === undefined ? NaN : this.reader.read();
  }
}
