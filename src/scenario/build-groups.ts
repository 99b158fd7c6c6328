import { createDistribution } from '../engine';
import { ConsumerGroup, StreamGroup, type Autoscaler, type HandlerSpec, type ModelContext, type QueueBroker, type StreamBroker } from '../model';
import type { Catalog } from './catalog';
import { resilienceOf, dependencyOf } from './build-resilience';
import { toDistributionSpec } from './distributions';
import type { ConsumerGroupSpec } from './schema';
import { createAutoscaler } from './build-autoscaler';
import { createShareGroup } from './build-share-group';

/** A consumer group as the timeline and the runtime drive it: a queue's competing consumers, or a stream's group. */
export type BuiltGroup = ConsumerGroup | StreamGroup;

/** Defaults of the stream-group knobs, as Kafka's (see the schema's descriptions). */
const STREAM_DEFAULTS = {
  startFrom: 'latest',
  commitInterval: 5,
  maxPollRecords: 500,
  assignment: 'range',
  rebalancePause: 3,
  sessionTimeout: 45,
} as const;

/**
 * Builds the group `spec` describes, reading the queue, subscription or stream it names, with its
 * autoscaler if it has one. Call it when the group starts (the world starts the group right after):
 * the autoscaler's first evaluation comes one interval later.
 */
export function createGroup(
  context: ModelContext,
  spec: ConsumerGroupSpec,
  catalog: Catalog,
  stream: (id: string) => StreamBroker | undefined,
  queue: (id: string) => QueueBroker,
  /** Where the group's autoscaler is kept by group id, for the timeline's set-autoscale. */
  autoscalers?: Map<string, Autoscaler>,
  /** Where a shared group's own queue is kept by id, so the run can report and audit what it holds. */
  queues?: Map<string, QueueBroker>,
): BuiltGroup {
  const shared = spec.share !== undefined && catalog.endpoints.get(spec.reads)?.kind === 'stream' ? createShareGroup(context, spec, catalog, stream(spec.reads)!, queue, spec.handler && handlerOf(spec.handler, catalog)) : undefined;
  if (shared !== undefined) queues?.set(shared.queue.id, shared.queue);
  const group = shared?.group ?? createBareGroup(context, spec, catalog, stream, queue);
  if (spec.autoscale === undefined) return group;
  // A shared group scales on its cursor's depth: entries unread in the log plus those handed back.
  const autoscaler = createAutoscaler(context, group, spec.reads, spec.autoscale, shared !== undefined ? () => shared.cursor : queue);
  autoscalers?.set(spec.id, autoscaler);
  autoscaler.start();
  return group;
}

function createBareGroup(
  context: ModelContext,
  spec: ConsumerGroupSpec,
  catalog: Catalog,
  stream: (id: string) => StreamBroker | undefined,
  queue: (id: string) => QueueBroker,
): BuiltGroup {
  const processing = spec.processing && createDistribution(toDistributionSpec(spec.processing));
  const crashes = spec.crashes && {
    uptime: createDistribution(toDistributionSpec(spec.crashes.uptime)),
    downtime: createDistribution(toDistributionSpec(spec.crashes.downtime)),
  };
  if (catalog.endpoints.get(spec.reads)?.kind === 'stream') {
    // Validation refuses a handler on a stream group (a member runs one record at a time), so one without processing is a bug.
    if (processing === undefined) throw new Error(`stream group "${spec.id}" needs processing (validate the scenario first)`);
    const commit = spec.commit ?? { mode: 'auto', intervalSeconds: STREAM_DEFAULTS.commitInterval };
    return new StreamGroup(context, {
      id: spec.id,
      stream: stream(spec.reads)!,
      members: spec.instances,
      processing,
      maxPollRecords: spec.maxPollRecords ?? STREAM_DEFAULTS.maxPollRecords,
      autoCommit: commit.mode === 'auto' ? { intervalSeconds: commit.intervalSeconds } : undefined,
      startFrom: spec.startFrom ?? STREAM_DEFAULTS.startFrom,
      assignment: spec.assignment ?? STREAM_DEFAULTS.assignment,
      rebalancePause: spec.rebalancePause ?? STREAM_DEFAULTS.rebalancePause,
      sessionTimeout: spec.sessionTimeout ?? STREAM_DEFAULTS.sessionTimeout,
      crashes,
      ordering: spec.ordering,
    });
  }
  return new ConsumerGroup(context, {
    id: spec.id,
    source: queue(spec.reads),
    instances: spec.instances,
    concurrency: spec.concurrency,
    prefetch: spec.prefetch ?? spec.concurrency,
    processing,
    handler: spec.handler && handlerOf(spec.handler, catalog),
    crashes,
    pull: spec.pull,
    ...resilienceOf(spec, catalog),
  });
}

/** The model's handler spec: the same calls with their latencies as samplers. */
function handlerOf(spec: NonNullable<ConsumerGroupSpec['handler']>, catalog: Catalog): HandlerSpec {
  return {
    style: spec.style,
    calls: spec.calls.map((call) => ({
      name: call.name,
      latency: createDistribution(toDistributionSpec(call.latency)),
      blocking: call.blocking,
      dependency: call.dependency === undefined ? undefined : dependencyOf(catalog, call.dependency),
    })),
  };
}
