import { z } from 'zod';
import { distributionSchema, id, nonNegative, positive } from './schema-common';
import { handlerSchema } from './schema-handler';
import { resilienceFields } from './schema-resilience';
import { autoscaleSchema } from './schema-autoscale';
import { streamGroupFields } from './schema-stream';

/** A consumer group: how many instances, how they take work, how long it takes, and how they fail. */

export const consumerGroupSchema = z
  .strictObject({
    id: id.meta({ description: 'Unique name of this consumer group (a service).' }),
    reads: id.meta({ description: 'Id of the queue, topic subscription or stream the group consumes from.' }),
    instances: z.int().min(1).max(1000).default(1).meta({ description: 'Number of consumer instances (stream group members). A scale action can take it to 0 later.' }),
    concurrency: z
      .int()
      .min(1)
      .max(1000)
      .default(1)
      .meta({ description: 'Messages one instance processes at the same time. A stream member processes its records one at a time, so keep 1 there.' }),
    prefetch: z
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .meta({
        description:
          'Unacknowledged deliveries one instance may hold (RabbitMQ basic.qos, MaxAckPending). Deliveries beyond concurrency wait in the instance. Default: concurrency. Push queues only.',
      }),
    pull: z
      .strictObject({
        batchSize: z
          .int()
          .min(1)
          .max(1000)
          .default(10)
          .meta({ description: 'Most messages one receive returns (SQS MaxNumberOfMessages, up to 10 there).' }),
        waitTime: nonNegative
          .max(3600)
          .default(20)
          .meta({
            description:
              'Long poll: seconds a receive waits for a message when the queue is empty (SQS WaitTimeSeconds, 0–20). 0 is a short poll, which returns at once.',
          }),
        refill: z
          .enum(['batch', 'each'])
          .default('batch')
          .meta({
            description:
              'batch: ask again once the whole batch is settled (an SQS receive loop). each: ask for more as each message is settled, keeping up to batchSize outstanding (credit-based pull, as NATS JetStream pull consumers and Reactive Streams request(n) do).',
          }),
        pollInterval: positive
          .max(3600)
          .default(1)
          .meta({ description: 'Seconds a consumer sleeps after a short poll (waitTime 0) came back empty, before it asks again.' }),
      })
      .optional()
      .meta({
        description:
          'Pull instead of push: each instance asks for a batch, processes it, and asks again when the whole batch is settled (SQS, Pub/Sub pull). Queues only.',
      }),
    processing: distributionSchema
      .optional()
      .meta({ description: 'Time (virtual seconds) to process one message. Give either processing or handler.' }),
    handler: handlerSchema.optional(),
    ...resilienceFields,
    crashes: z
      .strictObject({
        uptime: distributionSchema.meta({ description: 'Time an instance runs before it crashes.' }),
        downtime: distributionSchema.meta({ description: 'Time a crashed instance takes to restart.' }),
      })
      .optional()
      .meta({ description: 'A random failure and repair process for each instance. A crash hands everything the instance held back to the broker.' }),
    autoscale: autoscaleSchema.optional(),
    ...streamGroupFields,
  })
  .meta({
    description:
      'A consumer group: instances × concurrency workers that process and acknowledge messages. On a queue or subscription the instances compete for messages; on a stream every group reads every record, and the members share the partitions.',
  });
