import { z } from 'zod';
import type { ScenarioError } from './errors';
import { id, maxMessageBytes, nonNegative, positive } from './schema-common';
import { QUEUE_PRESET_IDS } from '../model/presets';
import { presetField } from './schema-preset';

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
  if (queue.memoryLimitBytes !== undefined && queue.maxMessageBytes !== undefined && queue.maxMessageBytes > queue.memoryLimitBytes) {
    errors.push({
      path: `${path}.memoryLimitBytes`,
      message: `is below maxMessageBytes (${queue.maxMessageBytes}), so one accepted message could crash the broker; use at least ${queue.maxMessageBytes} or lower maxMessageBytes`,
    });
  }
  return errors;
}
