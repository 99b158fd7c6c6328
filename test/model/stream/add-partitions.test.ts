import { describe, expect, it } from 'vitest';
import { createMessage } from '../../../src/model';
import { kafkaKeyPartition } from '../../../src/model/stream';
import { lines, streamWorld } from './stream-fixtures';

describe('growing a stream (addPartitions)', () => {
  it('sends each key to its hash modulo the new count from then on, which moves some keys to the new partitions', () => {
    const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
    const w = streamWorld({ partitions: 2 });
    // Keys carrying their run-wide number (as a producer's do) use the stream's remembered partitions: they must be forgotten.
    const publish = (at: number) =>
      keys.forEach((key) => w.at(at, () => w.stream.accept(createMessage(w.ctx.nextMessageId(), w.sim.now, 'p', 'E', key, 10, {}, w.ctx.keyIds.idOf(key)))));
    publish(1);
    w.at(2, () => w.stream.addPartitions(5));
    publish(3);
    w.sim.runUntil(10);
    const appended = w.records.filter((r) => r.kind === 'appended');
    const placed = (time: number) => appended.filter((r) => r.time === time).map((r) => r.partition);
    expect(placed(1)).toEqual(keys.map((key) => kafkaKeyPartition(key, 2)));
    expect(placed(3)).toEqual(keys.map((key) => kafkaKeyPartition(key, 5)));
    expect(placed(3).filter((p) => p >= 2).length).toBeGreaterThan(0);
    expect(w.stream.partitionCount).toBe(5);
    expect([2, 3, 4].map((p) => w.stream.log(p).startOffset)).toEqual([0, 0, 0]);
  });

  it('emits a policy record with the new count and tells readers from which partition on it grew', () => {
    const w = streamWorld({ partitions: 1 });
    const grown: number[] = [];
    w.stream.addReader({ appended: () => {}, truncating: () => {}, partitionsAdded: (from) => grown.push(from, w.stream.partitionCount) });
    w.at(1, () => w.stream.addPartitions(3));
    w.sim.runUntil(2);
    expect(lines(w.records)).toEqual(['1 policy add-partitions a3']);
    expect(w.records[0]).toMatchObject({ broker: 's', group: '', producer: '' });
    expect(grown).toEqual([1, 3]);
  });

  it('keeps age retention working on the new partitions', () => {
    const w = streamWorld({ partitions: 1, partitioner: { type: 'round-robin' }, retention: { retentionSeconds: 5 } });
    w.at(1, () => w.stream.addPartitions(2));
    for (const t of [2, 3]) w.publishAt(t);
    w.sim.runUntil(20);
    expect(lines(w.records, ['appended', 'truncated'])).toEqual(['2 appended m1 p0@0', '3 appended m2 p1@0', '7 truncated p0@1', '8 truncated p1@1']);
  });

  it('refuses to shrink or keep the count, naming the stream and the current count', () => {
    const w = streamWorld({ partitions: 3 });
    expect(() => w.stream.addPartitions(3)).toThrow('stream s: partitions can only grow, from 3 to a whole number above it, got 3');
    expect(() => w.stream.addPartitions(2.5)).toThrow(RangeError);
    expect(w.stream.partitionCount).toBe(3);
    expect(w.records).toEqual([]);
  });
});
