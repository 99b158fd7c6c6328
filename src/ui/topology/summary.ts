import { INSTANCE_STATE, type TopologyFrame } from '../../runtime/movement';
import type { RunFrame } from '../../runtime/run';
import type { TopologyGraph } from '../../runtime/topology-graph';
import { formatCount } from '../format';

export interface SummaryLine {
  id: string;
  text: string;
}

const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * The canvas in words, one line per node, for screen readers (and for tests): what each node is,
 * what it holds and, for groups, how many instances are up.
 */
export function summarizeTopology(graph: TopologyGraph, frame: RunFrame | null, topology: TopologyFrame | undefined): SummaryLine[] {
  const lines: SummaryLine[] = [];
  const byNode = <T extends { node: number }>(list: T[] | undefined, node: number): T | undefined => list?.find((x) => x.node === node);
  // A subscription or group the timeline adds later is named with when it comes, not as if it were there.
  const now = frame?.time ?? 0;
  const comesAt = (from: number): string => `added at ${formatCount(from)} s`;
  for (const node of graph.nodes) {
    const read = node.reads >= 0 ? graph.nodes[node.reads]?.label : undefined;
    switch (node.kind) {
      case 'producer': {
        const p = frame?.producers[node.id];
        const target = graph.edges.find((e) => e.from === node.index && e.kind === 'publish');
        lines.push({ id: node.id, text: `Producer ${node.label}, publishes to ${target ? graph.nodes[target.to]!.label : 'nothing'}: ${plural(p?.published ?? 0, 'message')} sent.` });
        break;
      }
      case 'queue':
      case 'subscription': {
        const b = frame?.brokers[node.id];
        const what = node.dlq ? 'Dead-letter queue' : node.kind === 'subscription' ? `Subscription queue of ${graph.nodes[node.parent]!.label}` : 'Queue';
        if (node.from > now) {
          lines.push({ id: node.id, text: `${what} ${node.label}: ${comesAt(node.from)}.` });
          break;
        }
        lines.push({ id: node.id, text: `${what} ${node.label}: ${formatCount(b?.depth ?? 0)} ready, ${formatCount(b?.inflight ?? 0)} in flight.` });
        break;
      }
      case 'topic': {
        const subs = graph.nodes.filter((n) => n.parent === node.index).map((n) => (n.from > now ? `${n.label} (${comesAt(n.from)})` : n.label));
        lines.push({ id: node.id, text: `Topic ${node.label}, copies every message to ${subs.length === 0 ? 'no subscription yet' : subs.join(', ')}.` });
        break;
      }
      case 'bus': {
        const rules = graph.nodes.filter((n) => n.parent === node.index).map((n) => n.label);
        lines.push({ id: node.id, text: `Event bus ${node.label}, with ${plural(rules.length, 'rule')}${rules.length > 0 ? `: ${rules.join(', ')}` : ''}.` });
        break;
      }
      case 'stream': {
        const s = byNode(topology?.streams, node.index);
        let records = 0;
        let retained = 0;
        for (let p = 0; p < (s?.end.length ?? 0); p++) {
          records += s!.end[p]!;
          retained += s!.end[p]! - s!.start[p]!;
        }
        const lags = (topology?.offsets ?? [])
          .filter((o) => o.stream === node.index)
          .map((o) => {
            let lag = 0;
            for (let p = 0; p < o.committed.length; p++) lag += Math.max(0, (s?.end[p] ?? 0) - Math.max(0, o.committed[p]!));
            return `${graph.nodes[o.group]!.label} lags ${formatCount(lag)}`;
          });
        lines.push({ id: node.id, text: `Stream ${node.label}, ${plural(node.partitions, 'partition')}: ${plural(records, 'record')} appended, ${formatCount(retained)} retained${lags.length > 0 ? `; ${lags.join(', ')}` : ''}.` });
        break;
      }
      case 'group': {
        if (node.from > now) {
          lines.push({ id: node.id, text: `Consumer group ${node.label}, reads ${read ?? 'nothing'}: ${comesAt(node.from)}.` });
          break;
        }
        const g = byNode(topology?.groups, node.index);
        const f = frame?.groups[node.id];
        const count = g?.held.length ?? node.instances;
        let up = 0;
        let crashed = 0;
        let idle = 0;
        let busy = 0;
        for (let i = 0; i < count; i++) {
          const state = g ? g.state[i] : INSTANCE_STATE.live;
          if (state === INSTANCE_STATE.live) up++;
          if (state === INSTANCE_STATE.crashed) crashed++;
          if (state === INSTANCE_STATE.live && g?.owned[i] === 0) idle++;
          if (state === INSTANCE_STATE.live && (g?.held[i] ?? 0) > 0) busy++;
        }
        const extra = [crashed > 0 ? `${formatCount(crashed)} crashed` : '', idle > 0 ? `${formatCount(idle)} idle (no partition)` : ''].filter(Boolean).join(', ');
        lines.push({
          id: node.id,
          text: `Consumer group ${node.label}, reads ${read ?? 'nothing'}: ${formatCount(up)} of ${plural(count, 'instance')} up, ${formatCount(busy)} busy${extra ? `, ${extra}` : ''}; ${formatCount(f?.acked ?? 0)} processed.`,
        });
        break;
      }
      case 'rule':
        break;
    }
  }
  return lines;
}
