import { mmckTheory, mmcTheory, type QueueTheory } from '../metrics';
import type { Scenario } from './schema';

/**
 * The queueing model a scenario is exactly, if any: one Poisson producer for the whole run into one
 * queue, read by one group of identical servers with exponential processing, and nothing else that
 * changes the arrivals or the service (no failures, leases, TTLs, delays, flow control, timeline…).
 * Then it is M/M/c with c = instances × concurrency, or M/M/c/K when the queue is bounded by
 * maxLength (K = c + maxLength: RabbitMQ's limit counts ready messages, and with prefetch equal to
 * concurrency a server holds only what it is serving). Drop-head and reject-publish lose the same
 * number of messages, so both are M/M/c/K. Anything else: undefined, and the report shows no theory.
 */
export function closedFormOf(s: Scenario): QueueTheory | undefined {
  if (s.producers.length !== 1 || s.brokers.length !== 1 || s.consumers.length !== 1) return undefined;
  if (s.timeline.length > 0 || s.dependencies.length > 0) return undefined;
  const producer = s.producers[0]!;
  const queue = s.brokers[0]!;
  const group = s.consumers[0]!;
  if (queue.kind !== 'queue' || producer.target !== queue.id || group.reads !== queue.id) return undefined;
  if (!poissonAllRun(producer, s.duration)) return undefined;
  if (!plainQueue(queue)) return undefined;
  const servers = group.instances * group.concurrency;
  const processing = group.processing;
  if (processing?.type !== 'exponential' || !plainGroup(group)) return undefined;
  const lambda = producer.rate!.perSecond;
  const mu = 1 / processing.mean;
  return queue.maxLength === undefined ? mmcTheory(lambda, mu, servers) : mmckTheory(lambda, mu, servers, servers + queue.maxLength, queue.overflow === 'drop-head' ? 'oldest' : 'newest');
}

type ProducerSpec = Scenario['producers'][number];
type QueueSpec = Extract<Scenario['brokers'][number], { kind: 'queue' }>;
type GroupSpec = Scenario['consumers'][number];

function poissonAllRun(p: ProducerSpec, duration: number): boolean {
  const flow = p.whenFull === 'block' || p.rateLimit !== undefined || p.confirms !== undefined || p.maxBacklog !== undefined;
  const payloadCosts = p.claimCheck !== undefined || p.link !== undefined;
  return p.rate?.process === 'poisson' && p.bursts.length === 0 && p.start === 0 && (p.stop ?? duration) >= duration && !flow && !payloadCosts;
}

function plainQueue(q: QueueSpec): boolean {
  const fields = q as Record<string, unknown>;
  // Every knob that changes who waits, who is lost or for how long, apart from maxLength itself.
  const changing = ['maxBytes', 'ackTimeout', 'maxDeliveries', 'deadLetterTo', 'messageTtl', 'maxMessageBytes', 'memoryLimitBytes', 'preset'];
  if (changing.some((field) => fields[field] !== undefined)) return false;
  if (fields.conflate === true || fields.orderByKey === true || (fields.keepOneIn !== undefined && fields.keepOneIn !== 1)) return false;
  // Without a buffer each message goes to a random instance or is lost: a loss system with random routing, not M/M/c.
  if (fields.buffering === 'none') return false;
  // One active consumer instead of c competing ones is another queue (requeueDelay needs nacks, which a plain group never makes).
  return q.deliveryDelay === 0 && (q.consumerMode === undefined || q.consumerMode === 'competing');
}

function plainGroup(g: GroupSpec): boolean {
  const fields = g as Record<string, unknown>;
  const changing = ['handler', 'failure', 'crashes', 'pull', 'retry', 'dependency', 'breaker', 'memory', 'payload', 'autoscale'];
  if (changing.some((field) => fields[field] !== undefined)) return false;
  // An idempotency store's lookup adds to every service time.
  if (g.sideEffect?.idempotency !== undefined) return false;
  return g.prefetch === undefined || g.prefetch === g.concurrency;
}
