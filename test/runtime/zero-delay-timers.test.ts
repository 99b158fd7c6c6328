import { describe, expect, it } from 'vitest';
import { zeroDelayTimers, type Timers } from '../../src/runtime/zero-delay-timers';

/** Resolves once every zero-delay callback set before it has had its turn (they run in order). */
function settle(timers: Timers): Promise<void> {
  return new Promise((resolve) => timers.setTimer(resolve, 0));
}

describe('zeroDelayTimers', () => {
  it('runs zero-delay callbacks in the order they were set, each once', async () => {
    const timers = zeroDelayTimers();
    const ran: string[] = [];
    timers.setTimer(() => ran.push('a'), 0);
    timers.setTimer(() => ran.push('b'), 0);
    timers.setTimer(() => ran.push('c'), 0);
    await settle(timers);
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('does not run a zero-delay callback that was cleared, and still runs the ones after it', async () => {
    const timers = zeroDelayTimers();
    const ran: string[] = [];
    timers.setTimer(() => ran.push('a'), 0);
    const cleared = timers.setTimer(() => ran.push('b'), 0);
    timers.setTimer(() => ran.push('c'), 0);
    timers.clearTimer(cleared);
    await settle(timers);
    expect(ran).toEqual(['a', 'c']);
  });

  it('runs a callback scheduled from another zero-delay callback, as a seek chains its chunks', async () => {
    const timers = zeroDelayTimers();
    const ran: number[] = [];
    const done = new Promise<void>((resolve) => {
      const chunk = (n: number): void => {
        ran.push(n);
        if (n < 5) timers.setTimer(() => chunk(n + 1), 0);
        else resolve();
      };
      timers.setTimer(() => chunk(1), 0);
    });
    await done;
    expect(ran).toEqual([1, 2, 3, 4, 5]);
  });

  it('leaves a positive delay to setTimeout, which clearTimer cancels', async () => {
    const timers = zeroDelayTimers();
    const ran: string[] = [];
    const handle = timers.setTimer(() => ran.push('late'), 1);
    timers.clearTimer(handle);
    timers.setTimer(() => ran.push('kept'), 1);
    // Timers of equal delay fire in the order they were set, so this one comes after both.
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(ran).toEqual(['kept']);
  });
});
