import type { Scenario } from './schema';

/**
 * The most partitions stream `id` (starting with `initial`) ever has: add-partitions grows it during
 * the run, and whatever sizes per-partition state up front (metrics, the lab's charts and canvas)
 * needs room for all of them. Kept apart from the model so the lab's main thread can use it cheaply.
 */
export function mostPartitions(scenario: Scenario, id: string, initial: number): number {
  let most = initial;
  for (const a of scenario.timeline) if (a.action === 'add-partitions' && a.stream === id && a.partitions > most) most = a.partitions;
  return most;
}
