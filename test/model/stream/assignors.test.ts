import { describe, expect, it } from 'vitest';
import { assignPartitions, type AssignmentStrategy } from '../../../src/model/stream';

function assign(strategy: AssignmentStrategy, partitions: number, members: number[], previous: number[] = []): number[] {
  const out = new Int32Array(partitions);
  const prev = Array.from({ length: partitions }, (_, p) => previous[p] ?? -1);
  assignPartitions(strategy, members, prev, out);
  return [...out];
}

describe('partition assignors', () => {
  it('range gives each member a contiguous run, the first members one more', () => {
    expect(assign('range', 5, [0, 1])).toEqual([0, 0, 0, 1, 1]);
    expect(assign('range', 7, [2, 5, 9])).toEqual([2, 2, 2, 5, 5, 9, 9]);
  });

  it('round-robin deals partitions out in turn', () => {
    expect(assign('round-robin', 5, [0, 1])).toEqual([0, 1, 0, 1, 0]);
  });

  it('leaves every partition unowned when there are no members, and members beyond the partition count with none', () => {
    for (const strategy of ['range', 'round-robin', 'cooperative-sticky'] as const) {
      expect(assign(strategy, 3, [])).toEqual([-1, -1, -1]);
      expect(new Set(assign(strategy, 2, [0, 1, 2, 3])).size).toBe(2);
    }
  });

  it('cooperative-sticky keeps previous owners within a balanced quota and moves as little as possible', () => {
    // g0 held 3, g1 held 1; a new member 2 joins: 4 partitions, quotas 2/1/1 with the larger going to g0.
    expect(assign('cooperative-sticky', 4, [0, 1, 2], [0, 0, 0, 1])).toEqual([0, 0, 2, 1]);
    // Member 1 left: its partitions go to the members furthest below quota.
    expect(assign('cooperative-sticky', 6, [0, 2], [0, 1, 2, 0, 1, 2])).toEqual([0, 0, 2, 0, 2, 2]);
  });
});
