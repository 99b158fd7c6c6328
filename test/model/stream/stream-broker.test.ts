import { describe, expect, it } from 'vitest';
import { createMessage } from '../../../src/model';
import { type StreamReader } from '../../../src/model/stream';
import { lines, streamWorld } from './stream-fixtures';

describe('stream broker', () => {
  it('appends each message to the partition its key hashes to and never refuses a publish', () => {
    const w = streamWorld({ partitions: 2 });
    for (const [t, key] of [[1, 'a'], [2, 'd'], [3, 'b'], [4, 'alice']] as const) w.publishAt(t, key, 100);
    w.sim.runUntil(10);
    expect(lines(w.records, ['appended'])).toEqual(['1 appended m1 p0@0', '2 appended m2 p1@0', '3 appended m3 p0@1', '4 appended m4 p1@1']);
    expect(w.stream.kind).toBe('stream');
    expect(w.stream.refusal()).toBeUndefined();
    expect([w.stream.partitionCount, w.stream.retainedEntries, w.stream.retainedBytes, w.stream.appendedEntries]).toEqual([2, 4, 400, 4]);
    expect([w.stream.log(0).idAt(1), w.stream.log(1).keyAt(1)]).toEqual([3, 'alice']);
  });

  it('places a message that carries its key number where the same key without one goes, and logs the same key', () => {
    const keys = ['a', 'd', 'b', 'alice', 'd', 'a'];
    const w = streamWorld({ partitions: 2 });
    keys.forEach((key, i) => {
      w.sim.scheduleAt(i + 1, () => {
        // Half the messages carry the run-wide key number, as a producer's do; the others do not.
        const keyId = i % 2 === 0 ? w.ctx.keyIds.idOf(key) : -1;
        const message = createMessage(w.ctx.nextMessageId(), w.sim.now, 'p', 'E', key, 100, {}, keyId);
        w.stream.accept(message);
      });
    });
    w.sim.runUntil(10);
    expect(lines(w.records, ['appended'])).toEqual(['1 appended m1 p0@0', '2 appended m2 p1@0', '3 appended m3 p0@1', '4 appended m4 p1@1', '5 appended m5 p1@2', '6 appended m6 p0@2']);
    expect([0, 1, 2].map((offset) => w.stream.log(0).keyAt(offset))).toEqual(['a', 'b', 'a']);
    expect([0, 1, 2].map((offset) => w.stream.log(1).keyAt(offset))).toEqual(['d', 'alice', 'd']);
  });

  it('spreads keyless messages round-robin when asked to', () => {
    const w = streamWorld({ partitions: 3, partitioner: { type: 'round-robin' } });
    for (const t of [1, 2, 3, 4]) w.publishAt(t);
    w.sim.runUntil(10);
    expect(lines(w.records, ['appended'])).toEqual(['1 appended m1 p0@0', '2 appended m2 p1@0', '3 appended m3 p2@0', '4 appended m4 p0@1']);
  });

  it('deletes records by age exactly when they expire, with one timer per partition and no polling', () => {
    const w = streamWorld({ partitions: 1, retention: { retentionSeconds: 5 } });
    for (const t of [1, 1.5, 4]) w.publishAt(t);
    w.sim.runUntil(3);
    // Three publishes scheduled, two done: one publish and one retention event are pending.
    expect(w.sim.pending).toBe(2);
    w.sim.runUntil(30);
    expect(lines(w.records, ['truncated'])).toEqual(['6 truncated p0@1', '6.5 truncated p0@2', '9 truncated p0@3']);
    expect(w.sim.pending).toBe(0);
    expect(w.stream.retainedEntries).toBe(0);
  });

  it('deletes by count right after the append that goes over the limit', () => {
    const w = streamWorld({ partitions: 1, retention: { maxEntries: 2 } });
    for (const t of [1, 2, 3]) w.publishAt(t);
    w.sim.runUntil(10);
    expect(lines(w.records, ['appended', 'truncated'])).toEqual(['1 appended m1 p0@0', '2 appended m2 p0@1', '3 appended m3 p0@2', '3 truncated p0@1']);
    expect(w.sim.pending).toBe(0);
  });

  it('deletes whole closed segments when retention is segmented', () => {
    const w = streamWorld({ partitions: 1, retention: { retentionSeconds: 10, segmentSeconds: 2 } });
    for (const t of [0, 1, 2, 3, 4]) w.publishAt(t);
    w.sim.runUntil(30);
    // Segments [0, 1, 2] (rolled when t=3 is more than 2 s after 0) and [3, 4]; the active one is never deleted.
    expect(lines(w.records, ['truncated'])).toEqual(['12 truncated p0@3']);
  });

  it('tells readers about a deletion while the entries can still be read, and about appends after retention ran', () => {
    const w = streamWorld({ partitions: 1, retention: { maxEntries: 1 } });
    const seen: string[] = [];
    const log = w.stream.log(0);
    const reader: StreamReader = {
      appended: (p) => seen.push(`appended p${p} start ${log.startOffset} end ${log.endOffset}`),
      truncating: (p, from, to) => seen.push(`truncating p${p} [${from}, ${to}) first id ${log.idAt(from)}`),
    };
    w.stream.addReader(reader);
    w.publishAt(1);
    w.publishAt(2);
    w.at(3, () => w.stream.removeReader(reader));
    w.publishAt(4);
    w.sim.runUntil(10);
    expect(seen).toEqual(['appended p0 start 0 end 1', 'truncating p0 [0, 1) first id 1', 'appended p0 start 1 end 2']);
  });

  it('rejects a bad partition count or partition index with a message that names it', () => {
    expect(() => streamWorld({ partitions: 0 })).toThrow(/partitions must be a whole number >= 1/);
    expect(() => streamWorld({ partitions: 2 }).stream.log(2)).toThrow(/has partitions 0 to 1, not 2/);
    expect(() => streamWorld({ retention: { retentionSeconds: -1 } })).toThrow(/retention.retentionSeconds/);
  });
});
