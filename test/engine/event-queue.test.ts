import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue';

const noop = (): void => undefined;

/** Pops everything, returning [time, seq, arg] in the order the queue yields them. */
function drain(queue: EventQueue): [number, number, number][] {
  const out: [number, number, number][] = [];
  while (queue.size > 0) {
    out.push([queue.peekTime(), queue.peekSeq(), queue.peekArg()]);
    queue.pop();
  }
  return out;
}

describe('EventQueue', () => {
  it('reports +Infinity and seq -1 when empty', () => {
    const queue = new EventQueue();
    expect(queue.size).toBe(0);
    expect(queue.peekTime()).toBe(Infinity);
    expect(queue.peekSeq()).toBe(-1);
    expect(queue.peekHandler()).toBeUndefined();
  });

  it('yields events sorted by (time, seq) for any insertion order, including across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 3000 }), (times) => {
        const queue = new EventQueue();
        times.forEach((time, seq) => queue.push(time, seq, noop, seq * 10));
        const expected = times.map((time, seq): [number, number, number] => [time, seq, seq * 10]);
        expected.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(drain(queue)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('stays ordered when pushes and pops interleave', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }), { maxLength: 500 }), (ops) => {
        const queue = new EventQueue();
        const reference: [number, number][] = [];
        let seq = 0;
        for (const op of ops) {
          if (op === undefined) {
            if (reference.length === 0) continue;
            reference.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
            const [time, s] = reference.shift()!;
            expect([queue.peekTime(), queue.peekSeq()]).toEqual([time, s]);
            queue.pop();
          } else {
            queue.push(op, seq, noop, 0);
            reference.push([op, seq++]);
          }
        }
        expect(queue.size).toBe(reference.length);
      }),
      { numRuns: 100 },
    );
  });

  it('returns the handler stored with the earliest event', () => {
    const queue = new EventQueue();
    const early = (): void => undefined;
    const late = (): void => undefined;
    queue.push(2, 0, late, 0);
    queue.push(1, 1, early, 0);
    expect(queue.peekHandler()).toBe(early);
    queue.pop();
    expect(queue.peekHandler()).toBe(late);
  });
});
