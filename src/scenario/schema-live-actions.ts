import { z } from 'zod';
import { id, nonNegative } from './schema-common';
import { sideEffectSchema } from './schema-resilience';
import { streamBrokerSchema } from './schema-stream';

/**
 * Timeline actions that change how a group fails, whether its idempotency store guards the side
 * effect, and how many partitions a stream has, from their time on (the lab's live changes record
 * the same data). A field left out keeps its value. Each leaves a `policy` trace record (reason: the
 * action's name) at its time.
 */

const group = id.meta({ description: 'Id of the consumer group: one reading a queue or a subscription, or a shared stream group (share).' });
const share = (what: string) => z.number().min(0).max(1).optional().meta({ description: what });

const setFailure = z
  .strictObject({
    at: nonNegative,
    action: z.literal('set-failure'),
    group,
    probability: share('Probability that an attempt fails with a transient error, from now on.'),
    fatal: share('Probability that an attempt fails with a fatal error, from now on; probability + fatal must stay at most 1.'),
    poison: share(
      'Share of messages that are poison from now on. Which ones is fixed per message by the run\'s seed, so turning poison on (or back on) makes the same messages poison as a group configured with it from the start.',
    ),
  })
  .meta({
    description:
      "Change a group's failure model from now on. A group without failure gets one (the values not given are 0) with its default action: retry with a retry policy, else requeue. Attempts already running draw their outcome with the new model when they end.",
  });

const setIdempotency = z
  .strictObject({
    at: nonNegative,
    action: z.literal('set-idempotency'),
    group,
    enabled: z.boolean().meta({
      description:
        'false: no more lookups or writes (and no lookup latency), so a duplicate applies its side effect again (counted as a duplicate). true: lookups and writes again; keys it holds from before stay until their ttl runs out.',
    }),
  })
  .meta({
    description:
      "Switch a group's idempotency store off or on. The group needs a sideEffect; if it has no idempotency store, switching one on creates it with the defaults (key business-key, ttl 86400 s, lookupLatency 0.002 s).",
  });

const addPartitions = z
  .strictObject({
    at: nonNegative,
    action: z.literal('add-partitions'),
    stream: id.meta({ description: 'Id of the stream.' }),
    partitions: streamBrokerSchema.shape.partitions
      .unwrap()
      .meta({ description: 'The new partition count: more than the stream has at that time.' }),
  })
  .meta({
    description:
      "Grow a stream's partitions, as kafka-topics --alter --partitions does. New records spread over all of them: a key's partition is its hash modulo the new count, so a key may move and its order across the change is not kept (as in Kafka). Every group reading the stream rebalances and reads the new partitions from offset 0 (simplification: a Kafka consumer finds them at its next metadata refresh, and with auto.offset.reset latest may skip what was written before).",
  });

/** The live-change actions, for the timeline's discriminated union. */
export const liveChangeActionSchemas = [setFailure, setIdempotency, addPartitions] as const;

/** What switching on a store a group does not have creates: the schema's idempotency defaults. */
export const IDEMPOTENCY_DEFAULTS = sideEffectSchema.shape.idempotency.unwrap().parse({});
