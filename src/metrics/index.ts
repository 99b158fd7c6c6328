/** Pure observers of the trace: counters, levels, latency histograms, the auditor and the trace hash. */
export { RunMetrics, type RunMetricsOptions, type MetricsReport, type RunFrameCounters } from './run-metrics';
export type * from './report';
export type { Topology, TopologyBroker, TopologyGroup, TopologyBrokerKind } from './topology';
export { LatencyHistogram, type LatencySummary } from './latency';
export { TimeWeightedLevel } from './time-average';
export { TraceHasher } from './trace-hash';
export { Auditor, type ObservedModel, type ObservedQueue, type ObservedStreamGroup } from './auditor';
export { DepthSeries } from './depth-series';
export { mmcTheory, mmckTheory, type QueueTheory } from './queueing-theory';
