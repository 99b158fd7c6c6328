import { describe, expect, it } from 'vitest';
import { MOVE, type MovementBatch } from '../../src/runtime/movement';
import { topologyGraph } from '../../src/runtime/topology-graph';
import { DotRing, progressOf } from '../../src/ui/topology/dot-ring';
import { layoutTopology } from '../../src/ui/topology/layout';
import { BURST_MS, SHAPE, spawnBatch, STILL_MS, TRAVEL_MS, type SpawnContext } from '../../src/ui/topology/motion';
import { scenarioFrom } from '../helpers/scenarios';

describe('the dot ring', () => {
  it('keeps spawned dots in order and retires them once finished', () => {
    const ring = new DotRing(4);
    ring.spawn(0, 0, 10, 0, 0, 100, 1);
    ring.spawn(0, 0, 10, 0, 50, 100, 2);
    expect(ring.size).toBe(2);
    expect(progressOf(ring, ring.at(0), 50)).toBe(0.5);
    ring.retire(100);
    expect(ring.size).toBe(1);
    expect(ring.style[ring.at(0)]).toBe(2);
    ring.retire(150);
    expect(ring.size).toBe(0);
  });

  it('overwrites the oldest dot when full, counting it, and never grows', () => {
    const ring = new DotRing(3);
    for (let i = 0; i < 5; i++) ring.spawn(i, 0, 0, 0, i, 1000, i);
    expect(ring.size).toBe(3);
    expect(ring.overwritten).toBe(2);
    expect([0, 1, 2].map((k) => ring.style[ring.at(k)])).toEqual([2, 3, 4]);
    expect(ring.x0).toHaveLength(3);
  });

  it('rejects a capacity below one', () => {
    expect(() => new DotRing(0)).toThrow(RangeError);
  });
});

const scenario = scenarioFrom({
  version: 1,
  name: 'motion fixture',
  duration: 10,
  producers: [{ id: 'p', target: 'q', rate: { perSecond: 1 } }],
  brokers: [
    { id: 'q', kind: 'queue', deadLetterTo: 'dlq' },
    { id: 'dlq', kind: 'queue' },
  ],
  consumers: [{ id: 'g', reads: 'q', instances: 2, processing: { type: 'constant', value: 1 } }],
});
const graph = topologyGraph(scenario);
const layout = layoutTopology(graph, 900, 400);
const n = (id: string): number => graph.byId.get(id)!;

function batchOf(entries: { kind: number; time: number; from: string; to: string; slot?: number }[]): MovementBatch {
  const count = entries.length;
  const batch: MovementBatch = {
    count,
    omitted: 0,
    start: 0,
    end: 1,
    kind: new Uint8Array(count),
    reason: new Uint8Array(count),
    colour: new Uint8Array(count),
    time: new Float64Array(count),
    message: new Float64Array(count),
    from: new Int32Array(count),
    to: new Int32Array(count),
    slot: new Int32Array(count),
    partition: new Int32Array(count).fill(-1),
  };
  entries.forEach((e, i) => {
    batch.kind[i] = e.kind;
    batch.time[i] = e.time;
    batch.from[i] = n(e.from);
    batch.to[i] = n(e.to);
    batch.slot[i] = e.slot ?? 0;
  });
  return batch;
}

function context(reducedMotion: boolean): SpawnContext {
  return {
    layout,
    instances: () => 2,
    edgeIndex: new Map(layout.edges.map((e, i) => [e.from * 65536 + e.to, i])),
    activity: new Float32Array(layout.edges.length),
    reducedMotion,
  };
}

describe('spawning a frame’s movements', () => {
  const batch = batchOf([
    { kind: MOVE.published, time: 0, from: 'p', to: 'q' },
    { kind: MOVE.delivered, time: 0.5, from: 'q', to: 'g', slot: 2 },
    { kind: MOVE.dropped, time: 1, from: 'q', to: 'q' },
    { kind: MOVE['dead-lettered'], time: 1, from: 'q', to: 'dlq' },
    { kind: MOVE.acked, time: 1, from: 'g', to: 'g', slot: 2 },
  ]);

  it('sends dots along edges spread over the frame’s wall time, and bursts where a message is lost', () => {
    const dots = new DotRing(16);
    const bursts = new DotRing(16);
    const ctx = context(false);
    spawnBatch(batch, ctx, dots, bursts, 1000, 200);
    expect(dots.size).toBe(3);
    expect(bursts.size).toBe(1);
    const [published, delivered, deadLettered] = [0, 1, 2].map((k) => dots.at(k));
    expect([dots.start[published!], dots.start[delivered!], dots.start[deadLettered!]]).toEqual([1000, 1100, 1200]);
    expect(dots.duration[published!]).toBe(TRAVEL_MS);
    // The publish leaves the producer's box and ends at the queue's buffer bar.
    const p = layout.nodes[n('p')]!;
    const q = layout.nodes[n('q')]!;
    expect(dots.x0[published!]).toBeCloseTo(p.x + p.w);
    expect(dots.x1[published!]).toBeGreaterThanOrEqual(q.x);
    // The delivery ends inside the group's box, at instance #2's cell.
    const g = layout.nodes[n('g')]!;
    expect(dots.x1[delivered!]).toBeGreaterThan(g.x);
    expect(dots.x1[delivered!]).toBeLessThan(g.x + g.w);
    expect(dots.style[deadLettered!]! >> 4).toBe(SHAPE.diamond);
    expect(bursts.style[bursts.at(0)]! >> 4).toBe(SHAPE.cross);
    expect(bursts.duration[bursts.at(0)]).toBe(BURST_MS);
    // Each movement along an edge makes that edge busier.
    expect([...ctx.activity].reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('draws no travelling dots with reduced motion, only still bursts and busier edges', () => {
    const dots = new DotRing(16);
    const bursts = new DotRing(16);
    const ctx = context(true);
    spawnBatch(batch, ctx, dots, bursts, 0, 200);
    expect(dots.size).toBe(0);
    expect(bursts.size).toBe(1);
    expect(bursts.duration[bursts.at(0)]).toBe(STILL_MS);
    expect([...ctx.activity].reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('spawns 5,000 dots into a ring of 5,000 without allocating a dot object', () => {
    const many = batchOf(Array.from({ length: 5000 }, (_, i) => ({ kind: MOVE.published, time: i / 5000, from: 'p', to: 'q' })));
    const dots = new DotRing(5000);
    spawnBatch(many, context(false), dots, new DotRing(4), 0, 250);
    expect(dots.size).toBe(5000);
    expect(dots.overwritten).toBe(0);
  });
});
