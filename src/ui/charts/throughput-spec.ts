import type { SeriesSample } from '../../runtime/protocol';
import { TOPOLOGY_COLORS, eventColor } from '../topology/palette';
import type { ChartLine, ChartSpec } from './chart-spec';
import { groupIds } from './group-lines';
import { formatRate } from './rate-format';

/**
 * Messages published per second (in) and acknowledged per second by each group (out). Out is per
 * group because every group of a topic or stream gets its own copy: summed, out would exceed in.
 */
export const throughputSpec: ChartSpec<SeriesSample> = {
  id: 'throughput',
  title: 'Throughput',
  description: 'Throughput over virtual time: messages published per second (in) and acknowledged per second by each consumer group (out)',
  yLabel: 'Messages per second (moving average)',
  minY: 1,
  smoothing: 6,
  format: formatRate,
  samples: (frame) => frame.series ?? [],
  lines: (scenario) => [
    { id: 'in', kind: 'published', label: 'In: published/s', color: TOPOLOGY_COLORS.ink, dash: '9 6', testId: 'rate-published', value: (s, dt) => s.published / dt },
    ...groupIds(scenario).map(
      (group, i): ChartLine<SeriesSample> => ({
        id: `out:${group}`,
        kind: 'acked',
        label: `Out: ${group} acked/s`,
        color: eventColor(i),
        dash: '',
        testId: `rate-acked-${group}`,
        value: (s, dt) => (s.groups[group]?.acked ?? 0) / dt,
      }),
    ),
  ],
};
