import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageStages } from '../../src/metrics/message-stages';

type Op = { op: 'set'; id: number; value: number } | { op: 'delete'; id: number } | { op: 'get'; id: number };

/** Ids the way a run produces them (a moving band) mixed with far jumps, old ids, 0, negatives and fractions. */
const id = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 3000 }) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 2 ** 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, -1, 1e15, 2 ** 31, 2 ** 32 + 7) },
);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), id, value: fc.integer({ min: 1, max: 0xffff_ffff }) }),
  fc.record({ op: fc.constant('delete' as const), id }),
  fc.record({ op: fc.constant('get' as const), id }),
);

describe('MessageStages', () => {
  it('behaves exactly like a Map for any sequence of sets, deletes and gets', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const stages = new MessageStages();
        const reference = new Map<number, number>();
        for (const o of ops) {
          if (o.op === 'set') {
            stages.set(o.id, o.value);
            reference.set(o.id, o.value);
          } else if (o.op === 'delete') {
            stages.delete(o.id);
            reference.delete(o.id);
          } else {
            expect(stages.get(o.id)).toBe(reference.get(o.id) ?? 0);
          }
          expect(stages.size).toBe(reference.size);
        }
        const visited = new Map<number, number>();
        stages.forEach((k, v) => visited.set(k, v));
        expect(visited).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('follows a moving band of ids through a long run with little memory, keeping old stragglers', () => {
    const stages = new MessageStages();
    // Message 1 never finishes; the rest live for 50 ids each, a million of them.
    stages.set(1, 1);
    for (let i = 2; i <= 1_000_000; i++) {
      stages.set(i, 2);
      if (i > 51) stages.delete(i - 50);
    }
    expect(stages.size).toBe(51);
    expect(stages.get(1)).toBe(1);
    expect(stages.get(999_999)).toBe(2);
    expect(stages.get(999_950)).toBe(0);
    const live: number[] = [];
    stages.forEach((k) => live.push(k));
    expect(live[0]).toBe(1);
    expect(live.length).toBe(51);
  });

  it('grows when many messages are live at once', () => {
    const stages = new MessageStages();
    for (let i = 0; i < 100_000; i++) stages.set(i, (i % 3) + 1);
    expect(stages.size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 997) expect(stages.get(i)).toBe((i % 3) + 1);
  });
});
