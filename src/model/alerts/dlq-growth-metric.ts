import type { AlertMetric, TargetLookup } from './metric';

/**
 * Messages that arrived in a dead-letter queue per second since the previous evaluation (new dead
 * letters, as an alert on CloudWatch's NumberOfMessagesSent of a DLQ). Arrivals, not net depth: a
 * consumer draining the DLQ or a redrive out of it does not hide that messages keep failing.
 */
export class DlqGrowthMetric implements AlertMetric {
  readonly name = 'dlq-growth';
  private arrived = 0;

  constructor(
    private readonly queue: TargetLookup<{ readonly adoptedTotal: number }>,
    /** The evaluation interval in seconds (> 0): the time the count is divided by. */
    private readonly interval: number,
  ) {
    if (!(interval > 0) || !Number.isFinite(interval)) throw new RangeError(`dlq-growth interval must be a finite number of seconds > 0, got ${String(interval)}`);
  }

  start(): void {
    this.arrived = this.queue()?.adoptedTotal ?? 0;
  }

  read(): number {
    const queue = this.queue();
    if (queue === undefined) return NaN;
    const arrived = queue.adoptedTotal - this.arrived;
    this.arrived = queue.adoptedTotal;
    return arrived / this.interval;
  }
}
