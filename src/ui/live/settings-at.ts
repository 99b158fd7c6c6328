import { createDistribution } from '../../engine';
import { toDistributionSpec } from '../../scenario/distributions';
import type { ConsumerGroupSpec, DistributionInput, Scenario } from '../../scenario/schema';

/** What a live control shows for a consumer group: the settings in force at a moment. */
export interface GroupSettings {
  id: string;
  /** The broker (queue, subscription or stream) it reads. */
  reads: string;
  instances: number;
  /** Its processing-time distribution, or undefined when it runs a handler instead. */
  processing: DistributionInput | undefined;
  failure: number;
  /** undefined: the group has no side effect, so idempotency means nothing to it. */
  idempotent: boolean | undefined;
  hasAutoscaler: boolean;
  /** Whether its autoscaler is running (set-autoscale can pause it). */
  autoscaling: boolean;
  hasBreaker: boolean;
  /** Whether its circuit breaker guards the calls (set-breaker can switch it off). */
  breakerOn: boolean;
  /** 'push' groups have a prefetch window, 'pull' groups batches; stream groups neither. */
  flow: 'push' | 'pull' | 'stream';
  prefetch: number | undefined;
}

/** A producer's rate and flow control in force. */
export interface ProducerSettings {
  id: string;
  target: string;
  perSecond: number | undefined;
  whenFull: 'fail' | 'block';
  /** The token bucket's rate, or null without a rate limit. */
  rateLimit: number | null;
}

/** A queue's (or a topic subscription's) bounds in force; null: unbounded. */
export interface QueueSettings {
  id: string;
  maxLength: number | null;
  maxBytes: number | null;
  overflow: 'drop-head' | 'reject-publish';
}

export interface LiveSettings {
  producers: ProducerSettings[];
  groups: GroupSettings[];
  queues: QueueSettings[];
  streams: { id: string; partitions: number }[];
}

/** The broker the first producer publishes to: the workload the shape and backpressure switches act on. */
export function firstTarget(scenario: Scenario): Scenario['brokers'][number] | undefined {
  const target = scenario.producers[0]?.target;
  return scenario.brokers.find((b) => b.id === target);
}

/**
 * The settings the lab's live controls start from at virtual time `time`: the scenario's own, changed
 * by the timeline actions due by then (in file order, as the run applies them). An autoscaler's own
 * decisions are not here: they are the run's, not the scenario's.
 */
export function settingsAt(scenario: Scenario, time: number): LiveSettings {
  const streamIds = new Set(scenario.brokers.filter((b) => b.kind === 'stream').map((b) => b.id));
  const groups = new Map<string, GroupSettings>();
  const addGroup = (spec: ConsumerGroupSpec): void => {
    groups.set(spec.id, groupSettings(spec, streamIds.has(spec.reads)));
  };
  for (const spec of scenario.consumers) addGroup(spec);
  const producers = new Map<string, ProducerSettings>(
    scenario.producers.map((p) => [p.id, { id: p.id, target: p.target, perSecond: p.rate?.perSecond, whenFull: p.whenFull, rateLimit: p.rateLimit?.perSecond ?? null }]),
  );
  const queueSpecs = scenario.brokers.flatMap((b) => (b.kind === 'queue' ? [b] : b.kind === 'topic' ? b.subscriptions : []));
  const queues = new Map<string, QueueSettings>(
    queueSpecs.map((q) => [q.id, { id: q.id, maxLength: q.maxLength ?? null, maxBytes: q.maxBytes ?? null, overflow: q.overflow ?? 'drop-head' }]),
  );
  const streams = new Map(scenario.brokers.flatMap((b) => (b.kind === 'stream' ? [[b.id, { id: b.id, partitions: b.partitions }] as [string, { id: string; partitions: number }]] : [])));

  for (const action of scenario.timeline) {
    if (action.at > time) continue;
    const group = 'group' in action && typeof action.group === 'string' ? groups.get(action.group) : undefined;
    switch (action.action) {
      case 'add-group':
        addGroup(action.group);
        break;
      case 'scale':
        if (group) group.instances = action.instances;
        break;
      case 'set-processing':
        if (group) group.processing = action.processing;
        break;
      case 'set-failure':
        if (group && action.probability !== undefined) group.failure = action.probability;
        break;
      case 'set-idempotency':
        if (group && group.idempotent !== undefined) group.idempotent = action.enabled;
        break;
      case 'set-prefetch':
        if (group) group.prefetch = action.prefetch;
        break;
      case 'set-breaker':
        if (group) group.breakerOn = action.enabled;
        break;
      case 'set-autoscale':
        if (group && action.enabled !== undefined) group.autoscaling = action.enabled;
        break;
      case 'set-rate': {
        const producer = producers.get(action.producer);
        if (producer) producer.perSecond = action.perSecond;
        break;
      }
      case 'set-producer-flow': {
        const producer = producers.get(action.producer);
        if (producer && action.whenFull !== undefined) producer.whenFull = action.whenFull;
        if (producer && action.rateLimit !== undefined) producer.rateLimit = action.rateLimit?.perSecond ?? null;
        break;
      }
      case 'set-queue-limits': {
        const queue = queues.get(action.queue);
        if (queue && action.maxLength !== undefined) queue.maxLength = action.maxLength;
        if (queue && action.maxBytes !== undefined) queue.maxBytes = action.maxBytes;
        if (queue && action.overflow !== undefined) queue.overflow = action.overflow;
        break;
      }
      case 'add-partitions': {
        const stream = streams.get(action.stream);
        if (stream) stream.partitions = action.partitions;
        break;
      }
      default:
        break;
    }
  }
  return { producers: [...producers.values()], groups: [...groups.values()], queues: [...queues.values()], streams: [...streams.values()] };
}

function groupSettings(spec: ConsumerGroupSpec, readsStream: boolean): GroupSettings {
  const flow = readsStream && spec.share === undefined ? 'stream' : spec.pull !== undefined ? 'pull' : 'push';
  return {
    id: spec.id,
    reads: spec.reads,
    instances: spec.instances,
    processing: spec.processing,
    failure: spec.failure?.probability ?? 0,
    idempotent: spec.sideEffect === undefined ? undefined : spec.sideEffect.idempotency !== undefined,
    hasAutoscaler: spec.autoscale !== undefined,
    autoscaling: spec.autoscale !== undefined,
    hasBreaker: spec.breaker !== undefined,
    breakerOn: spec.breaker !== undefined,
    flow,
    prefetch: flow === 'push' ? spec.prefetch : undefined,
  };
}

/** The mean of a processing-time distribution, in seconds. */
export function meanOf(spec: DistributionInput): number {
  return createDistribution(toDistributionSpec(spec)).mean;
}

/**
 * `spec` stretched to have mean `mean`, keeping its shape: every time-valued parameter is scaled by
 * the same factor (a lognormal keeps its cv, a choice its weights), so "twice as slow" means exactly that.
 */
export function withMean(spec: DistributionInput, mean: number): DistributionInput {
  const factor = mean / meanOf(spec);
  switch (spec.type) {
    case 'constant':
      return { ...spec, value: spec.value * factor };
    case 'exponential':
      return { ...spec, mean: spec.mean * factor };
    case 'uniform':
      return { ...spec, min: spec.min * factor, max: spec.max * factor };
    case 'normal':
      return { ...spec, mean: spec.mean * factor, stddev: spec.stddev * factor };
    case 'lognormal':
      return { ...spec, mean: spec.mean * factor, ...(spec.p99 !== undefined ? { p99: spec.p99 * factor } : {}) };
    case 'choice':
      return { ...spec, options: spec.options.map((o) => ({ ...o, value: o.value * factor })) };
  }
}
