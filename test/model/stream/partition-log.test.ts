import { describe, expect, it } from 'vitest';
import { PartitionLog, createLogStrings, type LogEntry } from '../../../src/model/stream';
import { msg } from './log-fixtures';

describe('PartitionLog appends and reads', () => {
  it('gives the first append offset 0 and each later append the next offset', () => {
    const log = new PartitionLog({ name: 'orders/0' });
    expect([log.startOffset, log.endOffset]).toEqual([0, 0]);
    expect([log.append(msg(7), 0), log.append(msg(8), 0.5), log.append(msg(9), 0.5)]).toEqual([0, 1, 2]);
    expect([log.startOffset, log.endOffset, log.retainedEntries]).toEqual([0, 3, 3]);
  });

  it('reads back the id, time, size, key, producer and type of every entry by offset', () => {
    const log = new PartitionLog({ name: 'orders/0' });
    log.append({ id: 11, size: 100, key: 'user-1', producer: 'shop', type: 'ORDER_PLACED' }, 1);
    log.append({ id: 12, size: 0, key: '', producer: 'billing', type: 'PAID' }, 2.25);
    expect([log.idAt(0), log.timeAt(0), log.sizeAt(0), log.keyAt(0), log.keyIndexAt(0), log.producerAt(0), log.typeAt(0)]).toEqual([
      11,
      1,
      100,
      'user-1',
      0,
      'shop',
      'ORDER_PLACED',
    ]);
    expect([log.idAt(1), log.timeAt(1), log.sizeAt(1), log.keyAt(1), log.keyIndexAt(1), log.producerAt(1), log.typeAt(1)]).toEqual([
      12, 2.25, 0, '', -1, 'billing', 'PAID',
    ]);
  });

  it('fills a reused entry object with every field of an offset', () => {
    const log = new PartitionLog({ name: 'orders/0' });
    log.append(msg(1), 0);
    log.append({ id: 2, size: 42, key: 'k', producer: 'p', type: 't' }, 3);
    const entry: LogEntry = { offset: -1, id: 0, time: 0, size: 0, key: '', producer: '', type: '' };
    expect(log.readInto(1, entry)).toBe(entry);
    expect(entry).toEqual({ offset: 1, id: 2, time: 3, size: 42, key: 'k', producer: 'p', type: 't' });
  });

  it('keeps exact values across many chunks, including ids and sizes beyond 32-bit signed range', () => {
    const log = new PartitionLog({ name: 'big', chunkEntries: 16 });
    for (let i = 0; i < 1000; i++) log.append({ id: 2 ** 40 + i, size: 0xffffffff - i, key: `k${i % 7}`, producer: 'p', type: 't' }, i / 4);
    for (const offset of [0, 15, 16, 17, 511, 999]) {
      expect([log.idAt(offset), log.sizeAt(offset), log.timeAt(offset), log.keyAt(offset)]).toEqual([
        2 ** 40 + offset,
        0xffffffff - offset,
        offset / 4,
        `k${offset % 7}`,
      ]);
    }
    expect(log.strings.keys.size).toBe(7);
  });

  it('stores each distinct key once in a table shared by the partitions of a stream', () => {
    const strings = createLogStrings();
    const a = new PartitionLog({ name: 's/0', strings });
    const b = new PartitionLog({ name: 's/1', strings });
    a.append(msg(1, 1, 'x'), 0);
    b.append(msg(2, 1, 'y'), 0);
    b.append(msg(3, 1, 'x'), 0);
    expect([a.keyIndexAt(0), b.keyIndexAt(0), b.keyIndexAt(1)]).toEqual([0, 1, 0]);
    expect(strings.keys.size).toBe(2);
  });

  it('counts retained payload bytes', () => {
    const log = new PartitionLog({ name: 'orders/0' });
    log.append(msg(1, 100), 0);
    log.append(msg(2, 250), 1);
    expect(log.retainedBytes).toBe(350);
  });

  it('finds the first offset at or after a timestamp, or the end offset when all are older', () => {
    const log = new PartitionLog({ name: 'orders/0', chunkEntries: 16 });
    for (let i = 0; i < 100; i++) log.append(msg(i), Math.floor(i / 2)); // two entries per second
    expect(log.offsetForTime(-5)).toBe(0);
    expect(log.offsetForTime(0)).toBe(0);
    expect(log.offsetForTime(10)).toBe(20);
    expect(log.offsetForTime(10.5)).toBe(22);
    expect(log.offsetForTime(49)).toBe(98);
    expect(log.offsetForTime(50)).toBe(100);
    log.truncateBefore(30);
    expect(log.offsetForTime(0)).toBe(30);
  });
});

describe('PartitionLog rejects bad offsets and appends with clear errors', () => {
  const log = new PartitionLog({ name: 'orders/3' });
  for (let i = 0; i < 5; i++) log.append(msg(i), i);
  log.truncateBefore(2);

  it('refuses to read an offset deleted by retention, naming the log and the retained range', () => {
    expect(() => log.idAt(1)).toThrow('log orders/3: offset 1 is outside the retained range [2, 5): it was deleted by retention');
  });

  it('refuses to read an offset not yet written', () => {
    expect(() => log.timeAt(5)).toThrow('offset 5 is outside the retained range [2, 5): it has not been written yet');
  });

  it('refuses a negative offset', () => {
    expect(() => new PartitionLog({ name: 'p' }).idAt(-1)).toThrow('offset -1 is outside the retained range [0, 0): offsets start at 0');
  });

  it('refuses fractional and NaN offsets', () => {
    expect(() => log.sizeAt(2.5)).toThrow('offsets are whole numbers');
    expect(() => log.keyAt(Number.NaN)).toThrow('outside the retained range');
  });

  it('refuses an append time earlier than the previous one', () => {
    expect(() => log.append(msg(9), 3.5)).toThrow('log orders/3: append time must be finite and not before the previous append (4), got 3.5');
  });

  it('refuses sizes that are not whole numbers of bytes within 32 bits', () => {
    const fresh = new PartitionLog({ name: 'p' });
    expect(() => fresh.append(msg(1, -1), 0)).toThrow('message 1 size must be a whole number of bytes from 0 to 4294967295, got -1');
    expect(() => fresh.append(msg(1, 1.5), 0)).toThrow('got 1.5');
    expect(() => fresh.append(msg(1, 2 ** 32), 0)).toThrow('got 4294967296');
    expect(fresh.endOffset).toBe(0);
  });

  it('refuses a chunk size that is not a power of two in range', () => {
    expect(() => new PartitionLog({ name: 'p', chunkEntries: 100 })).toThrow('chunkEntries must be a power of two from 16 to 1048576, got 100');
  });

  it('refuses to truncate beyond the end offset', () => {
    expect(() => log.truncateBefore(6)).toThrow('can only delete up to a whole offset <= endOffset (5), got 6');
  });

  it('refuses more than 65,536 distinct producers, naming the value', () => {
    const fresh = new PartitionLog({ name: 'p' });
    for (let i = 0; i < 0x10000; i++) fresh.append({ id: i, size: 0, key: '', producer: `p${i}`, type: 't' }, 0);
    expect(() => fresh.append({ id: 0, size: 0, key: '', producer: 'one-more', type: 't' }, 0)).toThrow(
      'too many distinct producer values: at most 65536 are supported, and "one-more" would be one more',
    );
  });
});

describe('PartitionLog memory', () => {
  it('allocates a short log a small first chunk, not a full one', () => {
    const log = new PartitionLog({ name: 'p', chunkEntries: 1024 });
    expect(log.allocatedEntries).toBe(0);
    log.append(msg(1), 0);
    expect(log.allocatedEntries).toBe(16);
    for (let i = 0; i < 20; i++) log.append(msg(i), 0);
    expect(log.allocatedEntries).toBe(32);
  });

  it('keeps its storage bounded when a small retention window slides over a long run', () => {
    const log = new PartitionLog({ name: 'p', chunkEntries: 64, retention: { maxEntries: 100 } });
    let peak = 0;
    for (let i = 0; i < 100_000; i++) {
      log.append(msg(i), i);
      log.enforceRetention(i);
      peak = Math.max(peak, log.allocatedEntries);
    }
    expect(log.retainedEntries).toBe(100);
    // The window spans at most three chunks, plus one spare kept for reuse.
    expect(peak).toBeLessThanOrEqual(4 * 64);
    expect(log.idAt(99_999)).toBe(99_999);
    expect(log.idAt(99_900)).toBe(99_900);
  });

  it('returns the memory of a large backlog once retention deletes it', () => {
    const log = new PartitionLog({ name: 'p', chunkEntries: 64, retention: { retentionSeconds: 10, segmentBytes: 100 } });
    for (let i = 0; i < 50_000; i++) log.append(msg(i, 10), i / 1000); // 50 s of entries, 10 per segment
    expect(log.allocatedEntries).toBeGreaterThanOrEqual(50_000);
    expect(log.segmentCapacity).toBeGreaterThanOrEqual(5_000);
    log.enforceRetention(1000);
    expect(log.retainedEntries).toBe(10); // only the active segment survives
    expect(log.allocatedEntries).toBeLessThanOrEqual(2 * 64);
    expect(log.segmentCapacity).toBeLessThanOrEqual(8);
  });
});
