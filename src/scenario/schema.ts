import { z } from 'zod';
import { distributionSchema, id, nonNegative, positive } from './schema-common';
import { handlerSchema } from './schema-handler';
import { queueBrokerSchema } from './schema-queue';
import { streamBrokerSchema, streamGroupFields } from './schema-stream';
import { busBrokerSchema, subscriptionSchema, topicBrokerSchema } from './schema-topic';

/**
 * The scenario file format, version 1: the single source of truth. The TypeScript types, the
 * validator and scenarios/schema.json (for editors) are all derived from these definitions, and
 * every field carries the documentation an editor shows as its tooltip.
 */

export const SCENARIO_VERSION = 1;

export { distributionSchema } from './schema-common';

const arrivalsSchema = z
  .strictObject({
    process: z
      .enum(['poisson', 'constant'])
      .default('poisson')
      .meta({ description: 'poisson: random exponential gaps (a Poisson process). constant: exactly 1/perSecond apart.' }),
    perSecond: positive.meta({ description: 'Average messages per virtual second.' }),
  })
  .meta({ description: 'The steady arrival process.' });

const burstSchema = z
  .strictObject({
    at: nonNegative.meta({ description: 'Virtual time (seconds) of the first message of the burst.' }),
    count: z.int().min(1).max(10_000_000).meta({ description: 'How many messages the burst publishes.' }),
    spread: nonNegative.default(0).meta({ description: 'Seconds over which the burst is spread evenly; 0 publishes them all at once.' }),
  })
  .meta({ description: 'A one-off burst of messages, e.g. a flash sale.' });

export const producerSchema = z
  .strictObject({
    id: id.meta({ description: 'Unique name of this producer.' }),
    target: id.meta({ description: 'Id of the broker it publishes to.' }),
    rate: arrivalsSchema.optional(),
    bursts: z.array(burstSchema).default([]).meta({ description: 'Bursts on top of the steady rate.' }),
    start: nonNegative.default(0).meta({ description: 'Virtual time at which steady arrivals begin.' }),
    stop: nonNegative.optional().meta({ description: 'Virtual time at which steady arrivals end; default: the end of the run.' }),
    eventType: z.string().min(1).max(64).default('MESSAGE').meta({ description: 'Event type carried by every message, e.g. ORDER_PLACED.' }),
    keys: z
      .int()
      .min(0)
      .max(1_000_000)
      .default(0)
      .meta({ description: 'Number of distinct message keys, drawn uniformly; 0 for messages without a key.' }),
    payloadBytes: distributionSchema.default({ type: 'constant', value: 1024 }).meta({ description: 'Payload size in bytes.' }),
    attributes: z
      .record(z.string().min(1).max(128), z.string().max(256))
      .default({})
      .meta({ description: 'Attributes (headers) every message carries, which topic filters and bus rules can match, e.g. {"region": "eu"}.' }),
  })
  .meta({ description: 'A source of messages.' });

export const brokerSchema = z
  .discriminatedUnion('kind', [queueBrokerSchema, streamBrokerSchema, topicBrokerSchema, busBrokerSchema])
  .meta({ description: 'A broker: kind "queue", "stream", "topic" or "bus".' });

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
    failure: z
      .strictObject({
        probability: z.number().min(0).max(1).meta({ description: 'Probability that processing a message fails.' }),
        action: z
          .enum(['requeue', 'reject', 'no-ack'])
          .default('requeue')
          .meta({ description: 'requeue: nack and put it back; reject: nack without requeue (dead-letter or drop); no-ack: stay silent until the lease expires.' }),
      })
      .optional()
      .meta({ description: 'Processing failures and how the consumer reports them.' }),
    crashes: z
      .strictObject({
        uptime: distributionSchema.meta({ description: 'Time an instance runs before it crashes.' }),
        downtime: distributionSchema.meta({ description: 'Time a crashed instance takes to restart.' }),
      })
      .optional()
      .meta({ description: 'A random failure and repair process for each instance. A crash hands everything the instance held back to the broker.' }),
    ...streamGroupFields,
  })
  .meta({
    description:
      'A consumer group: instances × concurrency workers that process and acknowledge messages. On a queue or subscription the instances compete for messages; on a stream every group reads every record, and the members share the partitions.',
  });

const groupInstance = {
  group: id.meta({ description: 'Id of the consumer group.' }),
  instance: z.int().min(1).meta({ description: 'Which instance, counting from 1 (fulfilment#1 is 1).' }),
};

const timelineActionSchema = z
  .discriminatedUnion('action', [
    z.strictObject({ at: nonNegative, action: z.literal('crash'), ...groupInstance }).meta({ description: 'Crash one consumer instance: what it holds goes back to the broker.' }),
    z.strictObject({ at: nonNegative, action: z.literal('restart'), ...groupInstance }).meta({ description: 'Restart a crashed consumer instance.' }),
    z
      .strictObject({
        at: nonNegative,
        action: z.literal('scale'),
        group: groupInstance.group,
        instances: z.int().min(0).max(1000).meta({ description: 'The number of instances from now on.' }),
      })
      .meta({ description: 'Add or remove consumer instances. Removed instances hand back what they hold.' }),
    z
      .strictObject({
        at: nonNegative,
        action: z.literal('set-rate'),
        producer: id.meta({ description: 'Id of the producer.' }),
        perSecond: nonNegative.meta({ description: 'The new steady rate in messages per second; 0 stops steady arrivals.' }),
      })
      .meta({ description: "Change a producer's steady rate." }),
    z
      .strictObject({
        at: nonNegative,
        action: z.literal('set-processing'),
        group: groupInstance.group,
        processing: distributionSchema,
      })
      .meta({ description: "Change a consumer group's processing time." }),
    z
      .strictObject({
        at: nonNegative,
        action: z.literal('redrive'),
        from: id.meta({ description: 'Id of the dead-letter queue to empty.' }),
        to: id.meta({ description: 'Id of the queue that takes the messages back.' }),
        limit: z.int().min(1).optional().meta({ description: 'Most messages to move; absent: all that are ready.' }),
      })
      .meta({ description: 'Move ready messages out of a dead-letter queue back to a working queue.' }),
    z
      .strictObject({
        at: nonNegative,
        action: z.literal('add-subscription'),
        topic: id.meta({ description: 'Id of the topic.' }),
        subscription: subscriptionSchema,
      })
      .meta({ description: 'Create a subscription on a topic. It receives only messages published from now on.' }),
    z
      .strictObject({
        at: nonNegative,
        action: z.literal('add-group'),
        group: z.lazy(() => consumerGroupSchema),
      })
      .meta({
        description:
          'Create a consumer group now. On a stream it starts at startFrom: "earliest" replays the retained history; on a queue it competes for what is waiting.',
      }),
    z
      .strictObject({
        at: nonNegative,
        action: z.literal('reset-offsets'),
        group: groupInstance.group,
        to: z
          .enum(['earliest', 'latest', 'offset', 'timestamp'])
          .meta({ description: 'earliest: the log start (replay everything retained); latest: the log end (skip the backlog); offset or timestamp: see those fields.' }),
        offset: z.int().min(0).optional().meta({ description: 'With to "offset": the offset every partition moves to (clamped to the retained range).' }),
        timestamp: nonNegative
          .optional()
          .meta({ description: 'With to "timestamp": each partition moves to its first record appended at or after this virtual time.' }),
      })
      .meta({ description: "Move a stream consumer group's offsets (replay or skip), as kafka-consumer-groups --reset-offsets does." }),
  ])
  .meta({ description: 'Something that happens at a virtual time `at`.' });

const limitsSchema = z
  .strictObject({
    maxEvents: z
      .int()
      .min(1)
      .max(2_000_000_000)
      .default(50_000_000)
      .meta({ description: 'The run stops with an error after this many events.' }),
    maxWallSeconds: positive
      .max(86_400)
      .default(120)
      .meta({ description: 'The run stops with an error after this much real time (headless runs).' }),
  })
  .meta({ description: 'Budgets that stop a runaway scenario.' });

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'Path or URL of the JSON Schema, for editors.' }),
    version: z.literal(SCENARIO_VERSION).meta({ description: 'Format version of this file.' }),
    name: z.string().min(1).max(120).meta({ description: 'Short name of the scenario.' }),
    description: z.string().max(4000).default('').meta({ description: 'What the scenario shows, in plain text.' }),
    seed: z.int().min(0).default(1).meta({ description: 'Seed of the random streams; the same seed gives the same run.' }),
    duration: positive.max(1e9).meta({ description: 'Length of the run in virtual seconds.' }),
    sampleInterval: positive
      .optional()
      .meta({ description: 'Virtual seconds between depth samples in the report; default: duration / 500. At most 100,000 samples per run.' }),
    limits: limitsSchema.default({ maxEvents: 50_000_000, maxWallSeconds: 120 }),
    producers: z.array(producerSchema).min(1).meta({ description: 'Message sources.' }),
    brokers: z.array(brokerSchema).min(1).meta({ description: 'Brokers that hold messages.' }),
    consumers: z.array(consumerGroupSchema).default([]).meta({ description: 'Consumer groups that exist from the start.' }),
    timeline: z
      .array(timelineActionSchema)
      .default([])
      .meta({
        description:
          'Actions at virtual times: crashes, restarts, scaling, rate and processing changes, DLQ redrives, new subscriptions and groups, offset resets.',
      }),
  })
  .meta({ title: 'brokerlab scenario', description: 'A brokerlab scenario: producers, brokers and consumer groups over a virtual-time run.' });

/** A validated scenario with every default filled in. */
export type Scenario = z.output<typeof scenarioSchema>;
/** A scenario as written in a file (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ProducerSpec = Scenario['producers'][number];
export type BrokerSpec = Scenario['brokers'][number];
export type ConsumerGroupSpec = Scenario['consumers'][number];
export type DistributionInput = z.output<typeof distributionSchema>;
export type TimelineAction = Scenario['timeline'][number];
export type SubscriptionSpec = Extract<BrokerSpec, { kind: 'topic' }>['subscriptions'][number];

/** The JSON Schema editors use (scenarios/schema.json is this, written out). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
