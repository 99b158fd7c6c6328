import { z } from 'zod';
import { id, nonNegative, positive } from './schema-common';
import { producerSchema } from './schema-producer';

/**
 * Timeline actions that switch a backpressure strategy during a run (issue 4 §1: every strategy is
 * "switchable by a timeline action"). Each is plain data the runtime can also apply at "now" (the lab's
 * live changes): a field left out keeps its current value, and null removes a bound or a limit.
 * Each leaves a `policy` trace record (reason: the action's name) at its time.
 */

const group = id.meta({ description: 'Id of the consumer group.' });

const setQueueLimits = z
  .strictObject({
    at: nonNegative,
    action: z.literal('set-queue-limits'),
    queue: id.meta({ description: 'Id of the queue or topic subscription.' }),
    maxLength: z
      .int()
      .min(0)
      .nullable()
      .optional()
      .meta({ description: 'Most ready messages from now on; null: unbounded. Lowered under overflow "drop-head", the oldest ready messages are dropped at once (reason "maxlen", to the dead-letter queue if there is one) until the rest fit; under "reject-publish" what waits stays and publishes are refused until the queue is back under it.' }),
    maxBytes: z
      .int()
      .min(0)
      .nullable()
      .optional()
      .meta({ description: 'Most payload bytes of ready messages from now on; null: unbounded. Lowered, it applies as maxLength does.' }),
    overflow: z
      .enum(['drop-head', 'reject-publish'])
      .optional()
      .meta({ description: 'What a full queue does from now on: drop-head drops the oldest ready messages; reject-publish refuses the publish (reason "maxlen"). A producer blocked on the queue tries again at once.' }),
    keepOneIn: z.int().min(1).optional().meta({ description: 'Sampling from now on: keep one accepted message in this many, counting afresh (the next one is kept); 1 keeps every message.' }),
    conflate: z
      .boolean()
      .optional()
      .meta({ description: 'Conflation from now on: a newcomer takes the place of the latest ready message of its key that became ready since conflation was switched on (messages waiting from before are not replaced). false: no more replacements.' }),
  })
  .meta({ description: 'Switch a queue\'s buffering and dropping (bounds, overflow, sampling, conflation) from now on, like applying a RabbitMQ policy to a live queue. A producer blocked on it tries again at once.' });

const setProducerFlow = z
  .strictObject({
    at: nonNegative,
    action: z.literal('set-producer-flow'),
    producer: id.meta({ description: 'Id of the producer.' }),
    whenFull: z
      .enum(['fail', 'block'])
      .optional()
      .meta({
        description:
          'block: from now on a publish the full queue refuses waits in the producer\'s backlog (the queue must then have a bound and overflow "reject-publish"). fail: messages waiting for room are tried again now, in order: published where the queue has room, rejected (reason "maxlen") where it is still full; later refusals are rejected.',
      }),
    rateLimit: producerSchema.shape.rateLimit
      .unwrap()
      .nullable()
      .optional()
      .meta({ description: 'A token-bucket rate limit from now on, starting with a full bucket; null removes it. Messages waiting for a token are tried again now.' }),
    maxBacklog: z
      .int()
      .min(0)
      .max(100_000_000)
      .nullable()
      .optional()
      .meta({ description: 'Most messages the producer\'s backlog holds from now on; null: unbounded. Messages already waiting keep their place; new ones are refused (reason "producer-backlog") while the backlog is at the bound or above.' }),
  })
  .meta({ description: 'Switch a producer\'s flow control (blocking publish, rate limit, backlog bound) from now on. A producer without flow control gets its backlog here.' });

const setPrefetch = z
  .strictObject({
    at: nonNegative,
    action: z.literal('set-prefetch'),
    group,
    prefetch: z.int().min(1).max(100_000).meta({ description: 'The new prefetch window: unacknowledged deliveries one instance may hold.' }),
  })
  .meta({
    description:
      'Change a push group\'s prefetch window (credits). Growing it grants the extra credits at once; shrinking it never takes a delivery back: credits on offer are withdrawn and the rest are kept back as deliveries are settled.',
  });

const setPull = z
  .strictObject({
    at: nonNegative,
    action: z.literal('set-pull'),
    group,
    batchSize: z.int().min(1).max(1000).optional().meta({ description: 'Most messages one receive returns from now on; a receive in progress keeps what it asked for.' }),
    refill: z
      .enum(['batch', 'each'])
      .optional()
      .meta({ description: 'batch: ask again once the whole batch is settled; each: ask for more as each message is settled (an idle instance with room asks at once).' }),
  })
  .meta({ description: 'Change a pull group\'s receives (batch size, refill) from now on.' });

const setAutoscale = z
  .strictObject({
    at: nonNegative,
    action: z.literal('set-autoscale'),
    group,
    enabled: z
      .boolean()
      .optional()
      .meta({ description: 'false pauses the autoscaler: the instance count stays where it is. true resumes it: it evaluates one interval later.' }),
    target: positive.optional().meta({ description: 'The metric value wanted from now on (as the group\'s autoscale.target).' }),
    minInstances: z.int().min(0).max(1000).optional().meta({ description: 'The fewest instances from now on; applies at the next evaluation.' }),
    maxInstances: z.int().min(1).max(1000).optional().meta({ description: 'The most instances from now on; applies at the next evaluation, which scales in to it if needed.' }),
  })
  .meta({ description: 'Pause or resume a group\'s autoscaler, or change its target and instance range, from now on.' });

const setBreaker = z
  .strictObject({
    at: nonNegative,
    action: z.literal('set-breaker'),
    group,
    enabled: z
      .boolean()
      .meta({
        description:
          'false: calls go straight through, whatever the dependency does, and the breaker is reset to closed (a circuit "closed" record if it was open). true: it guards the calls again, starting closed with no calls counted yet.',
      }),
  })
  .meta({ description: 'Switch a group\'s circuit breaker off or on.' });

/** The policy-switching actions, for the timeline's discriminated union. */
export const policyActionSchemas = [setQueueLimits, setProducerFlow, setPrefetch, setPull, setAutoscale, setBreaker] as const;
