import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../../src/model';
import { runScenario } from '../../../src/runtime';
import { scenarioFrom } from '../../helpers/scenarios';
import { traceOf } from '../../helpers/trace';

/** [kind, time, message, broker, consumer, reason, attempt]. */
type Step = [string, number, number, string, string, string, number];

function steps(records: readonly TraceRecord[], kinds?: readonly string[]): Step[] {
  return records.filter((r) => kinds === undefined || kinds.includes(r.kind)).map((r) => [r.kind, r.time, r.message, r.broker, r.consumer, r.reason, r.attempt]);
}

/** Producer `app` bursts `count` messages at t = 1 into queue `orders` (with `preset` and `knobs`), read by `workers`. */
function queueScenario(o: {
  preset: string;
  knobs?: Record<string, unknown>;
  count: number;
  keys?: number;
  group: Record<string, unknown>;
  duration: number;
  timeline?: Record<string, unknown>[];
}) {
  return scenarioFrom({
    version: 1,
    name: `${o.preset} conformance`,
    duration: o.duration,
    producers: [{ id: 'app', target: 'orders', keys: o.keys ?? 0, bursts: [{ at: 1, count: o.count }] }],
    brokers: [{ id: 'orders', kind: 'queue', preset: o.preset, ...o.knobs }, { id: 'dlq', kind: 'queue' }],
    consumers: [{ id: 'workers', reads: 'orders', ...o.group }],
    ...(o.timeline ? { timeline: o.timeline } : {}),
  });
}

describe('technology presets behave like the systems they name', () => {
  it('SQS redelivers after exactly the 30 s visibility timeout and dead-letters after maxReceiveCount (10) receives', () => {
    // Processing takes 40 s, so no receive is ever deleted in time; the other instance long-polls and takes it at once.
    const scenario = queueScenario({ preset: 'sqs', knobs: { deadLetterTo: 'dlq' }, count: 1, group: { instances: 2, processing: { type: 'constant', value: 40 } }, duration: 310 });
    const expected: Step[] = [];
    for (let receive = 1; receive <= 10; receive++) {
      const at = 1 + 30 * (receive - 1);
      const consumer = receive % 2 === 1 ? 'workers#1' : 'workers#2';
      expected.push(['delivered', at, 1, 'orders', consumer, receive === 1 ? '' : 'lease-expired', receive]);
      if (receive < 10) expected.push(['requeued', at + 30, 1, 'orders', consumer, 'lease-expired', 0]);
    }
    expected.push(['dead-lettered', 301, 1, 'orders', 'workers#2', 'delivery-limit', 0], ['enqueued', 301, 1, 'dlq', '', '', 0]);
    expect(steps(traceOf(scenario), ['delivered', 'requeued', 'dead-lettered', 'enqueued']).slice(1)).toEqual(expected);
  });

  it('SQS keeps a crashed consumer’s message invisible until its 30 s visibility timeout runs out, where RabbitMQ requeues it at once', () => {
    const crashAt = (preset: string) =>
      queueScenario({ preset, count: 1, group: { instances: 2, processing: { type: 'constant', value: 20 } }, duration: 60, timeline: [{ at: 5, action: 'crash', group: 'workers', instance: 1 }] });
    const sqs = steps(traceOf(crashAt('sqs')), ['delivered', 'requeued', 'acked']);
    expect(sqs).toEqual<Step[]>([
      ['delivered', 1, 1, 'orders', 'workers#1', '', 1],
      ['requeued', 31, 1, 'orders', 'workers#1', 'lease-expired', 0],
      ['delivered', 31, 1, 'orders', 'workers#2', 'lease-expired', 2],
      ['acked', 51, 1, 'orders', 'workers#2', '', 2],
    ]);
    const rabbit = steps(traceOf(crashAt('rabbitmq-classic')), ['delivered', 'requeued', 'acked']);
    expect(rabbit).toEqual<Step[]>([
      ['delivered', 1, 1, 'orders', 'workers#1', '', 1],
      ['requeued', 5, 1, 'orders', 'workers#1', 'crash', 0],
      ['delivered', 5, 1, 'orders', 'workers#2', 'crash', 2],
      ['acked', 25, 1, 'orders', 'workers#2', '', 2],
    ]);
  });

  it('SQS without a dead-letter queue has no receive limit', () => {
    const scenario = queueScenario({ preset: 'sqs', count: 1, group: { instances: 2, processing: { type: 'constant', value: 40 } }, duration: 400 });
    expect(scenario.brokers[0]).not.toHaveProperty('maxDeliveries');
    const delivered = traceOf(scenario).filter((r) => r.kind === 'delivered');
    expect(delivered.map((r) => r.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('a RabbitMQ quorum queue dead-letters a message when its 21st delivery fails (delivery-limit 20 counts returns)', () => {
    const scenario = queueScenario({
      preset: 'rabbitmq-quorum',
      knobs: { deadLetterTo: 'dlq' },
      count: 1,
      group: { processing: { type: 'constant', value: 1 }, failure: { probability: 1, action: 'requeue' } },
      duration: 60,
    });
    const records = traceOf(scenario);
    const delivered = records.filter((r) => r.kind === 'delivered');
    expect(delivered.map((r) => [r.time, r.attempt])).toEqual(Array.from({ length: 21 }, (_, i) => [1 + i, 1 + i]));
    expect(steps(records, ['dead-lettered', 'enqueued']).slice(1)).toEqual<Step[]>([
      ['dead-lettered', 22, 1, 'orders', 'workers#1', 'delivery-limit', 0],
      ['enqueued', 22, 1, 'dlq', '', '', 0],
    ]);
  });

  it('a RabbitMQ classic queue with max-length counts ready messages only, so M + c messages stay in the system', () => {
    // One consumer at prefetch 1 holds message 1; max-length 2 then keeps two ready messages (3 and 4) and drops the oldest ready one.
    const scenario = queueScenario({ preset: 'rabbitmq-classic', knobs: { maxLength: 2 }, count: 4, group: { prefetch: 1, processing: { type: 'constant', value: 5 } }, duration: 10 });
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['published', 1, 1, 'orders', '', '', 0],
      ['enqueued', 1, 1, 'orders', '', '', 0],
      ['delivered', 1, 1, 'orders', 'workers#1', '', 1],
      ['published', 1, 2, 'orders', '', '', 0],
      ['enqueued', 1, 2, 'orders', '', '', 0],
      ['published', 1, 3, 'orders', '', '', 0],
      ['enqueued', 1, 3, 'orders', '', '', 0],
      ['published', 1, 4, 'orders', '', '', 0],
      ['dropped', 1, 2, 'orders', '', 'maxlen', 0],
      ['enqueued', 1, 4, 'orders', '', '', 0],
      ['acked', 6, 1, 'orders', 'workers#1', '', 1],
      ['delivered', 6, 3, 'orders', 'workers#1', '', 1],
    ]);
  });

  it('SQS FIFO delivers one message of a message group at a time, where standard SQS hands the waiting ones to another consumer', () => {
    const group = { instances: 2, processing: { type: 'constant', value: 1 } };
    const fifo = queueScenario({ preset: 'sqs-fifo', count: 4, keys: 1, group, duration: 10 });
    expect(steps(traceOf(fifo), ['delivered', 'acked'])).toEqual<Step[]>([
      ['delivered', 1, 1, 'orders', 'workers#1', '', 1],
      ['acked', 2, 1, 'orders', 'workers#1', '', 1],
      ['delivered', 2, 2, 'orders', 'workers#2', '', 1],
      ['acked', 3, 2, 'orders', 'workers#2', '', 1],
      ['delivered', 3, 3, 'orders', 'workers#1', '', 1],
      ['acked', 4, 3, 'orders', 'workers#1', '', 1],
      ['delivered', 4, 4, 'orders', 'workers#2', '', 1],
      ['acked', 5, 4, 'orders', 'workers#2', '', 1],
    ]);
    const standard = queueScenario({ preset: 'sqs', count: 4, keys: 1, group, duration: 10 });
    expect(steps(traceOf(standard), ['delivered']).filter((s) => s[1] === 1).length).toBeGreaterThan(1);
  });

  it('Kafka leaves the 7th member of a 6-partition group idle', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'kafka idle member',
      duration: 20,
      producers: [{ id: 'app', target: 'events', keys: 50, rate: { process: 'constant', perSecond: 10 } }],
      brokers: [{ id: 'events', kind: 'stream', preset: 'kafka', partitions: 6 }],
      consumers: [{ id: 'readers', reads: 'events', instances: 7, processing: { type: 'constant', value: 0.01 } }],
    });
    const report = runScenario(scenario);
    expect(report.groups.readers!.idleMembers).toBe(1);
    const owners = traceOf(scenario).filter((r) => r.kind === 'assigned').map((r) => r.consumer);
    expect(new Set(owners).size).toBe(6);
    expect(report.invariants.ok).toBe(true);
  });
  it('Azure Service Bus dead-letters on the 10th expired 60 s lock (MaxDeliveryCount 10)', () => {
    const scenario = queueScenario({ preset: 'azure-service-bus', knobs: { deadLetterTo: 'dlq' }, count: 1, group: { instances: 2, processing: { type: 'constant', value: 90 } }, duration: 700 });
    const records = traceOf(scenario);
    expect(records.filter((r) => r.kind === 'delivered').map((r) => [r.time, r.attempt])).toEqual(Array.from({ length: 10 }, (_, i) => [1 + 60 * i, 1 + i]));
    expect(steps(records, ['dead-lettered'])).toEqual<Step[]>([['dead-lettered', 601, 1, 'orders', 'workers#2', 'delivery-limit', 0]]);
  });

  it('Google Pub/Sub redelivers after the 10 s ack deadline and, with a dead-letter topic, gives up after 5 attempts', () => {
    const scenario = queueScenario({ preset: 'gcp-pubsub', knobs: { deadLetterTo: 'dlq' }, count: 1, group: { instances: 2, processing: { type: 'constant', value: 15 } }, duration: 100 });
    const records = traceOf(scenario);
    expect(records.filter((r) => r.kind === 'delivered').map((r) => [r.time, r.attempt])).toEqual([[1, 1], [11, 2], [21, 3], [31, 4], [41, 5]]);
    expect(steps(records, ['dead-lettered'])).toEqual<Step[]>([['dead-lettered', 51, 1, 'orders', 'workers#1', 'delivery-limit', 0]]);
  });

  it('NATS JetStream keeps a message that used up MaxDeliver in the stream instead of dead-lettering it', () => {
    const scenario = queueScenario({
      preset: 'nats-jetstream',
      knobs: { maxDeliveries: 3, deadLetterTo: 'dlq' },
      count: 1,
      group: { processing: { type: 'constant', value: 1 }, failure: { probability: 1, action: 'requeue' } },
      duration: 60,
    });
    const records = traceOf(scenario);
    expect(records.filter((r) => r.kind === 'delivered').map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(records.some((r) => r.kind === 'dead-lettered' || r.broker === 'dlq')).toBe(false);
    expect(steps(records).slice(-2)).toEqual<Step[]>([
      ['failed', 4, 1, 'orders', 'workers#1', 'transient', 0],
      ['flagged', 4, 1, 'orders', 'workers#1', 'delivery-limit', 0],
    ]);
    const report = runScenario(scenario);
    expect(report.brokers.dlq!.depth.final).toBe(0);
  });

  it('NATS core drops for a slow consumer and loses failed messages, while JetStream buffers and redelivers them', () => {
    // Two members that together handle 4 messages/s meet 10/s for 20 s; a pending limit of 2 per member
    // stands in for core NATS's 65,536 so the run stays small. One attempt in five fails.
    const run = (preset: string) =>
      runScenario(
        scenarioFrom({
          version: 1,
          name: `${preset} slow consumer`,
          duration: 200,
          producers: [{ id: 'app', target: 'orders', rate: { process: 'poisson', perSecond: 10 }, stop: 20 }],
          brokers: [{ id: 'orders', kind: 'queue', preset }],
          consumers: [{ id: 'workers', reads: 'orders', instances: 2, prefetch: 2, processing: { type: 'constant', value: 0.5 }, failure: { probability: 0.2 } }],
        }),
      );
    const core = run('nats-core');
    const published = core.producers.app!.published;
    const coreDrops = core.brokers.orders!.droppedBy;
    expect(coreDrops['slow-consumer']! / published).toBeGreaterThan(0.4);
    expect(coreDrops['at-most-once']).toBe(core.groups.workers!.failed);
    expect(core.groups.workers!.redelivered).toBe(0);
    expect(core.groups.workers!.acked + coreDrops['slow-consumer']! + coreDrops['at-most-once']!).toBe(published);
    const jetstream = run('nats-jetstream');
    expect(jetstream.brokers.orders!.dropped).toBe(0);
    expect(jetstream.groups.workers!.redelivered).toBe(jetstream.groups.workers!.failed);
    expect(jetstream.groups.workers!.acked).toBe(jetstream.producers.app!.published);
    expect(core.invariants.ok && jetstream.invariants.ok).toBe(true);
  });

  it('NATS JetStream pauses delivery to a subscriber at MaxAckPending 1000', () => {
    const scenario = queueScenario({ preset: 'nats-jetstream', count: 1200, group: { concurrency: 1, processing: { type: 'constant', value: 100 } }, duration: 10 });
    const delivered = traceOf(scenario).filter((r) => r.kind === 'delivered');
    expect(delivered.length).toBe(1000);
  });

  it('Redis Streams: an entry idle for 60 s is claimed by the other consumer with its delivery count raised, and redelivered for ever without a DLQ', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'redis claims',
      duration: 200,
      producers: [{ id: 'app', target: 'events', bursts: [{ at: 1, count: 1 }] }],
      brokers: [{ id: 'events', kind: 'stream', preset: 'redis-streams' }],
      consumers: [{ id: 'workers', reads: 'events', instances: 2, processing: { type: 'constant', value: 90 } }],
    });
    const records = traceOf(scenario).filter((r) => r.kind === 'delivered' || r.kind === 'requeued');
    expect(records.map((r) => [r.kind, r.time, r.broker, r.consumer, r.reason, r.attempt])).toEqual([
      ['delivered', 1, 'events/workers', 'workers#1', '', 1],
      ['requeued', 61, 'events/workers', 'workers#1', 'lease-expired', 0],
      ['delivered', 61, 'events/workers', 'workers#2', 'lease-expired', 2],
      ['requeued', 121, 'events/workers', 'workers#2', 'lease-expired', 0],
      ['delivered', 121, 'events/workers', 'workers#1', 'lease-expired', 3],
      ['requeued', 181, 'events/workers', 'workers#1', 'lease-expired', 0],
      ['delivered', 181, 'events/workers', 'workers#2', 'lease-expired', 4],
    ]);
  });

  it('Redis Streams: every group reads the whole stream, and MAXLEN trims entries a slow group had not read yet', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'redis trimming',
      duration: 60,
      producers: [{ id: 'app', target: 'events', rate: { process: 'constant', perSecond: 2 }, stop: 30 }],
      brokers: [{ id: 'events', kind: 'stream', preset: 'redis-streams', maxEntries: 10 }],
      consumers: [
        { id: 'fast', reads: 'events', instances: 2, processing: { type: 'constant', value: 0.1 } },
        { id: 'slow', reads: 'events', instances: 1, processing: { type: 'constant', value: 2 } },
      ],
    });
    const report = runScenario(scenario);
    const published = report.producers.app!.published;
    expect(report.groups.fast!.acked).toBe(published);
    expect(report.groups.fast!.skipped).toBe(0);
    expect(report.groups.slow!.skipped).toBeGreaterThan(20);
    expect(report.groups.slow!.acked + report.groups.slow!.skipped).toBe(published);
    expect(report.invariants.ok).toBe(true);
  });

  it('Pulsar exclusive refuses a second consumer, failover keeps one active until it crashes, shared spreads the work', () => {
    const run = (preset: string) =>
      traceOf(
        queueScenario({
          preset,
          count: 20,
          group: { instances: 2, processing: { type: 'constant', value: 1 } },
          duration: 60,
        }),
      );
    const receivers = (records: readonly TraceRecord[]) => new Set(records.filter((r) => r.kind === 'delivered').map((r) => r.consumer));
    const exclusive = run('pulsar-exclusive');
    expect(steps(exclusive, ['consumer-refused'])).toEqual<Step[]>([['consumer-refused', 0, 0, 'orders', 'workers#2', 'exclusive', 0]]);
    expect(receivers(exclusive)).toEqual(new Set(['workers#1']));
    expect(receivers(run('pulsar-failover'))).toEqual(new Set(['workers#1']));
    expect(receivers(run('pulsar-shared'))).toEqual(new Set(['workers#1', 'workers#2']));
  });

  it('Pulsar failover hands the subscription to the standby when the active consumer crashes, keeping the order', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'pulsar failover',
      duration: 60,
      producers: [{ id: 'app', target: 'orders', bursts: [{ at: 1, count: 10 }] }],
      brokers: [{ id: 'orders', kind: 'queue', preset: 'pulsar-failover' }],
      consumers: [{ id: 'workers', reads: 'orders', instances: 2, processing: { type: 'constant', value: 1 } }],
      timeline: [{ at: 4.5, action: 'crash', group: 'workers', instance: 1 }],
    });
    const records = traceOf(scenario);
    expect(steps(records, ['consumer-active'])).toEqual<Step[]>([
      ['consumer-active', 0, 0, 'orders', 'workers#1', 'attached', 0],
      ['consumer-active', 4.5, 0, 'orders', 'workers#2', 'failover', 0],
    ]);
    const acked = records.filter((r) => r.kind === 'acked');
    expect(acked.map((r) => r.message)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(acked.slice(4).map((r) => r.consumer))).toEqual(new Set(['workers#2']));
  });

  it('Pulsar redelivers a negatively acknowledged message after the 60 s negativeAckRedeliveryDelay', () => {
    const scenario = queueScenario({
      preset: 'pulsar-shared',
      count: 1,
      group: { processing: { type: 'constant', value: 1 }, failure: { probability: 1, action: 'requeue' } },
      duration: 130,
    });
    const delivered = traceOf(scenario).filter((r) => r.kind === 'delivered');
    expect(delivered.map((r) => [r.time, r.attempt])).toEqual([
      [1, 1],
      [62, 2],
      [123, 3],
    ]);
  });

  it('Pulsar key_shared keeps each key in order across consumers, where shared does not', () => {
    const run = (preset: string) =>
      runScenario(
        queueScenario({
          preset,
          count: 400,
          keys: 10,
          group: { instances: 4, concurrency: 2, processing: { type: 'exponential', mean: 0.5 }, ordering: { remedy: 'none' } },
          duration: 200,
        }),
      ).groups.workers!;
    expect(run('pulsar-key-shared').outOfOrder).toBe(0);
    expect(run('pulsar-shared').outOfOrder).toBeGreaterThan(0);
  });

  it('Azure Queue Storage returns up to 32 messages per request to a polling consumer', () => {
    const scenario = queueScenario({ preset: 'azure-queue-storage', count: 40, group: { processing: { type: 'constant', value: 0.1 } }, duration: 20 });
    const delivered = traceOf(scenario).filter((r) => r.kind === 'delivered');
    const batches = new Map<number, number>();
    for (const record of delivered) batches.set(record.time, (batches.get(record.time) ?? 0) + 1);
    expect([...batches.values()]).toEqual([32, 8]);
  });

  it('Azure Queue Storage hides a received message for 30 s, and moves it to the poison queue when its 5th dequeue fails', () => {
    const hidden = queueScenario({ preset: 'azure-queue-storage', count: 1, group: { instances: 2, processing: { type: 'constant', value: 40 } }, duration: 40 });
    const [first, second] = traceOf(hidden).filter((r) => r.kind === 'delivered');
    // The other instance short-polls once a second, so it sees the message within a second of it reappearing.
    expect(second!.time - first!.time).toBeGreaterThanOrEqual(30);
    expect(second!.time - first!.time).toBeLessThan(31);
    const poison = queueScenario({
      preset: 'azure-queue-storage',
      knobs: { deadLetterTo: 'dlq' },
      count: 1,
      group: { processing: { type: 'constant', value: 0.5 }, failure: { probability: 1, action: 'requeue' } },
      duration: 30,
    });
    const records = traceOf(poison);
    expect(records.filter((r) => r.kind === 'delivered').map((r) => r.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(records.filter((r) => r.kind === 'dead-lettered').map((r) => r.reason)).toEqual(['delivery-limit']);
    expect(runScenario(poison).brokers.dlq!.depth.final).toBe(1);
  });
});

/** Producer `app` bursts `count` events at t = 1 into bus `events` (with `preset`), whose one rule sends everything to `handler` (dead letters to `dlq`). */
function busScenario(o: { preset: string; count: number; handler: Record<string, unknown>; duration: number; consumers?: Record<string, unknown>[] }) {
  return scenarioFrom({
    version: 1,
    name: `${o.preset} conformance`,
    duration: o.duration,
    producers: [{ id: 'app', target: 'events', bursts: [{ at: 1, count: o.count }] }],
    brokers: [
      { id: 'events', kind: 'bus', preset: o.preset, rules: [{ id: 'all', targets: [{ to: 'handler', deadLetterTo: 'dlq' }] }] },
      { id: 'handler', kind: 'queue', ...o.handler },
      { id: 'dlq', kind: 'queue' },
    ],
    consumers: o.consumers ?? [],
  });
}

/** The waits between a refused event's retries: the gaps between its `retrying` records, and before its giving up. */
function retryWaits(records: readonly TraceRecord[], message: number): number[] {
  const times = records.filter((r) => r.message === message && (r.kind === 'retrying' || (r.kind === 'dead-lettered' && r.broker === 'events'))).map((r) => r.time);
  return times.slice(1).map((t, i) => t - times[i]!);
}

// The handler queue holds one ready message and refuses the rest: with nobody reading it, the second event is refused for good.
const FULL_HANDLER = { maxLength: 1, overflow: 'reject-publish' };

describe('event bus presets retry a refusing target the way the real services do', () => {
  it('EventBridge retries 185 times, each wait a random draw under a ceiling from 1 s doubling to 8 min, then dead-letters the event to the target’s queue', () => {
    const records = traceOf(busScenario({ preset: 'eventbridge', count: 2, handler: FULL_HANDLER, duration: 90_000 }));
    expect(records.filter((r) => r.kind === 'retrying').length).toBe(185);
    const waits = retryWaits(records, 2);
    const ceilings = waits.map((_, i) => Math.min(480, 2 ** i));
    waits.forEach((wait, i) => expect(wait).toBeLessThanOrEqual(ceilings[i]! + 1e-9));
    // Full jitter: over the 176 waits at the 8 min ceiling, the mean is near half of it (sd of the mean 480 / sqrt(12 × 176) = 10.4).
    const capped = waits.slice(9);
    const mean = capped.reduce((a, b) => a + b, 0) / capped.length;
    expect(mean).toBeGreaterThan(240 - 4 * 10.4);
    expect(mean).toBeLessThan(240 + 4 * 10.4);
    const giveUp = records.filter((r) => r.kind === 'dead-lettered');
    expect(giveUp.map((r) => [r.broker, r.message, r.reason])).toEqual([['events', 2, 'retries-exhausted']]);
    expect(records.filter((r) => r.kind === 'enqueued' && r.broker === 'dlq').map((r) => r.time)).toEqual([giveUp[0]!.time]);
  });

  it('Event Grid retries after 10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h and 12 h, and dead-letters when the next retry would pass 24 hours', () => {
    const records = traceOf(busScenario({ preset: 'azure-event-grid', count: 2, handler: FULL_HANDLER, duration: 90_000 }));
    expect(retryWaits(records, 2)).toEqual([10, 30, 60, 300, 600, 1800, 3600, 10_800, 21_600, 43_200]);
    expect(steps(records, ['dead-lettered'])).toEqual<Step[]>([['dead-lettered', 82_001, 2, 'events', 'handler', 'max-event-age', 0]]);
  });

  it('SNS retries an SQS endpoint 3 times at once, twice after 1 s, then backs off from 1 s to 20 s and keeps retrying every 20 s', () => {
    const records = traceOf(busScenario({ preset: 'sns', count: 2, handler: FULL_HANDLER, duration: 600 }));
    const waits = retryWaits(records, 2);
    const backoff = [1, 1.395, 1.946, 2.715, 3.787, 5.283, 7.37, 10.281, 14.341, 20];
    expect(waits.slice(0, 15).map((w) => Math.round(w * 1000) / 1000)).toEqual([0, 0, 0, 1, 1, ...backoff]);
    expect(new Set(waits.slice(15).map((w) => Math.round(w * 1e9) / 1e9))).toEqual(new Set([20]));
    expect(records.some((r) => r.kind === 'dead-lettered')).toBe(false);
  });

  it('SNS gives each subscription whose filter policy matches a copy, and counts a message no policy matches as unmatched, not lost', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'sns filter policies',
      duration: 10,
      producers: [
        { id: 'eu', target: 'orders', attributes: { region: 'eu' }, bursts: [{ at: 1, count: 3 }] },
        { id: 'us', target: 'orders', attributes: { region: 'us' }, bursts: [{ at: 1, count: 2 }] },
        { id: 'test', target: 'orders', attributes: { region: 'test' }, bursts: [{ at: 1, count: 1 }] },
      ],
      brokers: [
        {
          id: 'orders',
          kind: 'bus',
          preset: 'sns',
          rules: [
            { id: 'billing', pattern: { attributes: { region: ['eu', 'us'] } }, targets: [{ to: 'billing-queue' }] },
            { id: 'eu-audit', pattern: { attributes: { region: ['eu'] } }, targets: [{ to: 'audit-queue' }] },
          ],
        },
        { id: 'billing-queue', kind: 'queue', preset: 'sqs' },
        { id: 'audit-queue', kind: 'queue', preset: 'sqs' },
      ],
      consumers: [],
    });
    const report = runScenario(scenario);
    expect(report.brokers.orders!.bus).toMatchObject({ matched: 5, unmatched: 1, routed: 8, retried: 0 });
    expect(report.brokers['billing-queue']!.depth.final).toBe(5);
    expect(report.brokers['audit-queue']!.depth.final).toBe(3);
    expect(report.invariants.ok).toBe(true);
  });

  it('SNS delivers the copy as soon as the queue has room again, without losing it', () => {
    // A slow reader frees the one slot every 30 s, so each refused event gets in at a later retry.
    const scenario = busScenario({
      preset: 'sns',
      count: 4,
      handler: FULL_HANDLER,
      duration: 400,
      consumers: [{ id: 'reader', reads: 'handler', processing: { type: 'constant', value: 30 } }],
    });
    const report = runScenario(scenario);
    expect(report.groups.reader!.acked).toBe(4);
    expect(report.brokers.dlq!.depth.max).toBe(0);
    expect(report.invariants.ok).toBe(true);
  });
});

