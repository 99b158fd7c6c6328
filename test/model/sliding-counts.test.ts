import { describe, expect, it } from 'vitest';
import { SlidingCounts } from '../../src/model';

const CALLS = 0;
const FAILURES = 1;

describe('SlidingCounts', () => {
  it('counts each kind separately while its events are inside the window', () => {
    const counts = new SlidingCounts(10, 2);
    counts.add(0.5, CALLS);
    counts.add(3, CALLS);
    counts.add(3, FAILURES);
    counts.add(9.9, CALLS);
    expect(counts.total(9.9, CALLS)).toBe(3);
    expect(counts.total(9.9, FAILURES)).toBe(1);
  });

  it('lets an event leave a bucket at a time: one in bucket [0, 1) of a 10 s window counts until t = 10, not at 10', () => {
    const counts = new SlidingCounts(10, 1); // 10 buckets of 1 s
    counts.add(0.5, CALLS);
    counts.add(1.2, CALLS);
    expect(counts.total(9.999, CALLS)).toBe(2);
    expect(counts.total(10, CALLS)).toBe(1);
    expect(counts.total(10.999, CALLS)).toBe(1);
    expect(counts.total(11, CALLS)).toBe(0);
  });

  it('expires by bucket, not by the event’s own age: an event late in a bucket leaves with the bucket', () => {
    const counts = new SlidingCounts(10, 1);
    counts.add(0.99, CALLS); // bucket 0, leaves at 10 after only 9.01 s
    expect(counts.total(9.99, CALLS)).toBe(1);
    expect(counts.total(10, CALLS)).toBe(0);
  });

  it('honours a custom bucket count (window 6 s in 3 buckets of 2 s)', () => {
    const counts = new SlidingCounts(6, 1, 3);
    counts.add(1, CALLS); // bucket 0: [0, 2)
    counts.add(2, CALLS); // bucket 1: [2, 4)
    expect(counts.total(5.9, CALLS)).toBe(2);
    expect(counts.total(6, CALLS)).toBe(1);
    expect(counts.total(8, CALLS)).toBe(0);
  });

  it('keeps counting events that arrive after older ones expired, reusing the slots', () => {
    const counts = new SlidingCounts(10, 1);
    for (let t = 0; t < 100; t++) counts.add(t + 0.5, CALLS);
    // At t = 99.5 the window holds buckets 90…99: ten events.
    expect(counts.total(99.5, CALLS)).toBe(10);
    expect(counts.total(104, CALLS)).toBe(5);
  });

  it('forgets everything after a jump in time longer than the window, and counts fresh events after it', () => {
    const counts = new SlidingCounts(10, 2);
    for (let i = 0; i < 50; i++) counts.add(i * 0.1, FAILURES);
    expect(counts.total(4.95, FAILURES)).toBe(50);
    expect(counts.total(1_000_000, FAILURES)).toBe(0);
    counts.add(1_000_000, FAILURES);
    counts.add(1_000_000.5, CALLS);
    expect(counts.total(1_000_001, FAILURES)).toBe(1);
    expect(counts.total(1_000_001, CALLS)).toBe(1);
  });

  it('keeps what is still inside after a jump shorter than the window', () => {
    const counts = new SlidingCounts(10, 1);
    counts.add(2, CALLS);
    counts.add(5, CALLS);
    expect(counts.total(14, CALLS)).toBe(1); // bucket 2 gone at 12, bucket 5 stays until 15
    expect(counts.total(15, CALLS)).toBe(0);
  });

  it('reset forgets every count, and counting starts afresh at the same time', () => {
    const counts = new SlidingCounts(10, 2);
    counts.add(1, CALLS);
    counts.add(2, FAILURES);
    counts.reset();
    expect(counts.total(2, CALLS)).toBe(0);
    expect(counts.total(2, FAILURES)).toBe(0);
    counts.add(2, CALLS);
    expect(counts.total(2, CALLS)).toBe(1);
    expect(counts.total(11.9, CALLS)).toBe(1);
    expect(counts.total(12, CALLS)).toBe(0);
  });

  it('refuses a window that is not a finite length > 0, naming the value', () => {
    expect(() => new SlidingCounts(0, 1)).toThrow(new RangeError('a sliding window needs a finite length > 0 seconds, got 0'));
    expect(() => new SlidingCounts(Infinity, 1)).toThrow(RangeError);
    expect(() => new SlidingCounts(NaN, 1)).toThrow(RangeError);
  });
});
