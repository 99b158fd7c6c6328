/** Dynamic scaling: an autoscaler and its metric readers, one reader per file behind the `ScalingMetric` protocol. */
export { Autoscaler, type AutoscalerOptions, type AutoscalerChange, type ScalableGroup } from './autoscaler';
export { desiredInstances, type ScalingRule } from './desired-instances';
export { METRIC_NAMES, type MetricName, type ScalingMetric, type TargetType } from './metric';
export { DepthMetric } from './depth-metric';
export { LagMetric } from './lag-metric';
export { LagSecondsMetric, type LagAgeSource } from './lag-seconds-metric';
export { UtilizationMetric, type WorkerSource } from './utilization-metric';
