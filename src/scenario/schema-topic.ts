import { z } from 'zod';
import { id, maxMessageBytes, nonNegative } from './schema-common';
import { BUS_PRESET_IDS } from '../model/presets';
import { presetField } from './schema-preset';
import { queueKnobs } from './schema-queue';

const label = z.string().min(1).max(128);

const attributeConditionSchema = z
  .union([
    z.array(label).min(1).meta({ description: 'The attribute is present and equals one of these values.' }),
    z.strictObject({ exists: z.boolean().meta({ description: 'true: the attribute is present (any value); false: it is absent.' }) }),
    z.strictObject({ prefix: z.string().min(1).max(128).meta({ description: 'The attribute is present and starts with this text.' }) }),
  ])
  .meta({ description: 'A condition on one attribute: a list of allowed values, {"exists": true|false}, or {"prefix": "…"}.' });

/** What a subscription filter or a bus rule asks of a message (SNS filter policy, EventBridge pattern). */
export const filterSchema = z
  .strictObject({
    types: z.array(label).min(1).optional().meta({ description: 'Allowed event types; absent: any type.' }),
    sources: z.array(id).min(1).optional().meta({ description: 'Allowed sources: ids of the producers that published; absent: any source.' }),
    attributes: z
      .record(label, attributeConditionSchema)
      .optional()
      .meta({ description: 'Conditions by attribute name; every one must hold.' }),
  })
  .meta({ description: 'Every given field must hold; a list matches any of its values. {} matches everything.' });

export const subscriptionSchema = z
  .strictObject({
    id: id.meta({ description: 'Unique name of this subscription; consumer groups read it by this id.' }),
    filter: filterSchema.optional(),
    ...queueKnobs,
  })
  .meta({ description: 'A subscription: its own queue, with the full delivery lifecycle, receiving a copy of every matching message.' });

export const topicBrokerSchema = z
  .strictObject({
    id: id.meta({ description: 'Unique name of this broker.' }),
    kind: z
      .literal('topic')
      .meta({ description: 'Publish/subscribe: every subscription gets its own copy of each message (SNS, Google Pub/Sub, Service Bus topics).' }),
    maxMessageBytes: maxMessageBytes('SNS: 256 KiB; Google Pub/Sub: 10 MB.'),
    subscriptions: z
      .array(subscriptionSchema)
      .max(100)
      .default([])
      .meta({ description: 'Subscriptions that exist from the start. More can be added by an add-subscription timeline action.' }),
  })
  .meta({ description: 'A pub/sub topic.' });

const retrySchema = z
  .strictObject({
    attempts: z
      .int()
      .min(0)
      .max(1_000_000)
      .default(185)
      .meta({ description: 'Retries after the first try (EventBridge MaximumRetryAttempts, default 185; SNS retries SQS endpoints 100,015 times).' }),
    maxEventAge: z
      .number()
      .gt(0)
      .default(86_400)
      .meta({ description: 'Seconds after publishing beyond which the event is not retried (EventBridge MaximumEventAgeInSeconds, default 24 h).' }),
    backoff: z
      .strictObject({
        base: nonNegative.default(1).meta({ description: 'Seconds before the first retry.' }),
        multiplier: z.number().min(1).default(2).meta({ description: 'Growth of the wait per retry (1: constant).' }),
        max: nonNegative.default(480).meta({ description: 'Longest wait between retries, in seconds.' }),
        schedule: z
          .array(nonNegative)
          .max(100)
          .optional()
          .meta({
            description:
              'Waits in seconds before the first retries, in order (Event Grid: 10, 30, 60, 300, …); after the list, each wait is the previous one times multiplier, up to max. Absent: the first wait is base.',
          }),
        jitter: z
          .enum(['none', 'full', 'equal'])
          .default('none')
          .meta({
            description:
              'Spread of each wait: none (exact), full (uniform between 0 and the wait) or equal (half the wait plus up to half again). Without it, events refused together are retried together, as a herd.',
          }),
      })
      .default({ base: 1, multiplier: 2, max: 480, jitter: 'none' })
      .meta({ description: 'Exponential backoff between retries.' }),
  })
  .meta({ description: 'How the bus retries a target that refuses an event, and when it gives up.' });

const busTargetSchema = z
  .strictObject({
    to: id.meta({ description: 'Id of the queue, topic or stream that receives a copy of each matching event.' }),
    retry: retrySchema.optional(),
    deadLetterTo: id.optional().meta({ description: 'Id of the queue that takes events the bus gave up on; absent: they are dropped.' }),
  })
  .meta({ description: 'One target of a rule.' });

const busRuleSchema = z
  .strictObject({
    id: id.meta({ description: 'Name of the rule, unique within its bus.' }),
    pattern: filterSchema.default({}),
    targets: z.array(busTargetSchema).min(1).max(5).meta({ description: 'Where matching events go (at most 5, as EventBridge).' }),
  })
  .meta({ description: 'A routing rule: every event matching the pattern goes to every target.' });

export const busBrokerSchema = z
  .strictObject({
    id: id.meta({ description: 'Unique name of this broker.' }),
    kind: z
      .literal('bus')
      .meta({ description: 'An event bus: rules match events by type, source and attributes and route copies to targets (EventBridge).' }),
    preset: presetField(BUS_PRESET_IDS),
    maxMessageBytes: maxMessageBytes('EventBridge: 256 KiB.'),
    rules: z.array(busRuleSchema).max(300).default([]).meta({ description: 'Rules, all evaluated for every event; unmatched events are counted.' }),
  })
  .meta({ description: 'An event bus.' });
