import { describe, expect, it } from 'vitest';
import type { TraceKind, TraceRecord } from '../../src/model';
import { MOVE, MOVE_KINDS, MOVE_REASONS, INSTANCE_STATE, transferablesOf, type MovementBatch } from '../../src/runtime/movement';
import { instanceNumber, MovementBuffer } from '../../src/runtime/movement-buffer';
import { Run } from '../../src/runtime/run';
import { TopologyLevels } from '../../src/runtime/topology-levels';
import { topologyGraph } from '../../src/runtime/topology-graph';
import { TopologyTap } from '../../src/runtime/topology-tap';
import { scenarioFrom } from '../helpers/scenarios';

/** Producers p (type A) and p2 (type B) into a topic with two subscriptions and a queue with a DLQ; a stream read by a group. */
const scenario = scenarioFrom({
  version: 1,
  name: 'movement fixtures',
  duration: 10,
  producers: [
    { id: 'p', target: 't', eventType: 'A', rate: { perSecond: 5 } },
    { id: 'p2', target: 'q', eventType: 'B', rate: { perSecond: 5 } },
    { id: 'p3', target: 's', eventType: 'A', rate: { perSecond: 5 } },
  ],
  brokers: [
    { id: 't', kind: 'topic', subscriptions: [{ id: 'sa' }, { id: 'sb', filter: { types: ['B'] } }] },
    { id: 'q', kind: 'queue', deadLetterTo: 'dlq' },
    { id: 'dlq', kind: 'queue' },
    { id: 's', kind: 'stream', partitions: 2 },
  ],
  consumers: [
    { id: 'ga', reads: 'sa', instances: 2, processing: { type: 'constant', value: 0.1 } },
    { id: 'gq', reads: 'q', processing: { type: 'constant', value: 0.1 } },
    { id: 'gs', reads: 's', instances: 3, processing: { type: 'constant', value: 0.1 } },
  ],
});
const graph = topologyGraph(scenario);
const node = (id: string): number => graph.byId.get(id)!;

function record(kind: TraceKind, fields: Partial<TraceRecord>): TraceRecord {
  return { kind, time: 0, message: 0, publishedAt: 0, producer: '', broker: '', group: '', consumer: '', reason: '', attempt: 0, partition: -1, offset: -1, ...fields };
}

/** The batch as readable rows: [kind, time, message, from, to, slot, partition, reason, colour]. */
function rows(batch: MovementBatch): (string | number)[][] {
  return Array.from({ length: batch.count }, (_, i) => [
    MOVE_KINDS[batch.kind[i]!]!,
    batch.time[i]!,
    batch.message[i]!,
    graph.nodes[batch.from[i]!]?.id ?? -1,
    graph.nodes[batch.to[i]!]?.id ?? -1,
    batch.slot[i]!,
    batch.partition[i]!,
    MOVE_REASONS[batch.reason[i]!]!,
    batch.colour[i]!,
  ]);
}

describe('the movement buffer', () => {
  it('turns a topic fan-out, its deliveries, acks and a filtered copy into movements between node indices', () => {
    const buffer = new MovementBuffer(graph);
    const trace = [
      record('published', { time: 1, message: 7, producer: 'p', broker: 't' }),
      record('routed', { time: 1, message: 7, producer: 'p', broker: 't', consumer: 'sa' }),
      record('enqueued', { time: 1, message: 7, producer: 'p', broker: 'sa' }),
      record('filtered', { time: 1, message: 7, producer: 'p', broker: 't', consumer: 'sb' }),
      record('delivered', { time: 1.5, message: 7, producer: 'p', broker: 'sa', group: 'ga', consumer: 'ga#2', attempt: 1 }),
      record('acked', { time: 2, message: 7, producer: 'p', broker: 'sa', group: 'ga', consumer: 'ga#2', attempt: 1 }),
      record('committed', { time: 2, broker: 's', group: 'gs', partition: 0, offset: 3 }),
    ];
    for (const r of trace) buffer.observe(r);
    const batch = buffer.take(2);
    expect(rows(batch)).toEqual([
      ['published', 1, 7, 'p', 't', 0, -1, '', 0],
      ['routed', 1, 7, 't', 'sa', 0, -1, '', 0],
      ['filtered', 1, 7, 't', 'sb', 0, -1, '', 0],
      ['delivered', 1.5, 7, 'sa', 'ga', 2, -1, '', 0],
      ['acked', 2, 7, 'ga', 'ga', 2, -1, '', 0],
    ]);
    expect(batch).toMatchObject({ omitted: 0, start: 0, end: 2 });
    // The next batch starts where this one ended, empty.
    expect(buffer.take(3)).toMatchObject({ count: 0, omitted: 0, start: 2, end: 3 });
  });

  it('names the DLQ of a dead-lettered message from the enqueued record that follows, and marks redeliveries and drops with their reason', () => {
    const buffer = new MovementBuffer(graph);
    const m = { producer: 'p2', message: 9 };
    buffer.observe(record('published', { ...m, time: 1, broker: 'q' }));
    buffer.observe(record('delivered', { ...m, time: 1, broker: 'q', group: 'gq', consumer: 'gq#1', attempt: 1 }));
    buffer.observe(record('requeued', { ...m, time: 2, broker: 'q', group: 'gq', consumer: 'gq#1', reason: 'nack' }));
    buffer.observe(record('delivered', { ...m, time: 2, broker: 'q', group: 'gq', consumer: 'gq#1', attempt: 2, reason: 'nack' }));
    buffer.observe(record('dead-lettered', { ...m, time: 3, broker: 'q', group: 'gq', consumer: 'gq#1', reason: 'delivery-limit' }));
    buffer.observe(record('enqueued', { ...m, time: 3, broker: 'dlq' }));
    buffer.observe(record('dropped', { producer: 'p2', message: 10, time: 4, broker: 'q', reason: 'maxlen' }));
    buffer.observe(record('expired', { producer: 'p2', message: 11, time: 4, broker: 'q' }));
    expect(rows(buffer.take(4))).toEqual([
      ['published', 1, 9, 'p2', 'q', 0, -1, '', 1],
      ['delivered', 1, 9, 'q', 'gq', 1, -1, '', 1],
      ['requeued', 2, 9, 'gq', 'q', 1, -1, 'nack', 1],
      ['redelivered', 2, 9, 'q', 'gq', 1, -1, 'nack', 1],
      ['dead-lettered', 3, 9, 'q', 'dlq', 0, -1, 'delivery-limit', 1],
      ['dropped', 4, 10, 'q', 'q', 0, -1, 'maxlen', 1],
      ['expired', 4, 11, 'q', 'q', 0, -1, 'expired', 1],
    ]);
  });

  it('gives a stream publish the partition of its append, and a stream delivery its partition', () => {
    const buffer = new MovementBuffer(graph);
    buffer.observe(record('published', { time: 1, message: 3, producer: 'p3', broker: 's' }));
    buffer.observe(record('appended', { time: 1, message: 3, producer: 'p3', broker: 's', partition: 1, offset: 0 }));
    buffer.observe(record('delivered', { time: 1.2, message: 3, producer: 'p3', broker: 's', group: 'gs', consumer: 'gs#3', partition: 1, offset: 0, attempt: 1 }));
    expect(rows(buffer.take(2))).toEqual([
      ['published', 1, 3, 'p3', 's', 0, 1, '', 0],
      ['delivered', 1.2, 3, 's', 'gs', 3, 1, '', 0],
    ]);
  });

  it('keeps at most its capacity per frame, a deterministic sample, and counts the rest as omitted', () => {
    const take = (): MovementBatch => {
      const buffer = new MovementBuffer(graph, 4);
      for (let i = 1; i <= 10; i++) buffer.observe(record('published', { time: i, message: i, producer: 'p2', broker: 'q' }));
      return buffer.take(10);
    };
    const batch = take();
    expect(batch.count).toBe(4);
    expect(batch.omitted).toBe(6);
    expect(new Set(batch.message).size).toBe(4);
    for (const m of batch.message) expect(m).toBeGreaterThanOrEqual(1);
    expect([...take().message]).toEqual([...batch.message]);
  });

  it('hands out fresh arrays each frame, so they can be transferred without touching the next batch', () => {
    const tap = new TopologyTap(scenario);
    tap.observe(record('published', { time: 1, message: 1, producer: 'p2', broker: 'q' }));
    const frame = tap.take(1);
    const buffers = transferablesOf(frame);
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(frame.movement.kind[0]).toBe(MOVE.published);
    tap.observe(record('expired', { time: 2, message: 1, producer: 'p2', broker: 'q' }));
    expect(frame.movement.kind[0]).toBe(MOVE.published);
  });

  it('reads instance numbers from consumer ids', () => {
    expect(instanceNumber('email#2')).toBe(2);
    expect(instanceNumber('a#b#12')).toBe(12);
    expect(instanceNumber('')).toBe(0);
    expect(instanceNumber('x#0')).toBe(0);
  });
});

describe('the topology levels', () => {
  it('counts what each instance holds and marks crashed and idle members', () => {
    const levels = new TopologyLevels(graph);
    const gq = { broker: 'q', group: 'gq', consumer: 'gq#1' };
    levels.observe(record('delivered', { ...gq, message: 1 }));
    levels.observe(record('delivered', { ...gq, message: 2 }));
    levels.observe(record('acked', { ...gq, message: 1 }));
    levels.observe(record('assigned', { broker: 's', group: 'gs', consumer: 'gs#1', partition: 0 }));
    levels.observe(record('assigned', { broker: 's', group: 'gs', consumer: 'gs#2', partition: 1 }));
    levels.observe(record('crashed', { broker: 'sa', group: 'ga', consumer: 'ga#2' }));
    levels.observe(record('scaled', { broker: 'sa', group: 'ga', consumer: 'ga#3', reason: 'up' }));
    const { groups } = levels.snapshot();
    const of = (id: string) => groups.find((g) => g.node === node(id))!;
    expect([...of('gq').held]).toEqual([1]);
    expect([...of('ga').state]).toEqual([INSTANCE_STATE.live, INSTANCE_STATE.crashed, INSTANCE_STATE.live]);
    expect([...of('gs').owned]).toEqual([1, 1, 0]);
    expect([...of('gq').owned]).toEqual([-1]);
  });

  it('follows log start and end per partition and a group’s committed offset and position', () => {
    const levels = new TopologyLevels(graph);
    for (let o = 0; o < 5; o++) levels.observe(record('appended', { broker: 's', partition: 1, offset: o, message: o + 1 }));
    levels.observe(record('truncated', { broker: 's', partition: 1, offset: 2 }));
    levels.observe(record('delivered', { broker: 's', group: 'gs', consumer: 'gs#1', partition: 1, offset: 3 }));
    levels.observe(record('committed', { broker: 's', group: 'gs', partition: 1, offset: 2 }));
    const { streams, offsets } = levels.snapshot();
    expect(streams).toHaveLength(1);
    expect([...streams[0]!.start]).toEqual([0, 2]);
    expect([...streams[0]!.end]).toEqual([0, 5]);
    expect(offsets[0]).toMatchObject({ group: node('gs'), stream: node('s') });
    expect([...offsets[0]!.committed]).toEqual([-1, 2]);
    expect([...offsets[0]!.position]).toEqual([-1, 4]);
  });
});

describe('the movements of a real run', () => {
  it('name only existing nodes, within the frame’s time', () => {
    const tap = new TopologyTap(scenario);
    const run = new Run(scenario, { onTrace: tap.observe });
    run.advanceTo(5);
    const { movement } = tap.take(run.now);
    expect(movement.count).toBeGreaterThan(20);
    for (let i = 0; i < movement.count; i++) {
      expect(movement.from[i]).toBeGreaterThanOrEqual(0);
      expect(movement.to[i]).toBeGreaterThanOrEqual(0);
      expect(movement.time[i]).toBeLessThanOrEqual(5);
    }
  });
});
