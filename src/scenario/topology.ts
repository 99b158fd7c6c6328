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
      return { id: spec.id, broker: spec.reads, holdLimit: spec.pull?.batchSize ?? spec.prefetch ?? spec.concurrency, ...size };
    }),
  };
}
