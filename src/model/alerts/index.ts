/** Alerts: a monitor of threshold rules and its metric readers, one reader per file behind the `AlertMetric` protocol. */
export { AlertMonitor, type AlertRule } from './alert-monitor';
export { ALERT_METRIC_NAMES, type AlertMetric, type AlertMetricName, type TargetLookup } from './metric';
export { GaugeMetric } from './gauge-metric';
export { ErrorRateMetric, type AttemptCounts } from './error-rate-metric';
export { DlqGrowthMetric } from './dlq-growth-metric';
