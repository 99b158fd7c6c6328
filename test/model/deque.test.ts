import { describe, expect, it } from 'vitest';
import { Deque } from '../../src/model/deque';

function contents<T>(deque: Deque<T>): T[] {
  return Array.from({ length: deque.length }, (_, i) => deque.at(i)!);
}

describe('Deque', () => {
  it('keeps order across pushes, unshifts and shifts while it grows past its first capacity', () => {
    const deque = new Deque<number>();
    for (let i = 0; i < 20; i++) deque.push(i);
    deque.unshift(-1);
    expect(deque.shift()).toBe(-1);
    expect(deque.shift()).toBe(0);
    expect(contents(deque)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
  });

  it('inserts at a position counted from the front, also when the ring wraps around', () => {
    const deque = new Deque<string>();
    for (const item of ['c', 'd', 'e']) deque.push(item);
    deque.unshift('a');
    deque.insertAt(1, 'b');
    deque.insertAt(0, 'start');
    deque.insertAt(deque.length, 'end');
    expect(contents(deque)).toEqual(['start', 'a', 'b', 'c', 'd', 'e', 'end']);
  });

  it('refuses a position outside 0…length with an error naming the range', () => {
    const deque = new Deque<number>();
    deque.push(1);
    expect(() => deque.insertAt(2, 9)).toThrow('insertAt: index must be 0…1, got 2');
  });
});
