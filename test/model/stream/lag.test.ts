import { describe, expect, it } from 'vitest';
import { PartitionLog, lagRecords, lagSeconds, nextReadableOffset, skippedRecords } from '../../../src/model/stream';
import { msg } from './log-fixtures';

/** Ten entries appended at t = 10, 11, …, 19. */
function tenEntries(): PartitionLog {
  const log = new PartitionLog({ name: 'orders/1' });
  for (let i = 0; i < 10; i++) log.append(msg(i), 10 + i);
  return log;
}

describe('lag of a group on one partition', () => {
  it('counts the records from the position to the end of the log', () => {
    const log = tenEntries();
    expect([lagRecords(log, 0), lagRecords(log, 4), lagRecords(log, 10)]).toEqual([10, 6, 0]);
  });

  it('measures the age of the oldest unread record', () => {
    const log = tenEntries();
    expect(lagSeconds(log, 0, 30)).toBe(20);
    expect(lagSeconds(log, 4, 30)).toBe(16);
  });

  it('is zero seconds when the group has read everything', () => {
    expect(lagSeconds(tenEntries(), 10, 30)).toBe(0);
  });

  it('counts from the log start when retention has deleted records the group had not read', () => {
    const log = tenEntries();
    log.truncateBefore(6);
    expect(nextReadableOffset(log, 2)).toBe(6);
    expect(lagRecords(log, 2)).toBe(4);
    expect(lagSeconds(log, 2, 30)).toBe(14);
    expect(nextReadableOffset(log, 8)).toBe(8);
  });

  it('counts the records a group lost to retention before reading them', () => {
    const log = tenEntries();
    log.truncateBefore(6);
    expect([skippedRecords(log, 2), skippedRecords(log, 6), skippedRecords(log, 9)]).toEqual([4, 0, 0]);
  });

  it('refuses a position beyond the end of the log or not a whole offset', () => {
    const log = tenEntries();
    expect(() => lagRecords(log, 11)).toThrow('log orders/1: a group position must be a whole offset from 0 to endOffset (10), got 11');
    expect(() => lagSeconds(log, 1.5, 30)).toThrow('got 1.5');
    expect(() => lagRecords(log, -1)).toThrow('got -1');
  });
});
