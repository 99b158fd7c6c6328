import { createDistribution, RandomSource, Simulation } from '../engine';
import type { Topology } from '../metrics';
import { createModelContext, DEFAULT_UNKEYED, EventBus, type Autoscaler, Producer, QueueBroker, StreamBroker, TopicBroker, type Broker, type ModelContext, type Tracer } from '../model';
import { catalogOf, type Catalog, type QueueLikeSpec } from './catalog';
import { toDistributionSpec } from './distributions';
import { flowControlOf } from './build-flow';
import { startAlerts } from './build-alerts';
import { producerPayloadOf } from './build-payload';
import { createGroup, type BuiltGroup } from './build-groups';
import type { BrokerSpec, Scenario } from './schema';
import { scheduleTimeline } from './timeline';
import { topologyOf } from './topology';

export interface BuildOptions {
  /** Replaces the scenario's seed (the CLI's --seed). */
  seed?: number;
  /** Milliseconds from any origin, for the wall-clock budget; without it only the event budget applies. */
  wallClock?: () => number;
}

/** What the runtime can ask the built model directly (state the trace does not carry). */
export interface ModelProbe {
  /** Queues and subscription queues by id (a subscription added by the timeline appears at its time). */
  readonly queues: ReadonlyMap<string, QueueBroker>;
  /** Streams by id. */
  readonly streams: ReadonlyMap<string, StreamBroker>;
  /** Consumer groups by id, once created (a group added by the timeline appears at its time). */
  readonly groups: ReadonlyMap<string, BuiltGroup>;
}

/** A scenario wired onto a fresh Simulation, ready to run. */
export interface BuiltModel {
  readonly sim: Simulation;
  readonly tracer: Tracer;
  readonly context: ModelContext;
  readonly topology: Topology;
  readonly seed: number;
  readonly probe: ModelProbe;
  /** Schedules every producer and attaches every consumer. Call once before running. */
  start(): void;
}

/**
 * Wires a validated scenario onto the model. This is the one module that knows both the file format
 * and the model's classes; everything above it (runtime, CLI, lab) goes through here.
 */
export function build(scenario: Scenario, options: BuildOptions = {}): BuiltModel {
  const seed = options.seed ?? scenario.seed;
  const sim = new Simulation({
    maxEvents: scenario.limits.maxEvents,
    maxWallMs: scenario.limits.maxWallSeconds * 1000,
    ...(options.wallClock ? { wallClock: options.wallClock } : {}),
  });
  const context = createModelContext(sim, new RandomSource(seed));
  const catalog = catalogOf(scenario);
  const world = new World(context, catalog);
  for (const spec of scenario.brokers) world.createBroker(spec);
  for (const spec of scenario.brokers) {
    if (spec.kind === 'topic') for (const sub of spec.subscriptions) world.addSubscription(spec.id, sub);
  }
  // Buses last: their targets (queues, topics, streams) must exist.
  for (const spec of scenario.brokers) if (spec.kind === 'bus') world.createBus(spec);
  world.linkDeadLetterQueues();

  const producers = scenario.producers.map(
    (spec) =>
      new Producer(context, {
        id: spec.id,
        target: world.broker(spec.target),
        arrivals: spec.rate ? { process: spec.rate.process, rate: spec.rate.perSecond } : undefined,
        bursts: spec.bursts,
        start: spec.start,
        stop: Math.min(spec.stop ?? scenario.duration, scenario.duration),
        eventType: spec.eventType,
        attributes: Object.freeze({ ...spec.attributes }),
        keyCount: spec.keys,
        payloadBytes: createDistribution(toDistributionSpec(spec.payloadBytes)),
        flow: flowControlOf(spec),
        payload: producerPayloadOf(spec),
      }),
  );

  let started = false;
  return {
    sim,
    tracer: context.tracer,
    context,
    topology: topologyOf(scenario, catalog),
    seed,
    probe: { queues: world.queues, streams: world.streams, groups: world.groups },
    start() {
      if (started) throw new Error('start() was already called for this model');
      started = true;
      // Groups the timeline adds start when their action runs, even at 0 s.
      for (const spec of scenario.consumers) world.startGroup(spec);
      for (const producer of producers) producer.start();
      startAlerts(context, scenario.alerts, catalog, world);
      scheduleTimeline(sim, scenario.timeline, {
        producer: (id) => producers.find((p) => p.id === id)!,
        group: (id) => world.group(id),
        autoscaler: (id) => world.autoscaler(id),
        queue: (id) => world.queue(id),
        stream: (id) => world.streams.get(id),
        addSubscription: (topic, subscription) => {
          world.addSubscription(topic, subscription);
          world.linkDeadLetterQueues();
        },
        addGroup: (spec) => world.startGroup(spec),
        outage: (dependency, duration) => {
          // Calls already knew of the window; these records make it visible in the trace and the lab.
          context.tracer.emitInstance('outage', sim.now, dependency, '', '', 'down');
          sim.schedule(duration, () => context.tracer.emitInstance('outage', sim.now, dependency, '', '', 'up'));
        },
      });
    },
  };
}

/** The model objects of one run, by id. */
class World {
  readonly brokers = new Map<string, Broker>();
  readonly queues = new Map<string, QueueBroker>();
  readonly streams = new Map<string, StreamBroker>();
  readonly groups = new Map<string, BuiltGroup>();
  /** Autoscalers by the id of the group they drive. */
  private readonly autoscalers = new Map<string, Autoscaler>();
  private readonly topics = new Map<string, TopicBroker>();

  constructor(
    private readonly context: ModelContext,
    private readonly catalog: Catalog,
  ) {}

  createBroker(spec: BrokerSpec): void {
    switch (spec.kind) {
      case 'queue':
        this.addQueue(spec);
        return;
      case 'stream': {
        const stream = new StreamBroker(this.context, {
          id: spec.id,
          maxMessageBytes: spec.maxMessageBytes,
          partitions: spec.partitions,
          partitioner: spec.partitioner === 'sticky' ? DEFAULT_UNKEYED : { type: spec.partitioner },
          retention: {
            retentionSeconds: spec.retentionSeconds,
            retentionBytes: spec.retentionBytes,
            maxEntries: spec.maxEntries,
            segmentBytes: spec.segmentBytes,
            segmentSeconds: spec.segmentSeconds,
          },
        });
        this.streams.set(spec.id, stream);
        this.brokers.set(spec.id, stream);
        return;
      }
      case 'topic': {
        const topic = new TopicBroker(this.context, { id: spec.id, maxMessageBytes: spec.maxMessageBytes });
        this.topics.set(spec.id, topic);
        this.brokers.set(spec.id, topic);
        return;
      }
      case 'bus':
        return;
    }
  }

  createBus(spec: Extract<BrokerSpec, { kind: 'bus' }>): void {
    const bus = new EventBus(this.context, {
      id: spec.id,
      maxMessageBytes: spec.maxMessageBytes,
      rules: spec.rules.map((rule) => ({
        id: rule.id,
        pattern: rule.pattern,
        targets: rule.targets.map((t) => ({
          target: this.broker(t.to),
          ...(t.retry !== undefined ? { retry: t.retry } : {}),
          ...(t.deadLetterTo !== undefined ? { deadLetter: this.queue(t.deadLetterTo) } : {}),
        })),
      })),
    });
    this.brokers.set(spec.id, bus);
  }

  addSubscription(topicId: string, spec: QueueLikeSpec): void {
    const queue = this.addQueue(spec);
    const { filter } = spec as { filter?: Parameters<TopicBroker['addSubscription']>[0]['filter'] };
    this.topics.get(topicId)!.addSubscription({ id: spec.id, queue, ...(filter !== undefined ? { filter } : {}) });
  }

  /** Points every queue with a deadLetterTo at its dead-letter queue (again after a subscription is added). */
  linkDeadLetterQueues(): void {
    for (const [id, queue] of this.queues) {
      const target = this.catalog.endpoints.get(id)?.queue?.deadLetterTo;
      if (target !== undefined) queue.setDeadLetterQueue(this.queue(target));
    }
  }

  startGroup(spec: Parameters<typeof createGroup>[1]): void {
    const group = createGroup(this.context, spec, this.catalog, (id) => this.streams.get(id), (id) => this.queue(id), this.autoscalers, this.queues);
    this.groups.set(spec.id, group);
    group.start();
  }

  broker(id: string): Broker {
    return this.lookup(this.brokers, id, 'broker');
  }

  queue(id: string): QueueBroker {
    return this.lookup(this.queues, id, 'queue');
  }

  group(id: string): BuiltGroup {
    return this.lookup(this.groups, id, 'consumer group');
  }

  autoscaler(id: string): Autoscaler {
    return this.lookup(this.autoscalers, id, 'autoscaler of group');
  }

  private addQueue(spec: QueueLikeSpec): QueueBroker {
    const queue = new QueueBroker(this.context, {
      id: spec.id,
      maxLength: spec.maxLength,
      overflow: spec.overflow,
      ackTimeout: spec.ackTimeout,
      lateAck: spec.lateAck,
      maxDeliveries: spec.maxDeliveries,
      onMaxDeliveries: spec.onMaxDeliveries,
      messageTtl: spec.messageTtl,
      deliveryDelay: spec.deliveryDelay,
      maxMessageBytes: spec.maxMessageBytes,
      maxBytes: spec.maxBytes,
      keepOneIn: spec.keepOneIn,
      conflate: spec.conflate,
      orderByKey: spec.orderByKey,
      memoryLimitBytes: spec.memoryLimitBytes,
      onMemoryLimit: spec.onMemoryLimit,
      restartSeconds: spec.restartSeconds,
      delivery: spec.delivery,
      buffering: spec.buffering,
      consumerMode: spec.consumerMode,
      requeueDelay: spec.requeueDelay,
      onConsumerCrash: spec.onConsumerCrash,
    });
    this.queues.set(spec.id, queue);
    this.brokers.set(spec.id, queue);
    return queue;
  }

  private lookup<T>(map: ReadonlyMap<string, T>, id: string, what: string): T {
    const found = map.get(id);
    if (found === undefined) throw new Error(`unknown ${what} "${id}" (validate the scenario before building it)`);
    return found;
  }
}
