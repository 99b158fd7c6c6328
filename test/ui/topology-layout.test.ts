import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { topologyGraph, type TopologyGraph } from '../../src/runtime/topology-graph';
import { applyVariant, validateScenario, type Scenario } from '../../src/scenario';
import { layoutTopology, overlaps, type LayoutNode } from '../../src/ui/topology/layout';

const LIBRARY = ['design-challenge', 'checkout-burst', 'tour-sns', 'tour-kafka', 'best-practices', 'anti-pattern-no-monitoring'];

function scenario(name: string, variant?: string): Scenario {
  const raw: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../../scenarios', `${name}.json`), 'utf8'));
  const applied = applyVariant(raw, variant);
  if (!applied.ok) throw new Error(`variant ${variant} of ${name}: ${JSON.stringify(applied.errors)}`);
  const result = validateScenario(applied.data);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
  return result.scenario;
}

/** Every library scenario the lab shows first, and each variant of the design challenge. */
const CASES: [string, Scenario][] = [
  ...LIBRARY.map((name): [string, Scenario] => [name, scenario(name)]),
  ...['topic', 'queue', 'stream'].map((v): [string, Scenario] => [`design-challenge/${v}`, scenario('design-challenge', v)]),
  ['tour-kafka/twelve-partitions', scenario('tour-kafka', 'twelve-partitions')],
];

const SIZES = [
  [1184, 470],
  [900, 320],
];

const ROLE_ORDER = { producer: 0, broker: 1, group: 2 } as const;
const role = (box: LayoutNode): keyof typeof ROLE_ORDER => (box.node.kind === 'producer' ? 'producer' : box.node.kind === 'group' ? 'group' : 'broker');

describe.each(CASES)('the layout of %s', (_name, s) => {
  const graph: TopologyGraph = topologyGraph(s);

  it.each(SIZES)('places producers left of brokers and brokers left of groups at %ix%i', (width, height) => {
    const layout = layoutTopology(graph, width, height);
    const boxes = layout.nodes.filter((b) => b.node.kind !== 'rule');
    for (const a of boxes) {
      for (const b of boxes) {
        if (ROLE_ORDER[role(a)] < ROLE_ORDER[role(b)]) expect(a.x + a.w, `${a.node.id} before ${b.node.id}`).toBeLessThan(b.x);
      }
    }
  });

  it.each(SIZES)('draws no two boxes over each other and keeps them inside the %ix%i canvas', (width, height) => {
    const layout = layoutTopology(graph, width, height);
    const boxes = layout.nodes.filter((b) => b.node.kind !== 'rule');
    expect(boxes).toHaveLength(graph.nodes.filter((n) => n.kind !== 'rule').length);
    for (const [i, a] of boxes.entries()) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + a.w).toBeLessThanOrEqual(width);
      expect(a.y + a.h).toBeLessThanOrEqual(height);
      for (const b of boxes.slice(i + 1)) expect(overlaps(a, b), `${a.node.id} overlaps ${b.node.id}`).toBe(false);
    }
    // A bus's rules are rows inside it.
    for (const rule of layout.nodes.filter((b) => b.node.kind === 'rule')) {
      const bus = layout.nodes[rule.node.parent]!;
      expect(rule.y).toBeGreaterThanOrEqual(bus.y);
      expect(rule.y + rule.h).toBeLessThanOrEqual(bus.y + bus.h);
    }
  });

  it('gives every edge two laid-out ends and is the same every time', () => {
    const layout = layoutTopology(graph, 1184, 470);
    expect(layout.edges).toHaveLength(graph.edges.length);
    for (const e of layout.edges) {
      expect(layout.nodes[e.from], `edge from ${e.from}`).toBeDefined();
      expect(layout.nodes[e.to], `edge to ${e.to}`).toBeDefined();
      for (const v of [e.x0, e.y0, e.x1, e.y1]) expect(Number.isFinite(v)).toBe(true);
    }
    expect(layoutTopology(topologyGraph(s), 1184, 470)).toEqual(layout);
  });
});

describe('the layout of particular topologies', () => {
  it('puts a dead-letter queue right under the queue that dead-letters into it', () => {
    const graph = topologyGraph(scenario('best-practices'));
    const layout = layoutTopology(graph, 1184, 470);
    const orders = layout.nodes[graph.byId.get('orders')!]!;
    const dlq = layout.nodes[graph.byId.get('orders-dlq')!]!;
    expect(dlq.node.dlq).toBe(true);
    expect(dlq.column).toBe(orders.column);
    expect(dlq.y).toBeGreaterThan(orders.y + orders.h);
    expect(layout.edges.find((e) => e.kind === 'dead-letter')).toMatchObject({ from: orders.node.index, to: dlq.node.index });
  });

  it('puts a topic in a column of its own before its subscription queues, in file order', () => {
    const graph = topologyGraph(scenario('design-challenge'));
    const layout = layoutTopology(graph, 1184, 470);
    const topic = layout.nodes[graph.byId.get('user-events')!]!;
    const subs = ['email-sub', 'profile-sub', 'metrics-sub', 'fraud-sub'].map((id) => layout.nodes[graph.byId.get(id)!]!);
    expect(layout.columns).toBe(4);
    for (const sub of subs) expect(sub.column).toBe(topic.column + 1);
    expect(subs.map((b) => b.y)).toEqual([...subs.map((b) => b.y)].sort((a, b) => a - b));
    // Each group sits level with the subscription it reads.
    for (const id of ['email', 'profile', 'metrics', 'fraud']) {
      const group = layout.nodes[graph.byId.get(id)!]!;
      const sub = layout.nodes[group.node.reads]!;
      expect(Math.abs(group.y + group.h / 2 - (sub.y + sub.h / 2))).toBeLessThan(sub.h);
    }
  });

  it('routes a bus rule to its target queues and the analytics target dead-letters beside its queue', () => {
    const graph = topologyGraph(scenario('tour-sns'));
    const route = graph.edges.filter((e) => e.kind === 'route').map((e) => `${graph.nodes[e.from]!.id}>${graph.nodes[e.to]!.id}`);
    expect(route).toEqual([
      'order-events/billing-subscription>billing-queue',
      'order-events/shipping-subscription>shipping-queue',
      'order-events/analytics-subscription>analytics-queue',
    ]);
    const layout = layoutTopology(graph, 1184, 470);
    const dlq = layout.nodes[graph.byId.get('analytics-dlq')!]!;
    expect(dlq.node.dlq).toBe(true);
    expect(dlq.column).toBe(layout.nodes[graph.byId.get('order-events/analytics-subscription')!]!.column);
  });
});
