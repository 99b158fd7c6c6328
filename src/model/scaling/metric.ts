/**
 * How an autoscaler turns a metric reading into an instance count, as Kubernetes' HPA (and KEDA, which
 * drives it) does:
 * - 'average-value': the reading is a total the instances share (queue depth, stream lag), and the
 *   target is how much of it one instance should have: desired = ⌈reading / target⌉.
 * - 'value': the reading is already per instance or group-wide (utilisation, lag age), and the
 *   group should grow or shrink in proportion: desired = ⌈current × reading / target⌉.
 * Both are HPA's one rule, desired = ⌈current × perInstance / target⌉, with perInstance = total / current
 * for the first.
 */
export type TargetType = 'average-value' | 'value';

/** The metrics an autoscaler can read. */
export type MetricName = 'depth' | 'lag' | 'lag-seconds' | 'utilization';

export const METRIC_NAMES: readonly MetricName[] = ['depth', 'lag', 'lag-seconds', 'utilization'];

/**
 * The protocol every metric reader implements (one reader per file): what it reads, how its target
 * is meant, and one reading per evaluation.
 */
export interface ScalingMetric {
  readonly name: MetricName;
  readonly targetType: TargetType;
  /** Called once when the autoscaler starts; a reader that averages over time starts measuring here. */
  start(): void;
  /**
   * The reading for the evaluation due now, or NaN when there is nothing to read (no instance took
   * work during the interval), in which case the autoscaler keeps the count.
   */
  read(): number;
}
