import { z } from 'zod';
import { distributionSchema, id, nonNegative, positive } from './schema-common';
import { consumerGroupSchema } from './schema-group';
import { producerSchema } from './schema-producer';
import { dependencySchema } from './schema-resilience';
import { alertsField } from './schema-alerts';
import { queueBrokerSchema } from './schema-queue';
import { streamBrokerSchema } from './schema-stream';
import { busBrokerSchema, subscriptionSchema, topicBrokerSchema } from './schema-topic';
import { policyActionSchemas } from './schema-policy-actions';
import { liveChangeActionSchemas } from './schema-live-actions';
import { expectField, variantsField } from './schema-expect';
import { captionActionSchema } from './schema-caption';

/**
 * The scenario file format, version 1: the single source of truth. The TypeScript types, the
 * validator and scenarios/schema.json (for editors) are all derived from these definitions, and
 * every field carries the documentation an editor shows as its tooltip.
 */

export const SCENARIO_VERSION = 1;

export { distributionSchema } from './schema-common';
export { consumerGroupSchema } from './schema-group';
export { producerSchema } from './schema-producer';

export const brokerSchema = z
  .discriminatedUnion('kind', [queueBrokerSchema, streamBrokerSchema, topicBrokerSchema, busBrokerSchema])
  .meta({ description: 'A broker: kind "queue", "stream", "topic" or "bus".' });

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
        action: z.literal('outage'),
        dependency: id.meta({ description: 'Id of the dependency (in dependencies) that goes down.' }),
        duration: positive.meta({ description: 'Seconds it stays down; calls made meanwhile hang for its timeout and fail.' }),
      })
      .meta({ description: 'A dependency outage, e.g. the e-mail provider down from t=60 for 30 s.' }),
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
    ...policyActionSchemas,
    ...liveChangeActionSchemas,
    captionActionSchema,
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
    dependencies: z.array(dependencySchema).default([]).meta({ description: 'Downstream services consumers call (by a group\'s dependency, or a handler call\'s); outage actions take them down.' }),
    consumers: z.array(consumerGroupSchema).default([]).meta({ description: 'Consumer groups that exist from the start.' }),
    alerts: alertsField,
    expect: expectField,
    variants: variantsField,
    timeline: z
      .array(timelineActionSchema)
      .default([])
      .meta({
        description:
          'Actions at virtual times: crashes, restarts, scaling, rate and processing changes, DLQ redrives, new subscriptions and groups, offset resets, dependency outages, switches of the backpressure policies (queue limits, producer flow control, prefetch and pull credits, autoscaler, circuit breaker), failure-model and idempotency changes, and stream partition growth.',
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
