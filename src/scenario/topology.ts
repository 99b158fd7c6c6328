import type { Topology, TopologyBroker } from '../metrics';
import { shareQueueId } from '../model';
import type { Catalog } from './catalog';
import { mostPartitions } from './partitions';
import type { Scenario } from './schema';

/** The metrics' view of a scenario: every producer, broker, subscription and group it ever has. */
export function topologyOf(scenario: Scenario, catalog: Catalog): Topology {
  return {
    producers: scenario.producers.map((p) => p.id),
    brokers: [...catalog.endpoints.values()].map((e) => ({
      id: e.id,
      kind: e.kind,
      ...(e.stream !== undefined ? { partitions: mostPartitions(scenario, e.id, e.stream.partitions) } : {}),
      ...(e.topic !== undefined ? { topic: e.topic } : {}),
    })).concat(shareQueues(catalog)),
    groups: catalog.groups.map(({ spec, from }) => {
      const kind = catalog.endpoints.get(spec.reads)?.kind;
      const size = { instances: spec.instances, from };
      // A shared group reads its own queue (entries move there from the log), with a queue group's window.
      const shared = kind === 'stream' && spec.share !== undefined;
      const reads = shared ? shareQueueId(spec.reads, spec.id) : spec.reads;
      if (kind === 'stream' && !shared) return { id: spec.id, broker: spec.reads, ...size };
      // A crashed member of a shared group can keep its entries pending while, restarted, it takes new ones.
      if (shared && spec.share!.onCrash === 'keep-pending' && mayCrash(scenario, spec)) return { id: spec.id, broker: reads, ...size };
      // So can an instance of a group whose queue lets a crashed consumer's leases run out.
      if (catalog.endpoints.get(spec.reads)?.queue?.onConsumerCrash === 'await-lease' && mayCrash(scenario, spec)) return { id: spec.id, broker: reads, ...size };
      // A pull consumer that fails silently moves on while the lease still runs, as an SQS consumer
      // does, so what it holds is not bounded by its batch size.
      if (spec.pull !== undefined && spec.failure?.action === 'no-ack') return { id: spec.id, broker: reads, ...size };
      return { id: spec.id, broker: reads, holdLimit: mostHeld(scenario, spec.id, spec.pull?.batchSize ?? spec.prefetch ?? spec.concurrency), ...size };
    }),
  };
}

/** Whether an instance of group `spec` can crash: a crash process, a memory limit, or a timeline crash. */
function mayCrash(scenario: Scenario, spec: Scenario['consumers'][number]): boolean {
  return spec.crashes !== undefined || spec.memory !== undefined || scenario.timeline.some((a) => a.action === 'crash' && a.group === spec.id);
}

/**
 * The queue of each shared stream group, as the metrics see it: a subscription of its stream (a copy
 * of each entry is routed there when the group takes it).
 */
function shareQueues(catalog: Catalog): TopologyBroker[] {
  return catalog.groups
    .filter(({ spec }) => spec.share !== undefined && catalog.endpoints.get(spec.reads)?.kind === 'stream')
    .map(({ spec }) => ({ id: shareQueueId(spec.reads, spec.id), kind: 'subscription', topic: spec.reads }));
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
