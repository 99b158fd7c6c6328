import type { Scenario } from '../scenario';
import { mostPartitions } from '../scenario/partitions';

/**
 * The scenario as a graph of places a message can be, numbered once so that the worker (which
 * reports movements by node index) and the lab's canvas (which draws nodes at those indices) agree
 * without sending names every frame. Both sides compute it from the same validated scenario, and the
 * numbering depends on nothing else.
 */

/** What a node stands for. A 'rule' is one routing rule inside a bus; a 'subscription' is a topic's queue. */
export type GraphNodeKind = 'producer' | 'queue' | 'subscription' | 'stream' | 'topic' | 'bus' | 'rule' | 'group';

export interface GraphNode {
  readonly index: number;
  /** The scenario id (a rule's is `bus/rule`, as the trace cannot name rules otherwise). */
  readonly id: string;
  readonly kind: GraphNodeKind;
  /** The label shown to people: the id, or the rule's own name. */
  readonly label: string;
  /** For a rule, its bus; for a subscription, its topic; else -1. */
  readonly parent: number;
  /** True when some queue, stream or bus target dead-letters into this queue. */
  readonly dlq: boolean;
  /** Partitions of a stream (else 0). */
  readonly partitions: number;
  /** For a group: the node it reads, its initial instance count and the slots (concurrent workers) of one instance. */
  readonly reads: number;
  readonly instances: number;
  readonly slots: number;
  /** Virtual time the node comes into being (a timeline add-subscription or add-group), else 0. */
  readonly from: number;
}

export type GraphEdgeKind = 'publish' | 'route' | 'read' | 'dead-letter';

export interface GraphEdge {
  readonly from: number;
  readonly to: number;
  readonly kind: GraphEdgeKind;
}

export interface TopologyGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Node index by id; also maps a stream's shared-group queue (`stream/group`) to the stream. */
  readonly byId: ReadonlyMap<string, number>;
  /** Distinct event types, in producer order; a producer's messages take the colour of its type. */
  readonly eventTypes: readonly string[];
  /** Event-type index by producer id. */
  readonly producerType: ReadonlyMap<string, number>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const NODE_DEFAULTS = { parent: -1, dlq: false, partitions: 0, reads: -1, instances: 0, slots: 0, from: 0 };

/** Builds the graph of a validated scenario, including what its timeline adds later. */
export function topologyGraph(scenario: Scenario): TopologyGraph {
  const nodes: Mutable<GraphNode>[] = [];
  const byId = new Map<string, number>();
  const edges: GraphEdge[] = [];
  const edgeKeys = new Set<string>();
  const add = (node: Omit<GraphNode, 'index' | keyof typeof NODE_DEFAULTS> & Partial<typeof NODE_DEFAULTS>): number => {
    const existing = byId.get(node.id);
    if (existing !== undefined) return existing;
    const index = nodes.length;
    nodes.push({ ...NODE_DEFAULTS, ...node, index });
    byId.set(node.id, index);
    return index;
  };
  const link = (from: string, to: string, kind: GraphEdgeKind): void => {
    const a = byId.get(from);
    const b = byId.get(to);
    const key = `${a}>${b}`;
    if (a === undefined || b === undefined || a === b || edgeKeys.has(key)) return;
    edgeKeys.add(key);
    edges.push({ from: a, to: b, kind });
  };

  for (const p of scenario.producers) add({ id: p.id, kind: 'producer', label: p.id });
  for (const b of scenario.brokers) {
    // Drawn with every partition it will ever have, so a live add-partitions has somewhere to show.
    if (b.kind === 'stream') add({ id: b.id, kind: 'stream', label: b.id, partitions: mostPartitions(scenario, b.id, b.partitions) });
    else add({ id: b.id, kind: b.kind, label: b.id });
  }
  for (const b of scenario.brokers) {
    if (b.kind === 'topic') {
      const topic = byId.get(b.id)!;
      for (const sub of b.subscriptions) add({ id: sub.id, kind: 'subscription', label: sub.id, parent: topic });
    } else if (b.kind === 'bus') {
      const bus = byId.get(b.id)!;
      for (const rule of b.rules) add({ id: `${b.id}/${rule.id}`, kind: 'rule', label: rule.id, parent: bus });
    }
  }
  for (const a of scenario.timeline) {
    if (a.action === 'add-subscription' && byId.has(a.topic)) {
      add({ id: a.subscription.id, kind: 'subscription', label: a.subscription.id, parent: byId.get(a.topic)!, from: a.at });
    }
  }
  const groups = [...scenario.consumers.map((spec) => ({ spec, from: 0 }))];
  for (const a of scenario.timeline) if (a.action === 'add-group') groups.push({ spec: a.group, from: a.at });
  for (const { spec, from } of groups) {
    const reads = byId.get(spec.reads) ?? -1;
    add({ id: spec.id, kind: 'group', label: spec.id, reads, instances: spec.instances, slots: spec.concurrency, from });
    // A shared stream group reads its own queue (`stream/group`); the canvas draws it as the stream.
    if (reads >= 0 && nodes[reads]!.kind === 'stream') byId.set(`${spec.reads}/${spec.id}`, reads);
  }

  // Dead-letter targets: marked so the layout can put each beside the queue that feeds it.
  const deadLetters: [string, string][] = [];
  for (const b of scenario.brokers) {
    if (b.kind === 'queue' && b.deadLetterTo !== undefined) deadLetters.push([b.id, b.deadLetterTo]);
    if (b.kind === 'topic') for (const sub of b.subscriptions) if (sub.deadLetterTo !== undefined) deadLetters.push([sub.id, sub.deadLetterTo]);
    if (b.kind === 'bus') {
      for (const rule of b.rules) for (const t of rule.targets) if (t.deadLetterTo !== undefined) deadLetters.push([`${b.id}/${rule.id}`, t.deadLetterTo]);
    }
  }
  // A shared stream group dead-letters poison entries itself; the canvas draws that as leaving the stream.
  for (const { spec } of groups) if (spec.share?.deadLetterTo !== undefined) deadLetters.push([spec.reads, spec.share.deadLetterTo]);
  for (const a of scenario.timeline) {
    if (a.action === 'add-subscription' && a.subscription.deadLetterTo !== undefined) deadLetters.push([a.subscription.id, a.subscription.deadLetterTo]);
  }
  for (const [, dlq] of deadLetters) {
    const index = byId.get(dlq);
    if (index !== undefined) nodes[index]!.dlq = true;
  }

  for (const p of scenario.producers) link(p.id, p.target, 'publish');
  for (const node of nodes) if (node.kind === 'subscription') link(nodes[node.parent]!.id, node.id, 'route');
  for (const b of scenario.brokers) {
    if (b.kind !== 'bus') continue;
    for (const rule of b.rules) for (const t of rule.targets) link(`${b.id}/${rule.id}`, t.to, 'route');
  }
  for (const { spec } of groups) link(spec.reads, spec.id, 'read');
  for (const [from, to] of deadLetters) link(from, to, 'dead-letter');

  const eventTypes: string[] = [];
  const producerType = new Map<string, number>();
  for (const p of scenario.producers) {
    if (!eventTypes.includes(p.eventType)) eventTypes.push(p.eventType);
    producerType.set(p.id, eventTypes.indexOf(p.eventType));
  }
  return { nodes, edges, byId, eventTypes, producerType };
}
