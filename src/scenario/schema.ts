import { z } from 'zod';

/**
 * The scenario file format, version 1: the single source of truth. The TypeScript types, the
 * validator and scenarios/schema.json (for editors) are all derived from these definitions, and
 * every field carries the documentation an editor shows as its tooltip.
 */

export const SCENARIO_VERSION = 1;

const id = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'must start with a letter and use only letters, digits, "_", "-" or "."');

const nonNegative = z.number().min(0);
const positive = z.number().gt(0);

export const distributionSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('constant'),
      value: nonNegative.meta({ description: 'The value every draw returns.' }),
    }),
    z.strictObject({
      type: z.literal('exponential'),
      mean: positive.meta({ description: 'Mean of the exponential distribution (1 / rate).' }),
    }),
    z.strictObject({
      type: z.literal('uniform'),
      min: nonNegative.meta({ description: 'Smallest value.' }),
      max: nonNegative.meta({ description: 'Largest value; at least min.' }),
    }),
    z.strictObject({
      type: z.literal('normal'),
      mean: positive.meta({ description: 'Mean before truncation.' }),
      stddev: nonNegative.meta({ description: 'Standard deviation. Draws below 0 are redrawn (truncated at 0).' }),
    }),
    z.strictObject({
      type: z.literal('lognormal'),
      mean: positive.meta({ description: 'Mean of the distribution.' }),
      p99: positive.optional().meta({ description: '99th percentile; give either p99 or cv.' }),
      cv: nonNegative.optional().meta({ description: 'Coefficient of variation (stddev / mean); give either p99 or cv.' }),
    }),
    z.strictObject({
      type: z.literal('choice'),
      options: z
        .array(
          z.strictObject({
            value: nonNegative.meta({ description: 'A possible value.' }),
            weight: nonNegative.meta({ description: 'Relative weight of this value.' }),
          }),
        )
        .min(1)
        .meta({ description: 'Values with relative weights.' }),
    }),
  ])
  .meta({
    description:
      'A distribution of a non-negative quantity: constant, exponential, uniform, normal (truncated at 0), lognormal (mean with p99 or cv) or choice.',
  });

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
  })
  .meta({ description: 'A source of messages.' });

export const queueBrokerSchema = z
  .strictObject({
    id: id.meta({ description: 'Unique name of this broker.' }),
    kind: z.literal('queue').meta({ description: 'A FIFO queue with competing consumers: each message goes to one consumer.' }),
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
  })
  .meta({ description: 'A queue broker.' });

export const brokerSchema = z.discriminatedUnion('kind', [queueBrokerSchema]).meta({ description: 'A broker: kind "queue".' });

export const consumerGroupSchema = z
  .strictObject({
    id: id.meta({ description: 'Unique name of this consumer group (a service).' }),
    reads: id.meta({ description: 'Id of the broker the group consumes from.' }),
    instances: z.int().min(1).max(1000).default(1).meta({ description: 'Number of consumer instances.' }),
    concurrency: z.int().min(1).max(1000).default(1).meta({ description: 'Messages one instance processes at the same time.' }),
    prefetch: z
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .meta({
        description:
          'Unacknowledged deliveries one instance may hold (RabbitMQ basic.qos, MaxAckPending). Deliveries beyond concurrency wait in the instance. Default: concurrency.',
      }),
    processing: distributionSchema.meta({ description: 'Time (virtual seconds) to process one message.' }),
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
  })
  .meta({ description: 'A consumer group: instances × concurrency workers that process and acknowledge messages.' });

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
    consumers: z.array(consumerGroupSchema).default([]).meta({ description: 'Consumer groups.' }),
    timeline: z.array(timelineActionSchema).default([]).meta({ description: 'Actions at virtual times: crashes, restarts, scaling, rate and processing changes, DLQ redrives.' }),
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

/** The JSON Schema editors use (scenarios/schema.json is this, written out). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
