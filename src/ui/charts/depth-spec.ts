import type { DepthSample } from '../../runtime/protocol';
import { topologyGraph } from '../../runtime/topology-graph';
import { formatCount } from '../format';
import { SERIES_COLORS } from '../theme';
import { eventColor } from '../topology/palette';
import type { ChartLine, ChartSpec } from './chart-spec';

/** In flight is dashed, so ready and in flight differ by more than colour. */
const INFLIGHT_DASH = '9 6';

/** The places that hold messages (queues, subscriptions, streams), which is what a depth sample has levels for. */
export function levelBrokers(scenario: Parameters<typeof topologyGraph>[0]): string[] {
  return topologyGraph(scenario)
    .nodes.filter((n) => n.kind === 'queue' || n.kind === 'subscription' || n.kind === 'stream')
    .map((n) => n.id);
}

/** Queue depth (ready) and in-flight count per broker; one broker keeps the lab's ready/in-flight pair of colours. */
export const depthSpec: ChartSpec<DepthSample> = {
  id: 'depth',
  title: 'Depth',
  description: 'Queue depth (ready) and in-flight messages per broker over virtual time',
  yLabel: 'Messages',
  minY: 10,
  format: (v) => formatCount(Math.round(v)),
  samples: (frame) => frame.samples,
  lines(scenario) {
    const brokers = levelBrokers(scenario);
    const many = brokers.length > 1;
    return brokers.flatMap((id, i): ChartLine<DepthSample>[] => [
      {
        id: `${id}:ready`,
        kind: 'ready',
        label: many ? `${id} ready` : 'Ready (waiting)',
        color: many ? eventColor(i) : SERIES_COLORS.ready,
        dash: '',
        testId: `ready-${id}`,
        value: (s) => s.brokers[id]?.depth ?? 0,
        live: (f) => f.frame.brokers[id]?.depth ?? 0,
      },
      {
        id: `${id}:inflight`,
        kind: 'inflight',
        label: many ? `${id} in flight` : 'In flight (being processed)',
        color: many ? eventColor(i) : SERIES_COLORS.inflight,
        dash: INFLIGHT_DASH,
        testId: `inflight-${id}`,
        value: (s) => s.brokers[id]?.inflight ?? 0,
        live: (f) => f.frame.brokers[id]?.inflight ?? 0,
      },
    ]);
  },
};
