import { depthSpec } from './depth-spec';
import { lagSpec } from './lag-spec';
import { latencySpec } from './latency-spec';
import { problemsSpec } from './problems-spec';
import { throughputSpec } from './throughput-spec';
import type { ChartSpec, Timed } from './chart-spec';

export { createTimeChart, type TimeChart, type TimeChartRun } from './time-chart';
export type { ChartLine, ChartSpec } from './chart-spec';

/** The lab's charts, in tab order. Widened for the list: each spec only ever sees the samples its own `samples` returns. */
export const CHART_SPECS: readonly ChartSpec<Timed>[] = [depthSpec, lagSpec, throughputSpec, latencySpec, problemsSpec] as unknown as ChartSpec<Timed>[];
