import { describe, expect, it } from 'vitest';
import { Checkpoints, MAX_HELD_FOR_CHECKPOINTS, type LabRun } from '../../src/runtime/checkpoints';

/** A stand-in run that reaches any target in one call, recording the order runs were built in. */
function stubs(built: number[], fail = false): () => LabRun {
  return () =>
    ({
      sampled: {
        advance(target: number) {
          if (fail) throw new Error('event budget exceeded');
          built.push(target);
          return true;
        },
      },
      tap: { moving: false },
    }) as unknown as LabRun;
}

describe('Checkpoints', () => {
  it('builds one run per sixth of the duration up to the furthest time reached, latest first', () => {
    const built: number[] = [];
    const pool = new Checkpoints(60, stubs(built));
    pool.reached(35);
    expect(pool.work(Infinity, () => 0)).toBe(true);
    expect(built).toEqual([30, 20, 10]);
    expect(pool.times()).toEqual([10, 20, 30]);
    expect(pool.pending).toBe(false);
    pool.reached(60);
    expect(pool.pending).toBe(true);
    pool.work(Infinity, () => 0);
    expect(pool.times()).toEqual([10, 20, 30, 40, 50]);
  });

  it('hands out the latest run at or before the target that is later than where the seek would start, once', () => {
    const pool = new Checkpoints(60, stubs([]));
    pool.reached(60);
    pool.work(Infinity, () => 0);
    expect(pool.take(9.9, -Infinity)).toBeNull();
    expect(pool.take(27, -Infinity)).not.toBeNull();
    expect(pool.times()).toEqual([10, 30, 40, 50]);
    // Going forward from 35, only a checkpoint after 35 helps.
    expect(pool.take(38, 35)).toBeNull();
    expect(pool.take(58, 35)).not.toBeNull();
    expect(pool.times()).toEqual([10, 30, 40]);
  });

  it('stops at the deadline and goes on where it was at the next call', () => {
    const built: number[] = [];
    const pool = new Checkpoints(60, stubs(built));
    pool.reached(60);
    let clock = 0;
    expect(pool.work(1, () => clock++)).toBe(false);
    expect(built.length).toBeGreaterThan(0);
    expect(built.length).toBeLessThan(5);
    while (!pool.work(clock + 1, () => clock++));
    expect(built).toEqual([50, 40, 30, 20, 10]);
  });

  it('builds nothing for a run holding more messages than it is wise to copy five times', () => {
    const built: number[] = [];
    const pool = new Checkpoints(60, stubs(built));
    pool.reached(60);
    pool.holding(MAX_HELD_FOR_CHECKPOINTS + 1);
    expect(pool.pending).toBe(false);
    expect(pool.work(Infinity, () => 0)).toBe(true);
    expect(built).toEqual([]);
  });

  it('gives up building when a run throws (a budget), leaving the seek to meet the error itself', () => {
    const pool = new Checkpoints(60, stubs([], true));
    pool.reached(60);
    expect(pool.work(Infinity, () => 0)).toBe(true);
    expect(pool.times()).toEqual([]);
    expect(pool.pending).toBe(false);
  });
});
