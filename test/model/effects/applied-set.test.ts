import { describe, expect, it } from 'vitest';
import { AppliedSet } from '../../../src/model';

describe('AppliedSet', () => {
  it('reports a key as new the first time and as already applied every time after', () => {
    const set = new AppliedSet();
    expect([set.markApplied(5), set.markApplied(5), set.markApplied(5)]).toEqual([false, true, true]);
  });

  it('keeps neighbouring keys apart, including the word boundaries 0, 31 and 32', () => {
    const set = new AppliedSet();
    expect([0, 31, 32, 30, 33].map((k) => set.markApplied(k))).toEqual([false, false, false, false, false]);
    expect([0, 31, 32, 30, 33, 1, 34].map((k) => set.markApplied(k))).toEqual([true, true, true, true, true, false, false]);
  });

  it('grows past its initial capacity and still remembers the keys it had', () => {
    const set = new AppliedSet();
    expect(set.markApplied(3)).toBe(false);
    expect(set.markApplied(1_000_000)).toBe(false);
    expect(set.markApplied(3)).toBe(true);
    expect(set.markApplied(1_000_000)).toBe(true);
    expect(set.markApplied(999_999)).toBe(false);
  });

  it('agrees with a plain Set over a long sequence of keys', () => {
    const set = new AppliedSet();
    const reference = new Set<number>();
    let x = 12345;
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const key = x % 70_000;
      expect(set.markApplied(key)).toBe(reference.has(key));
      reference.add(key);
    }
  });
});
