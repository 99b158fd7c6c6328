import { describe, expect, it } from 'vitest';
import { PartitionLog, retentionPolicy, type RetentionOptions } from '../../../src/model/stream';
import { msg } from './log-fixtures';

/** A log with entries of the given sizes appended at the given times (ids 1, 2, …). */
function logWith(retention: RetentionOptions, entries: readonly (readonly [time: number, size: number])[]): PartitionLog {
  const log = new PartitionLog({ name: 'orders/0', retention, chunkEntries: 16 });
  entries.forEach(([time, size], i) => log.append(msg(i + 1, size), time));
  return log;
}

/** [base, end) of every segment. */
function segments(log: PartitionLog): [number, number][] {
  return Array.from({ length: log.segmentCount }, (_, i) => [log.segmentBaseAt(i), log.segmentEndAt(i)]);
}

const everySecond = (count: number, size = 10): [number, number][] => Array.from({ length: count }, (_, i) => [i, size]);

describe('retention by time, entry by entry', () => {
  it('deletes exactly the entries at least retentionSeconds old and reports how many', () => {
    const log = logWith({ retentionSeconds: 5 }, everySecond(10)); // times 0..9
    expect(log.enforceRetention(7)).toBe(3); // times 0, 1, 2 have age >= 5
    expect([log.startOffset, log.endOffset, log.idAt(3)]).toEqual([3, 10, 4]);
    expect(log.retainedBytes).toBe(70);
  });

  it('deletes nothing before the oldest entry is old enough, and nothing twice', () => {
    const log = logWith({ retentionSeconds: 5 }, everySecond(10));
    expect(log.enforceRetention(4.999)).toBe(0);
    expect(log.enforceRetention(5)).toBe(1);
    expect(log.enforceRetention(5)).toBe(0);
  });

  it('names the time of the next deletion by age: the oldest entry plus retentionSeconds', () => {
    const log = logWith({ retentionSeconds: 5 }, everySecond(10));
    expect(log.nextRetentionTime()).toBe(5);
    log.enforceRetention(log.nextRetentionTime());
    expect(log.startOffset).toBe(1);
    expect(log.nextRetentionTime()).toBe(6);
  });

  it('has no next deletion time without an age limit or without entries', () => {
    expect(logWith({ maxEntries: 3 }, everySecond(10)).nextRetentionTime()).toBe(Infinity);
    expect(logWith({ retentionSeconds: 5 }, []).nextRetentionTime()).toBe(Infinity);
    const emptied = logWith({ retentionSeconds: 5 }, everySecond(3));
    emptied.enforceRetention(100);
    expect([emptied.retainedEntries, emptied.nextRetentionTime()]).toEqual([0, Infinity]);
  });

  it('ignores readers: it deletes whatever is old, read or not', () => {
    // The log has no notion of readers at all; a group's position is compared with startOffset later.
    const log = logWith({ retentionSeconds: 1 }, everySecond(4));
    expect(log.enforceRetention(10)).toBe(4);
    expect(() => log.idAt(0)).toThrow('deleted by retention');
  });
});

describe('retention by size and count, entry by entry', () => {
  it('keeps at most retentionBytes of payload, deleting the oldest entries', () => {
    const log = logWith({ retentionBytes: 240 }, [
      [0, 100],
      [1, 100],
      [2, 100],
      [3, 50],
    ]);
    expect(log.enforceRetention(3)).toBe(2);
    expect([log.startOffset, log.retainedBytes]).toEqual([2, 150]);
  });

  it('keeps at most maxEntries entries, as Redis MAXLEN does', () => {
    const log = logWith({ maxEntries: 3 }, everySecond(10));
    expect(log.enforceRetention(9)).toBe(7);
    expect([log.startOffset, log.retainedEntries, log.idAt(7)]).toEqual([7, 3, 8]);
  });

  it('keeps nothing with maxEntries 0', () => {
    const log = logWith({ maxEntries: 0 }, everySecond(3));
    expect(log.enforceRetention(0)).toBe(3);
    expect(log.retainedEntries).toBe(0);
    expect(log.append(msg(99), 5)).toBe(3);
  });

  it('applies the strictest of several limits', () => {
    const log = logWith({ retentionSeconds: 8, retentionBytes: 60, maxEntries: 9 }, everySecond(10));
    expect(log.retentionTarget(9)).toBe(4); // bytes allow 6 entries; count allows 9; age removes time 0 and 1
    expect(log.retentionTarget(14)).toBe(7); // now age removes times 0..6
    expect(log.startOffset).toBe(0); // retentionTarget only looks
  });
});

describe('retention by whole segments', () => {
  it('rolls a segment when an append would take it above segmentBytes', () => {
    const log = logWith({ segmentBytes: 30 }, everySecond(7)); // three 10-byte entries fit in a segment
    expect(segments(log)).toEqual([
      [0, 3],
      [3, 6],
      [6, 7],
    ]);
    expect([log.segmentBytesAt(0), log.segmentBytesAt(2)]).toEqual([30, 10]);
  });

  it('puts an entry larger than segmentBytes in a segment of its own', () => {
    const log = logWith({ segmentBytes: 30 }, [
      [0, 10],
      [1, 100],
      [2, 10],
    ]);
    expect(segments(log)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('rolls a segment when an entry is more than segmentSeconds younger than the segment’s first', () => {
    const log = logWith({ segmentSeconds: 2 }, everySecond(7));
    // 0,1,2 share a segment (2 − 0 is not more than 2); 3 opens the next.
    expect(segments(log)).toEqual([
      [0, 3],
      [3, 6],
      [6, 7],
    ]);
  });

  it('deletes a closed segment by age only once its newest entry has expired', () => {
    const log = logWith({ retentionSeconds: 5, segmentBytes: 30 }, everySecond(10)); // segments [0,3) [3,6) [6,9) [9,10)
    expect(log.nextRetentionTime()).toBe(7); // newest entry of the first segment: time 2
    expect(log.enforceRetention(6.99)).toBe(0);
    expect(log.enforceRetention(7)).toBe(3);
    expect([log.startOffset, log.nextRetentionTime()]).toEqual([3, 10]);
  });

  it('never deletes the active segment, however old', () => {
    const log = logWith({ retentionSeconds: 5, segmentBytes: 30 }, everySecond(10));
    expect(log.enforceRetention(1_000)).toBe(9);
    expect(segments(log)).toEqual([[9, 10]]);
    expect([log.retainedEntries, log.nextRetentionTime()]).toEqual([1, Infinity]);
    expect(log.enforceRetention(1_000_000)).toBe(0);
  });

  it('becomes due again after an append rolls a new segment', () => {
    const log = logWith({ retentionSeconds: 5, segmentBytes: 30 }, everySecond(10));
    log.enforceRetention(1_000);
    log.append(msg(11, 10), 1_000);
    log.append(msg(12, 10), 1_000);
    expect(log.nextRetentionTime()).toBe(Infinity); // the segment [9, 12) is still the active one
    log.append(msg(13, 30), 1_001); // does not fit: rolls
    expect(log.nextRetentionTime()).toBe(1_005);
  });

  it('deletes closed segments by size only while at least retentionBytes remain, as Kafka does', () => {
    const log = logWith({ retentionBytes: 45, segmentBytes: 30 }, everySecond(10)); // 100 bytes in 30+30+30+10
    // Deleting [0,3) leaves 70 >= 45; deleting [3,6) too would leave 40 < 45, so it stays.
    expect(log.enforceRetention(10)).toBe(3);
    expect([log.startOffset, log.retainedBytes]).toEqual([3, 70]);
  });

  it('deletes closed segments by count only while at least maxEntries remain, as Redis MAXLEN ~ does', () => {
    const log = logWith({ maxEntries: 4, segmentBytes: 30 }, everySecond(10));
    expect(log.enforceRetention(10)).toBe(6); // 4 remain: [6,9) and the active [9,10)
    expect(log.retainedEntries).toBe(4);
  });

  it('rolls by the bytes written to the active segment, deleted ones included, as a Kafka segment file does', () => {
    const log = logWith({ segmentBytes: 30 }, [
      [0, 10],
      [1, 10],
    ]);
    log.truncateBefore(1);
    expect(log.segmentBytesAt(0)).toBe(10); // retained bytes
    log.append(msg(3, 15), 2); // 20 written + 15 > 30
    expect(segments(log)).toEqual([
      [0, 2],
      [2, 3],
    ]);
  });

  it('does not keep an emptied active segment as a closed one when it rolls', () => {
    const log = logWith({ segmentSeconds: 1 }, [[0, 10]]);
    log.truncateBefore(1);
    log.append(msg(2, 10), 5);
    expect(segments(log)).toEqual([[1, 2]]);
    expect(log.nextRetentionTime()).toBe(Infinity);
  });

  it('keeps the segment table consistent when entries are deleted from the middle of a segment', () => {
    const log = logWith({ segmentBytes: 30 }, everySecond(10));
    expect(log.truncateBefore(4)).toBe(4);
    expect(segments(log)).toEqual([
      [3, 6],
      [6, 9],
      [9, 10],
    ]);
    expect(log.segmentBytesAt(0)).toBe(20);
    expect(log.retainedBytes).toBe(60);
  });
});

describe('retention settings are checked', () => {
  it('accepts absent limits as no limit', () => {
    expect(retentionPolicy({})).toEqual({
      retentionSeconds: Infinity,
      retentionBytes: Infinity,
      maxEntries: Infinity,
      segmentBytes: Infinity,
      segmentSeconds: Infinity,
      segmented: false,
    });
  });

  it.each([
    [{ retentionSeconds: -1 }, 'retention.retentionSeconds must be a finite number >= 0, or absent for no limit; got -1'],
    [{ retentionBytes: Number.NaN }, 'retention.retentionBytes must be a finite number >= 0, or absent for no limit; got NaN'],
    [{ maxEntries: 2.5 }, 'retention.maxEntries must be a whole number >= 0, or absent for no limit; got 2.5'],
    [{ segmentBytes: 0 }, 'retention.segmentBytes must be a whole number >= 1, or absent for no limit; got 0'],
    [{ segmentSeconds: 0 }, 'retention.segmentSeconds must be a finite number > 0, or absent for no limit; got 0'],
    [{ retentionSeconds: Infinity }, 'retention.retentionSeconds must be a finite number >= 0, or absent for no limit; got Infinity'],
  ] as [RetentionOptions, string][])('rejects %o naming the field and the valid range', (options, message) => {
    expect(() => new PartitionLog({ name: 'p', retention: options })).toThrow(message);
  });
});
