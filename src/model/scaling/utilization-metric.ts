import type { Simulation } from '../../engine';
import type { ScalingMetric } from './metric';

/** What UtilizationMetric reads: a group's busy and total workers now. */
export interface WorkerSource {
  /** Workers processing a message now. */
  readonly busyWorkers: number;
  /** Workers of the instances taking work. */
  readonly workerCount: number;
}

/**
 * The share of workers busy over the last evaluation interval (HPA's CPU utilisation target), as the
 * mean of `samples` evenly spaced readings of busy / total workers per interval. Sampling keeps the
 * group's per-message path untouched, so the cost is `samples` events per interval whatever the
 * message rate; an instant with no worker taking work (all crashed or cold-starting) is left out.
 */
export class UtilizationMetric implements ScalingMetric {
  readonly name = 'utilization';
  readonly targetType = 'value';
  private sum = 0;
  private count = 0;
  private readonly step: number;
  private readonly onSample = (): void => this.sample();

  constructor(
    private readonly sim: Simulation,
    private readonly group: WorkerSource,
    /** The autoscaler's evaluation interval, in seconds. */
    interval: number,
    /** Readings per interval (a whole number >= 1). */
    samples = 20,
  ) {
    if (!Number.isSafeInteger(samples) || samples < 1) throw new RangeError(`utilization samples must be a whole number >= 1, got ${String(samples)}`);
    if (!(interval > 0) || !Number.isFinite(interval)) throw new RangeError(`utilization interval must be a finite number of seconds > 0, got ${String(interval)}`);
    this.step = interval / samples;
  }

  start(): void {
    // Readings at the middle of each step, never at the instant the autoscaler evaluates.
    this.sim.schedule(this.step / 2, this.onSample);
  }

  read(): number {
    const mean = this.count > 0 ? this.sum / this.count : NaN;
    this.sum = 0;
    this.count = 0;
    return mean;
  }

  private sample(): void {
    const workers = this.group.workerCount;
    if (workers > 0) {
      this.sum += this.group.busyWorkers / workers;
      this.count++;
    }
    this.sim.schedule(this.step, this.onSample);
  }
}
