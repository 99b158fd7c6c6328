import { createDistribution, RandomSource, Simulation } from '../engine';
import type { Topology } from '../metrics';
import { ConsumerGroup, createModelContext, Producer, QueueBroker, type ModelContext, type Tracer } from '../model';
import type { Scenario } from './schema';
import { scheduleTimeline } from './timeline';
import { toDistributionSpec } from './validate';

export interface BuildOptions {
  /** Replaces the scenario's seed (the CLI's --seed). */
  seed?: number;
  /** Milliseconds from any origin, for the wall-clock budget; without it only the event budget applies. */
  wallClock?: () => number;
}

/** A scenario wired onto a fresh Simulation, ready to run. */
export interface BuiltModel {
  readonly sim: Simulation;
  readonly tracer: Tracer;
  readonly context: ModelContext;
  readonly topology: Topology;
  readonly seed: number;
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

  const brokers = new Map<string, QueueBroker>();
  for (const spec of scenario.brokers) {
    brokers.set(
      spec.id,
      new QueueBroker(context, {
        id: spec.id,
        maxLength: spec.maxLength,
        overflow: spec.overflow,
        ackTimeout: spec.ackTimeout,
        lateAck: spec.lateAck,
        maxDeliveries: spec.maxDeliveries,
        onMaxDeliveries: spec.onMaxDeliveries,
        messageTtl: spec.messageTtl,
        deliveryDelay: spec.deliveryDelay,
      }),
    );
  }
  const brokerFor = (id: string): QueueBroker => {
    const broker = brokers.get(id);
    if (broker === undefined) throw new Error(`unknown broker "${id}" (validate the scenario before building it)`);
    return broker;
  };
  for (const spec of scenario.brokers) {
    if (spec.deadLetterTo !== undefined) brokerFor(spec.id).setDeadLetterQueue(brokerFor(spec.deadLetterTo));
  }

  const producers = scenario.producers.map(
    (spec) =>
      new Producer(context, {
        id: spec.id,
        target: brokerFor(spec.target),
        arrivals: spec.rate ? { process: spec.rate.process, rate: spec.rate.perSecond } : undefined,
        bursts: spec.bursts,
        start: spec.start,
        stop: Math.min(spec.stop ?? scenario.duration, scenario.duration),
        eventType: spec.eventType,
        keyCount: spec.keys,
        payloadBytes: createDistribution(toDistributionSpec(spec.payloadBytes)),
      }),
  );
  const groups = scenario.consumers.map(
    (spec) =>
      new ConsumerGroup(context, {
        id: spec.id,
        source: brokerFor(spec.reads),
        instances: spec.instances,
        concurrency: spec.concurrency,
        prefetch: spec.prefetch ?? spec.concurrency,
        processing: createDistribution(toDistributionSpec(spec.processing)),
        failure: spec.failure,
        crashes: spec.crashes && {
          uptime: createDistribution(toDistributionSpec(spec.crashes.uptime)),
          downtime: createDistribution(toDistributionSpec(spec.crashes.downtime)),
        },
      }),
  );

  const topology: Topology = {
    producers: scenario.producers.map((p) => p.id),
    brokers: scenario.brokers.map((b) => ({ id: b.id, kind: b.kind })),
    groups: scenario.consumers.map((c) => ({ id: c.id, broker: c.reads })),
  };

  let started = false;
  return {
    sim,
    tracer: context.tracer,
    context,
    topology,
    seed,
    start() {
      if (started) throw new Error('start() was already called for this model');
      started = true;
      for (const group of groups) group.start();
      for (const producer of producers) producer.start();
      scheduleTimeline(sim, scenario.timeline, {
        producer: (id) => producers.find((p) => p.id === id)!,
        group: (id) => groups.find((g) => g.id === id)!,
        broker: brokerFor,
      });
    },
  };
}
