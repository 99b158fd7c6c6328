import { z } from 'zod';
import { id, maxMessageBytes, nonNegative, positive } from './schema-common';

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
    overflow: z
      .enum(['drop-head', 'reject-publish'])
      .default('drop-head')
      .meta({ description: 'When full: drop-head discards the oldest ready message; reject-publish refuses the new one.' }),
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
    ...queueKnobs,
  })
  .meta({ description: 'A queue broker.' });

