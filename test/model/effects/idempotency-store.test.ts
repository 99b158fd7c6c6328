import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../../../src/model';

describe('IdempotencyStore', () => {
  it('remembers a key for exactly ttl seconds: known just before put + ttl, forgotten at it', () => {
    const store = new IdempotencyStore(10);
    store.put(7, 2);
    expect(store.has(7, 2)).toBe(true);
    expect(store.has(7, 11.999)).toBe(true);
    expect(store.has(7, 12)).toBe(false);
    expect(store.size).toBe(0);
  });

  it('does not know a key that was never stored', () => {
    const store = new IdempotencyStore(10);
    store.put(1, 0);
    expect(store.has(2, 0)).toBe(false);
  });

  it('extends a key’s life when it is put again: the earlier expiry no longer removes it', () => {
    const store = new IdempotencyStore(10);
    store.put(7, 0);
    store.put(7, 5);
    expect(store.has(7, 10)).toBe(true); // the first entry's expiry passed, the second's has not
    expect(store.has(7, 14.999)).toBe(true);
    expect(store.has(7, 15)).toBe(false);
  });

  it('expires keys independently, in the order they were written', () => {
    const store = new IdempotencyStore(10);
    store.put(1, 0);
    store.put(2, 3);
    store.put(3, 6);
    expect(store.size).toBe(3);
    expect([store.has(1, 10), store.has(2, 10), store.has(3, 10)]).toEqual([false, true, true]);
    expect(store.size).toBe(2);
    expect([store.has(2, 13), store.has(3, 13)]).toEqual([false, true]);
    expect(store.has(3, 16)).toBe(false);
    expect(store.size).toBe(0);
  });

  it('keeps keys forever with an infinite ttl', () => {
    const store = new IdempotencyStore(Infinity);
    store.put(1, 0);
    expect(store.has(1, 1e12)).toBe(true);
  });

  it('holds only the keys of the last ttl seconds, however many were written', () => {
    const store = new IdempotencyStore(5);
    for (let t = 1; t <= 10_000; t++) store.put(t, t);
    expect(store.size).toBe(5); // written at 9996…10000
    expect(store.has(9995, 10_000)).toBe(false);
    expect(store.has(9996, 10_000)).toBe(true);
  });

  it('refuses a key that is not a whole number from 1 to 2^31 − 1', () => {
    const store = new IdempotencyStore(10);
    for (const key of [0, -3, 1.5, 2 ** 31]) expect(() => store.put(key, 0)).toThrow(new RangeError(`idempotency keys are whole numbers from 1 to 2^31 − 1, got ${key}`));
  });

  it('answers every lookup as a plain map of key → expiry would, through collisions, re-puts, expiries and growth', () => {
    // Keys that are multiples of 4096 share their home slot in any table up to that size: long probe runs,
    // whose middle entries expire first, exercise the backward-shift deletion.
    const key = fc.oneof(
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 300 }).map((k) => k * 4096),
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    );
    const op = fc.record({ put: fc.boolean(), key, dt: fc.constantFrom(0, 0, 0.5, 1, 3) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 3000, size: 'max' }), fc.constantFrom(2, 5, 50, 1e9), (ops, ttl) => {
        const store = new IdempotencyStore(ttl);
        const reference = new Map<number, number>();
        let now = 0;
        for (const { put, key: k, dt } of ops) {
          now += dt;
          for (const [stored, until] of reference) if (until <= now) reference.delete(stored);
          if (put) {
            store.put(k, now);
            reference.set(k, now + ttl);
          } else expect(store.has(k, now)).toBe(reference.has(k));
        }
        // Every key still remembered is found, and nothing else is.
        for (const k of reference.keys()) expect(store.has(k, now)).toBe(true);
        expect(store.size).toBe(reference.size);
      }),
      { numRuns: 40, seed: 11 },
    );
  });

  it('refuses a ttl that is not > 0, naming the option', () => {
    expect(() => new IdempotencyStore(0)).toThrow(new RangeError('idempotency.ttl must be a number of seconds > 0 (Infinity to keep keys forever), got 0'));
    expect(() => new IdempotencyStore(NaN)).toThrow(RangeError);
  });
});
