import type { AlertMetric, TargetLookup } from './metric';

/** What ErrorRateMetric reads: a queue group's running totals of processing attempts. */
export interface AttemptCounts {
  /** Processing attempts settled so far (skips of known duplicates excluded). */
  readonly attempts: number;
  /** Of those, attempts that failed (transient, fatal, outage or circuit-open). */
  readonly failures: number;
}

/**
 * The share of a group's attempts that failed since the previous evaluation (Prometheus'
 * `rate(failures[i]) / rate(attempts[i])` with i the evaluation interval). An interval without a
 * single attempt has no rate: NaN, which never breaches, as 0 / 0 in Prometheus. Fast failures of an
 * open circuit count: a monitor sees them as errors too.
 */
export class ErrorRateMetric implements AlertMetric {
  readonly name = 'error-rate';
  private attempts = 0;
  private failures = 0;

  constructor(private readonly group: TargetLookup<AttemptCounts>) {}

  start(): void {
    const group = this.group();
    this.attempts = group?.attempts ?? 0;
    this.failures = group?.failures ?? 0;
  }

  read(): number {
    const group = this.group();
    if (group === undefined) return NaN;
    const attempts = group.attempts - this.attempts;
    const failures = group.failures - this.failures;
    this.attempts = group.attempts;
    this.failures = group.failures;
    return attempts > 0 ? failures / attempts : NaN;
  }
}
