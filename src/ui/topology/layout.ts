import type { GraphEdgeKind, GraphNode, TopologyGraph } from '../../runtime/topology-graph';

/**
 * Where the topology canvas draws each node: producers in the left column, brokers in the middle
 * (routers such as topics and buses before the queues and streams they feed, each dead-letter queue
 * right under the queue that feeds it), consumer groups in the right column. Pure and deterministic:
 * the same graph and size always give the same boxes.
 */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LayoutNode extends Box {
  node: GraphNode;
  column: number;
}

export interface LayoutEdge {
  from: number;
  to: number;
  kind: GraphEdgeKind;
  /** End points: the source's exit and the target's entry. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface TopologyLayout {
  width: number;
  height: number;
  columns: number;
  /** By node index; a rule's box is a row inside its bus's box. */
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  /** Pixels per layout unit: text and marks scale with it. */
  unit: number;
  /** Height of the tallest column, in layout units. */
  contentUnits: number;
}

/** Pixels per unit at which a topology looks its best; a taller canvas only adds empty margins. */
const COMFORTABLE_UNIT = 80;

/** The canvas height at which `layout`'s content is comfortably sized (at least `min`). */
export function preferredHeight(layout: TopologyLayout, min = 220): number {
  return Math.max(min, Math.ceil(layout.contentUnits * COMFORTABLE_UNIT + 2 * PAD_Y));
}

/** Heights in layout units; one unit is the height of a queue box. */
const GAP = 0.4;
const DLQ_GAP = 0.25;
const MAX_UNIT = 84;
const MIN_UNIT = 24;
const PAD_X = 14;
const PAD_Y = 12;
const MAX_BOX_W = 260;
export const INSTANCES_PER_ROW = 8;
const RULE_UNITS = 0.42;
const BUS_HEAD = 0.62;

/** Height of a stream's partition strip, in units: 0.3 each up to 8 partitions, then they share 2.4 units. */
export function stripUnits(partitions: number): number {
  return Math.min(0.3, 2.4 / Math.max(1, partitions));
}

function heightUnits(node: GraphNode, rules: number): number {
  switch (node.kind) {
    case 'producer':
      return 0.8;
    case 'queue':
    case 'subscription':
      return 1;
    case 'topic':
      return 1;
    case 'bus':
      return BUS_HEAD + rules * RULE_UNITS + 0.12;
    case 'stream':
      return 0.7 + node.partitions * stripUnits(node.partitions);
    case 'group':
      return Math.max(1, 0.62 + Math.ceil(Math.max(1, node.instances) / INSTANCES_PER_ROW) * 0.34);
    case 'rule':
      return RULE_UNITS;
  }
}

/** Lays out `graph` in a `width` × `height` canvas (CSS pixels). */
export function layoutTopology(graph: TopologyGraph, width: number, height: number): TopologyLayout {
  const { nodes } = graph;
  const rulesOf = new Map<number, GraphNode[]>();
  for (const n of nodes) if (n.kind === 'rule') rulesOf.set(n.parent, [...(rulesOf.get(n.parent) ?? []), n]);
  /** The node a rule stands in for when ranking and ordering: its bus. */
  const owner = (i: number): number => (nodes[i]!.kind === 'rule' ? nodes[i]!.parent : i);

  // Dead-letter queues sit under their first source; everything else is ranked by what feeds it.
  const dlqSource = new Map<number, number>();
  for (const e of graph.edges) if (e.kind === 'dead-letter' && !dlqSource.has(e.to) && owner(e.from) !== e.to) dlqSource.set(e.to, owner(e.from));
  const feeds = graph.edges.filter((e) => e.kind === 'publish' || e.kind === 'route');

  const rank: number[] = nodes.map((n) => (n.kind === 'producer' ? 0 : 1));
  for (let pass = 0; pass < nodes.length; pass++) {
    let changed = false;
    for (const e of feeds) {
      const to = owner(e.to);
      if (nodes[to]!.kind === 'group' || dlqSource.has(to)) continue;
      const want = rank[owner(e.from)]! + 1;
      if (want > rank[to]! && want <= nodes.length) {
        rank[to] = want;
        changed = true;
      }
    }
    if (!changed) break;
  }
  const settle = (i: number, seen = new Set<number>()): number => {
    const source = dlqSource.get(i);
    if (source === undefined || seen.has(i)) return rank[i]!;
    seen.add(i);
    return settle(source, seen);
  };
  for (const i of dlqSource.keys()) rank[i] = settle(i);

  // Compress the broker ranks into consecutive columns; groups take the last one.
  const brokerRanks = [...new Set(nodes.filter((n) => n.kind !== 'producer' && n.kind !== 'group' && n.kind !== 'rule').map((n) => rank[n.index]!))].sort((a, b) => a - b);
  const columnOf = (n: GraphNode): number => {
    if (n.kind === 'producer') return 0;
    if (n.kind === 'group') return brokerRanks.length + 1;
    return 1 + brokerRanks.indexOf(rank[owner(n.index)]!);
  };
  const columns = brokerRanks.length + 2;
  const stacks: number[][] = Array.from({ length: columns }, () => []);
  for (const n of nodes) if (n.kind !== 'rule' && !dlqSource.has(n.index)) stacks[columnOf(n)]!.push(n.index);

  // Order each column by where its sources sit (a barycentre), so edges mostly run straight.
  const order = new Map<number, number>();
  const sourcesOf = (i: number): number[] => {
    const n = nodes[i]!;
    if (n.kind === 'group') return n.reads >= 0 ? [n.reads] : [];
    return feeds.filter((e) => owner(e.to) === i).map((e) => owner(e.from));
  };
  const withDlqs = (stack: number[]): number[] =>
    stack.flatMap((i) => {
      const placed = [i];
      for (const [dlq, source] of dlqSource) if (source === i) placed.push(...withDlqs([dlq]).filter((d) => !placed.includes(d)));
      return placed;
    });
  stacks.forEach((stack, c) => {
    if (c > 0) {
      const key = (i: number): number => {
        const known = sourcesOf(i).map((s) => order.get(s)).filter((v): v is number => v !== undefined);
        return known.length === 0 ? Infinity : known.reduce((a, b) => a + b, 0) / known.length;
      };
      const keys = new Map(stack.map((i) => [i, key(i)]));
      stack.sort((a, b) => keys.get(a)! - keys.get(b)! || a - b);
    }
    const placed = withDlqs(stack);
    stack.splice(0, stack.length, ...placed);
    // Positions centred on 0, so barycentres compare across columns of different lengths.
    placed.forEach((i, k) => order.set(i, k - (placed.length - 1) / 2));
  });

  const units = (i: number): number => heightUnits(nodes[i]!, rulesOf.get(i)?.length ?? 0);
  const columnUnits = stacks.map((stack) => stack.reduce((sum, i, k) => sum + units(i) + (k === 0 ? 0 : dlqSource.has(i) ? DLQ_GAP : GAP), 0));
  const tallest = Math.max(1, ...columnUnits);
  const unit = Math.max(MIN_UNIT, Math.min(MAX_UNIT, (height - 2 * PAD_Y) / tallest));
  const columnWidth = (width - 2 * PAD_X) / columns;
  const boxWidth = Math.min(MAX_BOX_W, columnWidth * 0.72);

  const laid: LayoutNode[] = new Array(nodes.length);
  stacks.forEach((stack, c) => {
    const cx = PAD_X + columnWidth * (c + 0.5);
    let y = PAD_Y + Math.max(0, (height - 2 * PAD_Y - columnUnits[c]! * unit) / 2);
    stack.forEach((i, k) => {
      if (k > 0) y += (dlqSource.has(i) ? DLQ_GAP : GAP) * unit;
      const node = nodes[i]!;
      const dlq = dlqSource.has(i);
      const w = dlq ? boxWidth * 0.9 : boxWidth;
      const h = units(i) * unit;
      laid[i] = { node, column: c, x: cx - w / 2, y, w, h };
      y += h;
    });
  });
  for (const [bus, rules] of rulesOf) {
    const b = laid[bus];
    if (!b) continue;
    rules.forEach((rule, k) => {
      laid[rule.index] = { node: rule, column: b.column, x: b.x + 8, y: b.y + (BUS_HEAD + k * RULE_UNITS) * unit, w: b.w - 16, h: RULE_UNITS * unit - 4 };
    });
  }

  const edges: LayoutEdge[] = [];
  for (const e of graph.edges) {
    const a = laid[e.from];
    const b = laid[e.to];
    if (!a || !b) continue;
    if (e.kind === 'dead-letter' && dlqSource.get(e.to) === owner(e.from)) {
      edges.push({ ...e, x0: b.x + b.w / 2, y0: laid[owner(e.from)]!.y + laid[owner(e.from)]!.h, x1: b.x + b.w / 2, y1: b.y });
    } else {
      edges.push({ ...e, x0: a.x + a.w, y0: edgeY(a, unit), x1: b.x, y1: edgeY(b, unit) });
    }
  }
  return { width, height, columns, nodes: laid, edges, unit, contentUnits: tallest };
}

/** The buffer bar of a queue or subscription: ready messages fill it from the right (the head), in flight beyond. */
export function bufferBar(box: Box, unit: number): Box {
  const h = Math.max(8, Math.min(16, unit * 0.22));
  return { x: box.x + 8, y: box.y + box.h - h - Math.max(5, unit * 0.08), w: box.w - 16, h };
}

/** Height at which edges meet a box: a queue's buffer bar (where its dots go), else the middle. */
function edgeY(box: LayoutNode, unit: number): number {
  if (box.node.kind !== 'queue' && box.node.kind !== 'subscription') return box.y + box.h / 2;
  const bar = bufferBar(box, unit);
  return bar.y + bar.h / 2;
}

/** Whether two boxes overlap (touching edges do not count). */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
