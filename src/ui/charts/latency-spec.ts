import type { SeriesSample } from '../../runtime/protocol';
import { formatLatency } from '../format';
import { eventColor } from '../topology/palette';
import type { ChartLine, ChartSpec } from './chart-spec';
import { groupIds } from './group-lines';

/** The percentiles drawn, each with its own dash so that they differ without colour. */
const PERCENTILES = [
  { key: 'p50', dash: '' },
  { key: 'p95', dash: '9 6' },
  { key: 'p99', dash: '2 5' },
] as const;

/** End-to-end latency (publish to ack) percentiles per group over each sample interval's acks; gaps where a group acked nothing. */
export const latencySpec: ChartSpec<SeriesSample> = {
  id: 'latency',
  title: 'Latency',
  description: 'End-to-end latency per group over virtual time: p50, p95 and p99 of the messages acknowledged in each interval',
  yLabel: 'Seconds (publish → ack)',
  minY: 0.1,
  format: (v) => (v === 0 ? '0' : v >= 10 ? `${Math.round(v)} s` : formatLatency(v)),
  samples: (frame) => frame.series ?? [],
  lines(scenario) {
    return groupIds(scenario).flatMap((group, i) =>
      PERCENTILES.map(
        ({ key, dash }): ChartLine<SeriesSample> => ({
          id: `${group}:${key}`,
          kind: key,
          label: `${group} ${key}`,
          color: eventColor(i),
          dash,
          testId: `latency-${group}-${key}`,
          value: (s) => s.groups[group]?.[key] ?? NaN,
        }),
      ),
    );
  },
};
