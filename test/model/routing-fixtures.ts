import { createDistribution, RandomSource, Simulation } from '../../src/engine';
import {
  ConsumerGroup,
  copyRecord,
  createMessage,
  createModelContext,
  NO_ATTRIBUTES,
  QueueBroker,
  type Broker,
  type ModelContext,
  type QueueOptions,
  type TraceRecord,
} from '../../src/model';

/** A model world with a trace collector: what the topic and bus tests build on. */
export interface World {
  sim: Simulation;
  ctx: ModelContext;
  records: TraceRecord[];
}

export function world(seed = 1): World {
  const sim = new Simulation();
  const ctx = createModelContext(sim, new RandomSource(seed));
  const records: TraceRecord[] = [];
  ctx.tracer.subscribe((r) => records.push(copyRecord(r)));
  return { sim, ctx, records };
}

/** An unbounded queue with no lease, limit, TTL or delay, unless `overrides` says otherwise. */
export function queue(ctx: ModelContext, id: string, overrides: Partial<Omit<QueueOptions, 'id'>> = {}): QueueBroker {
  return new QueueBroker(ctx, {
    id,
    maxLength: undefined,
    overflow: 'drop-head',
    ackTimeout: undefined,
    lateAck: 'ignore',
    maxDeliveries: undefined,
    onMaxDeliveries: 'dead-letter',
    messageTtl: undefined,
    deliveryDelay: 0,
    ...overrides,
  });
}

/** A queue that refuses every publish: nothing may wait and nobody reads it. */
export function refusingQueue(ctx: ModelContext, id: string): QueueBroker {
  return queue(ctx, id, { maxLength: 0, overflow: 'reject-publish' });
}

/** One consumer instance with prefetch 1 that takes `seconds` per message and always acks; started now. */
export function slowReader(ctx: ModelContext, id: string, source: QueueBroker, seconds: number): ConsumerGroup {
  const group = new ConsumerGroup(ctx, {
    id,
    source,
    instances: 1,
    concurrency: 1,
    prefetch: 1,
    processing: createDistribution({ type: 'constant', value: seconds }),
    failure: undefined,
    crashes: undefined,
  });
  group.start();
  return group;
}

export interface Publish {
  producer?: string;
  type?: string;
  attributes?: Readonly<Record<string, string>>;
}

/** Publishes one message now the way a Producer does: refused → 'rejected', else 'published' then accept. */
export function publish(ctx: ModelContext, target: Broker, what: Publish = {}): number {
  const message = createMessage(ctx.nextMessageId(), ctx.sim.now, what.producer ?? 'app', what.type ?? 'EVENT', '', 100, what.attributes ?? NO_ATTRIBUTES);
  const refusal = target.refusal(message);
  if (refusal !== undefined) ctx.tracer.emit('rejected', ctx.sim.now, message, target.id, '', '', refusal);
  else {
    ctx.tracer.emit('published', ctx.sim.now, message, target.id);
    target.accept(message);
  }
  return message.id;
}

/** [kind, time, message, broker, consumer, reason, attempt]: the fields routing records use. */
export type Step = [string, number, number, string, string, string, number];

export function steps(records: readonly TraceRecord[]): Step[] {
  return records.map((r) => [r.kind, r.time, r.message, r.broker, r.consumer, r.reason, r.attempt]);
}
