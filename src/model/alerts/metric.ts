/**
 * What an alert can watch:
 * - depth:       ready messages in a queue or subscription (a broker alert);
 * - lag:         messages waiting for a group: its queue's ready depth, or a stream group's records
 *                appended and not yet committed, over every partition;
 * - lag-seconds: age of the oldest record a stream group has not committed;
 * - error-rate:  failed attempts / attempts of a queue group over the last evaluation interval;
 * - dlq-growth:  messages that arrived in a dead-letter queue per second over the last interval.
 */
export type AlertMetricName = 'depth' | 'lag' | 'lag-seconds' | 'error-rate' | 'dlq-growth';

export const ALERT_METRIC_NAMES: readonly AlertMetricName[] = ['depth', 'lag', 'lag-seconds', 'error-rate', 'dlq-growth'];

/**
 * The protocol every alert metric reader implements (one reader per file). A reader reads model
 * state when the alert evaluates, never the trace: the model does not listen to its own output.
 */
export interface AlertMetric {
  readonly name: AlertMetricName;
  /** Called once when the monitor starts; a reader of a rate takes its first totals here. */
  start(): void;
  /**
   * The value at this evaluation, or NaN when there is nothing to read (the target does not exist
   * yet, or a rate had no events to divide by). NaN never breaches a threshold.
   */
  read(): number;
}

/**
 * How a reader finds what it watches at evaluation time. A lookup rather than the object itself,
 * because a group or subscription a timeline action adds does not exist when the monitor starts.
 */
export type TargetLookup<T> = () => T | undefined;
