import { z } from 'zod';
import type { ScenarioError } from './errors';
import { id, maxMessageBytes, nonNegative, positive } from './schema-common';
import { QUEUE_PRESET_IDS } from '../model/presets';
import { presetField } from './schema-preset';
import { deliveryModeErrors } from './check-delivery';
import { consumerModeErrors } from './check-consumer-mode';

/**
 * The knobs of a queue's delivery lifecycle. A queue broker has them, and so has each subscription of
 * a topic, since a subscription is a queue of its own.
 */
export const queueKnobs = {
    maxLength: z
      .int()
      .min(0)
      .optional()
      .meta({ description: 'Most ready messages the queue keeps (unacked ones do not count, as in RabbitMQ). Unbounded if absent.' }),
    maxBytes: z
      .int()
      .min(0)
      .optional()
      .meta({
        description:
          'Most payload bytes of ready messages the queue keeps (RabbitMQ x-max-length-bytes; unacked messages do not count). With maxLength too, the queue is full at whichever bound a message would pass first. Unbounded if absent.',
      }),
    overflow: z
      .enum(['drop-head', 'reject-publish'])
      .default('drop-head')
      .meta({
        description:
          'When full (maxLength or maxBytes): drop-head discards the oldest ready messages until the new one fits (RabbitMQ default); reject-publish refuses the new one, reason "maxlen" (RabbitMQ reject-publish, a drop-tail the producer hears about).',
      }),
    keepOneIn: z
      .int()
      .min(1)
      .default(1)
      .meta({
        description:
          'Sampling: keep one accepted message in this many (the 1st, the N+1th…) and drop the others at the door, reason "sampled". Deterministic, so exactly 1/N is kept. 1 (default) keeps every message. Real systems sample in the consumer or an agent (log shippers, metrics pipelines); a broker rarely does.',
      }),
    conflate: z
      .boolean()
      .default(false)
      .meta({
        description:
          'Conflation (last-value queue): a new message whose key already has a message waiting takes that message\'s place in line, and the older one is dropped, reason "conflated". Messages without a key, messages in flight and messages back from a consumer are never conflated. Like a market-data last-value cache or Solace/Coherence LVQs; RabbitMQ has no built-in equivalent. Needs producers with keys.',
      }),
    orderByKey: z
      .boolean()
      .default(false)
      .meta({
        description:
          'FIFO message groups (SQS FIFO MessageGroupId, Service Bus sessions, Pub/Sub ordering keys): while a message of a key is out with a consumer (delivered and not yet acked, rejected or expired), no other message of that key is delivered; messages of other keys go past it. A requeued or retried message keeps its key\'s turn, so a key\'s messages are processed in publish order. Messages without a key are unordered. Needs producers with keys.',
      }),
    memoryLimitBytes: z
      .int()
      .min(1)
      .optional()
      .meta({
        description:
          'Payload bytes the broker may hold: ready, delayed, in flight and parked messages. Past it, onMemoryLimit happens. Absent: no limit. (RabbitMQ\'s vm_memory_high_watermark, 40% of RAM by default, blocks publishers instead; a broker without one is eventually killed by the OS, which is what "crash" models.)',
      }),
    onMemoryLimit: z
      .enum(['crash'])
      .default('crash')
      .meta({
        description:
          'What passing memoryLimitBytes does. crash: the broker dies and, not being durable, loses every message it holds (dropped, reasons "broker-crash" for ready, "broker-crash-inflight", "broker-crash-delayed", "broker-crash-parked"); consumers\' acks for lost deliveries are ignored; publishes are rejected with "broker-down" until it restarts, empty, after restartSeconds.',
      }),
    restartSeconds: nonNegative
      .default(10)
      .meta({ description: 'Seconds a crashed broker stays down before it is back and takes publishes again (default 10: a node restart).' }),
    ackTimeout: positive
      .optional()
      .meta({
        description:
          'Lease on each delivery in seconds (SQS visibility timeout, Pub/Sub ack deadline, Service Bus lock duration). If the consumer has not acked when it runs out, the message becomes ready again and its delivery count goes up. Absent: deliveries never time out.',
      }),
    lateAck: z
      .enum(['ignore', 'accept'])
      .default('ignore')
      .meta({ description: 'An ack that arrives after the lease expired: ignore it (the message stays queued), or accept it if the message is still waiting.' }),
    maxDeliveries: z
      .int()
      .min(1)
      .optional()
      .meta({ description: 'Deliveries allowed per message (SQS maxReceiveCount, RabbitMQ delivery-limit, Service Bus MaxDeliveryCount). Absent: unlimited.' }),
    onMaxDeliveries: z
      .enum(['dead-letter', 'drop', 'keep'])
      .default('dead-letter')
      .meta({
        description:
          'What happens to a message that used up its deliveries: dead-letter (to deadLetterTo, or dropped if none), drop, or keep it without delivering it again (flagged, as NATS JetStream does).',
      }),
    deadLetterTo: id
      .optional()
      .meta({ description: 'Id of the queue that receives dead-lettered messages: rejected, expired, over the delivery limit, or dropped for length.' }),
    messageTtl: positive
      .optional()
      .meta({ description: 'Message time-to-live in seconds, enforced at the head of the queue as in RabbitMQ. Absent: messages never expire.' }),
    deliveryDelay: nonNegative
      .default(0)
      .meta({ description: 'Seconds each accepted message waits before it can be delivered (SQS DelaySeconds).' }),
  maxMessageBytes: maxMessageBytes('SQS: 1 MiB (once 256 KiB); RabbitMQ: 128 MiB; Service Bus Standard: 256 KB.'),
    delivery: z
      .enum(['at-least-once', 'at-most-once'])
      .default('at-least-once')
      .meta({
        description:
          'at-least-once (default): the broker keeps each delivery until the consumer acks it, and redelivers it after a nack, an expired lease or a consumer crash. at-most-once (NATS core, Service Bus ReceiveAndDelete, RabbitMQ auto-ack): the broker forgets a message the moment it hands it over, so a failed attempt, or a crashed or scaled-in consumer, loses it for good (dropped, reason "at-most-once"). Cannot be combined with ackTimeout or maxDeliveries, nor with groups that requeue, retry or no-ack.',
      }),
    buffering: z
      .enum(['queue', 'none'])
      .default('queue')
      .meta({
        description:
          'queue (default): messages wait in the broker until a consumer has room. none (NATS core: the server keeps nothing): each message goes at once to one consumer instance picked at random among those attached; if that instance\'s prefetch window (its pending limit) is full the message is dropped, reason "slow-consumer", even when another instance has room; with no instance attached it is dropped, reason "no-subscriber". Needs delivery "at-most-once", push groups, and none of maxLength, maxBytes, messageTtl, deliveryDelay, orderByKey or conflate.',
      }),
    consumerMode: z
      .enum(['competing', 'single-active', 'exclusive'])
      .default('competing')
      .meta({
        description:
          'Which consumer instances reading this queue (over all groups) receive deliveries. competing (default): every instance with free prefetch room, so messages are spread (RabbitMQ, SQS, Pulsar shared). single-active: only the earliest attached live instance; the others stand by, and when it crashes or is scaled in the next takes over ("consumer-active" record, reason "failover"), so order is kept (RabbitMQ x-single-active-consumer, Pulsar failover on one partition). exclusive: the first instance to attach owns the queue and every other instance is refused for good ("consumer-refused" record) and receives nothing; the owner is admitted again after a restart (Pulsar exclusive, its default).',
      }),
    requeueDelay: nonNegative
      .default(0)
      .meta({
        description:
          'Seconds a message nacked with requeue (a consumer failure with action "requeue", or a retry with zero backoff) stays out of the ready queue before it can be delivered again; it is recorded as "delayed", reason "retry", and still counts its delivery (Pulsar negativeAckRedeliveryDelay, 60 s). Lease expiry and crash returns are not delayed. 0 (default): ready again at once.',
      }),
    onConsumerCrash: z
      .enum(['requeue', 'await-lease'])
      .default('requeue')
      .meta({
        description:
          'What a consumer crash does to the messages the instance held. requeue (default): they are ready again at once, as when an AMQP channel closes (RabbitMQ, Pulsar). await-lease: they stay leased to the dead instance until ackTimeout runs out, then come back (reason "lease-expired"), as on lease-based brokers that never hear of the crash (SQS visibility timeout, Pub/Sub ack deadline, Service Bus lock). Needs ackTimeout. A scale-in gives messages back at once either way.',
      }),
};

export const queueBrokerSchema = z
  .strictObject({
    id: id.meta({ description: 'Unique name of this broker.' }),
    kind: z.literal('queue').meta({ description: 'A FIFO queue with competing consumers: each message goes to one consumer.' }),
    preset: presetField(QUEUE_PRESET_IDS),
    ...queueKnobs,
  })
  .meta({ description: 'A queue broker.' });


/** The queue knobs as a validated scenario holds them. */
type QueueKnobValues = { [K in keyof typeof queueKnobs]: z.output<(typeof queueKnobs)[K]> };

/**
 * What the schema cannot see about one queue's knobs: options that work on keys when no producer sends
 * any (an error, not a warning: such a queue silently does nothing), and a memory limit one message
 * can pass. `path` is the queue's JSON path.
 */
export function queueKnobErrors(queue: Partial<QueueKnobValues>, path: string, anyKeyedProducer: boolean): ScenarioError[] {
  const errors: ScenarioError[] = [];
  if (!anyKeyedProducer) {
    for (const option of ['conflate', 'orderByKey'] as const) {
      if (queue[option] === true) {
        errors.push({ path: `${path}.${option}`, message: 'works on message keys, but no producer gives its messages a key; set keys on a producer (e.g. "keys": 100) or leave this off' });
      }
    }
  }
  errors.push(...deliveryModeErrors(queue, path));
  errors.push(...consumerModeErrors(queue, path));
  if (queue.onConsumerCrash === 'await-lease' && queue.ackTimeout === undefined) {
    errors.push({ path: `${path}.onConsumerCrash`, message: '"await-lease" waits for the lease to run out, but the queue has no ackTimeout, so a crashed consumer\'s messages would stay held for ever; set ackTimeout or use "requeue"' });
  }
  if (queue.onConsumerCrash === 'await-lease' && queue.delivery === 'at-most-once') {
    errors.push({ path: `${path}.onConsumerCrash`, message: '"await-lease" keeps a crashed consumer\'s messages leased, but an at-most-once queue keeps no copy to give back; leave onConsumerCrash out' });
  }
  if (queue.memoryLimitBytes !== undefined && queue.maxMessageBytes !== undefined && queue.maxMessageBytes > queue.memoryLimitBytes) {
    errors.push({
      path: `${path}.memoryLimitBytes`,
      message: `is below maxMessageBytes (${queue.maxMessageBytes}), so one accepted message could crash the broker; use at least ${queue.maxMessageBytes} or lower maxMessageBytes`,
    });
  }
  return errors;
}
