import type { SeriesSample } from '../../runtime/protocol';
import { formatCount } from '../format';
import { eventColor } from '../topology/palette';
import type { ChartLine, ChartSpec } from './chart-spec';
import { groupIds, partitionsRead } from './group-lines';

const PARTITION_DASH = '2 5';

/** Lag per consumer group (and, as detail, per partition of a stream group). */
export const lagSpec: ChartSpec<SeriesSample> = {
  id: 'lag',
  title: 'Lag',
  description: 'Consumer lag per group over virtual time: messages waiting for the group, or log end minus committed offset on a stream',
  yLabel: 'Messages behind',
  minY: 10,
  detailLabel: 'Per partition',
  format: (v) => formatCount(Math.round(v)),
  samples: (frame) => frame.series ?? [],
  lines(scenario) {
    return groupIds(scenario).flatMap((group, i): ChartLine<SeriesSample>[] => {
      const color = eventColor(i);
      const partitions = Array.from({ length: partitionsRead(scenario, group) }, (_, p): ChartLine<SeriesSample> => ({
        id: `${group}:p${p}`,
        kind: 'lag-partition',
        label: `${group} p${p}`,
        color,
        dash: PARTITION_DASH,
        detail: true,
        value: (s) => s.groups[group]?.partitions?.[p] ?? NaN,
      }));
      return [{ id: group, kind: 'lag', label: group, color, dash: '', testId: `lag-${group}`, value: (s) => s.groups[group]?.lag ?? NaN }, ...partitions];
    });
  },
};
