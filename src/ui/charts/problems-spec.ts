import type { SeriesSample } from '../../runtime/protocol';
import { EVENT_COLORS, TOPOLOGY_COLORS } from '../topology/palette';
import type { ChartSpec } from './chart-spec';
import { formatRate } from './rate-format';

/** What goes wrong, per second: losses, dead letters, duplicates (redeliveries) and retries. */
export const problemsSpec: ChartSpec<SeriesSample> = {
  id: 'problems',
  title: 'Problems',
  description: 'Drops, dead letters, duplicates (redeliveries) and retries per second over virtual time',
  yLabel: 'Per second (moving average)',
  smoothing: 6,
  minY: 1,
  format: formatRate,
  samples: (frame) => frame.series ?? [],
  lines: () => [
    { id: 'dropped', kind: 'dropped', label: 'Dropped/s', color: TOPOLOGY_COLORS.loss, dash: '', testId: 'rate-dropped', value: (s, dt) => s.dropped / dt },
    { id: 'dlq', kind: 'dead-lettered', label: 'To DLQ/s', color: EVENT_COLORS[3], dash: '9 6', testId: 'rate-dead-lettered', value: (s, dt) => s.deadLettered / dt },
    { id: 'dup', kind: 'redelivered', label: 'Duplicates/s', color: EVENT_COLORS[1], dash: '2 5', testId: 'rate-redelivered', value: (s, dt) => s.redelivered / dt },
    { id: 'retry', kind: 'retried', label: 'Retries/s', color: EVENT_COLORS[4], dash: '14 5 3 5', testId: 'rate-retried', value: (s, dt) => s.retried / dt },
  ],
};
