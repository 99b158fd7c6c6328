import type { Topology } from '../metrics';
import type { Catalog } from './catalog';
import type { Scenario } from './schema';

/** The metrics' view of a scenario: every producer, broker, subscription and group it ever has. */
export function topologyOf(scenario: Scenario, catalog: Catalog): Topology {
  return {
    producers: scenario.producers.map((p) => p.id),
    brokers: [...catalog.endpoints.values()].map((e) => ({
      id: e.id,
      kind: e.kind,
      ...(e.stream !== undefined ? { partitions: e.stream.partitions } : {}),
      ...(e.topic !== undefined ? { topic: e.topic } : {}),
    })),
    groups: catalog.groups.map(({ spec, from }) => {
      const kind = catalog.endpoints.get(spec.reads)?.kind;
      const size = { instances: spec.instances, from };
      if (kind === 'stream') return { id: spec.id, broker: spec.reads, ...size };
      // A pull consumer that fails silently moves on while the lease still runs, as an SQS consumer
      // does, so what it holds is not bounded by its batch size.
      if (spec.pull !== undefined && spec.failure?.action === 'no-ack') return { id: spec.id, broker: spec.reads, ...size };
      return { id: spec.id, broker: spec.reads, holdLimit: mostHeld(scenario, spec.id, spec.pull?.batchSize ?? spec.prefetch ?? spec.concurrency), ...size };
    }),
  };
}

/**
 * The most deliveries one instance of group `id` may hold at any time: its window, or a larger one a
 * set-prefetch or set-pull gives it later. (After a shrink it may still hold the old window's worth
 * until those are settled, so the largest window of the run is the bound.)
 */
function mostHeld(scenario: Scenario, id: string, initial: number): number {
  let most = initial;
  for (const a of scenario.timeline) {
    if (a.action === 'set-prefetch' && a.group === id) most = Math.max(most, a.prefetch);
    else if (a.action === 'set-pull' && a.group === id && a.batchSize !== undefined) most = Math.max(most, a.batchSize);
  }
  return most;
}
