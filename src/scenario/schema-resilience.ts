import { z } from 'zod';
import { id, nonNegative, positive } from './schema-common';
import { consumerPayloadSchema } from './schema-payload';

/**
 * How a consumer group fails and recovers: failure kinds and the action on failure, retries with
 * backoff and a budget, the downstream dependency with its circuit breaker, side effects guarded by
 * an idempotency store, per-key state with an ordering remedy, and a memory limit. Queue groups only.
 */

export const failureSchema = z
  .strictObject({
    probability: z.number().min(0).max(1).meta({ description: 'Probability that one processing attempt fails with a transient error, which a retry may fix.' }),
    fatal: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .meta({ description: 'Probability that an attempt fails with a fatal error (a bug or a refusal that retrying cannot fix), so action "retry" rejects it at once.' }),
    poison: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .meta({
        description:
          'Share of messages that are poison (malformed): every attempt at such a message fails with a fatal error, so "requeue" loops on it for ever and only a delivery limit (maxDeliveries), "reject" or "retry" ends it. Which messages are poison does not depend on the attempt.',
      }),
    action: z
      .enum(['requeue', 'reject', 'no-ack', 'ack', 'retry'])
      .optional()
      .meta({
        description:
          'What the consumer does with a failed message. requeue: nack and put it back at once, without limit. reject: nack without requeue (dead-letter, or drop). no-ack: stay silent until the lease expires. ack: acknowledge it anyway, the "ack on failure" anti-pattern: the message is lost, and the report counts it as lostByConsumer. retry: retry with the group\'s retry policy, then reject. Default: retry when the group has a retry policy, else requeue.',
      }),
  })
  .refine((f) => f.probability + f.fatal <= 1, { message: 'probability + fatal must be at most 1', path: ['fatal'] })
  .meta({ description: 'Processing failures and how the consumer reports them.' });

export const retrySchema = z
  .strictObject({
    backoff: z
      .enum(['immediate', 'fixed', 'exponential'])
      .default('exponential')
      .meta({ description: 'immediate: back in the queue at once. fixed: the same delay every time. exponential: delay × multiplier^(retry − 1), capped at maxDelay.' }),
    delay: nonNegative.default(1).meta({ description: 'Seconds before the first retry (fixed: before every retry).' }),
    multiplier: z.number().min(1).default(2).meta({ description: 'Growth of the delay per retry (exponential).' }),
    maxDelay: nonNegative.default(60).meta({ description: 'Cap on any one delay, in seconds; at least delay.' }),
    jitter: z
      .enum(['none', 'full', 'equal', 'decorrelated'])
      .default('full')
      .meta({
        description:
          'Randomness in an exponential delay, so consumers that failed together do not retry together. none: the capped delay itself. full: uniform in [0, delay]. equal: half the delay plus uniform in [0, half]. decorrelated: uniform in [delay, 3 × the previous wait], capped.',
      }),
    maxRetries: z.int().min(0).max(1000).default(5).meta({ description: 'Retries per message; when they are used up the message is rejected (to deadLetterTo, or dropped) with reason retry-limit.' }),
    budget: z
      .strictObject({
        ratio: z.number().min(0).max(100).default(0.1).meta({ description: 'Retries allowed per first attempt over the window, e.g. 0.1 = retries may add 10 % to the load.' }),
        minPerSecond: nonNegative.default(1).meta({ description: 'Retries per second allowed whatever the traffic.' }),
        windowSeconds: positive.max(3600).default(10).meta({ description: 'Seconds the budget looks back.' }),
      })
      .optional()
      .meta({
        description:
          'A retry budget (as in Finagle and gRPC) that stops retry storms: a retry beyond it is rejected with reason retry-budget instead of adding load to a struggling dependency.',
      }),
  })
  .refine((r) => r.maxDelay >= r.delay, { message: 'maxDelay must be at least delay', path: ['maxDelay'] })
  .meta({ description: 'How failures are retried (failure action "retry"): backoff with jitter, a retry limit and an optional budget.' });

export const breakerSchema = z
  .strictObject({
    failureRate: z.number().gt(0).max(1).default(0.5).meta({ description: 'Share of failed calls in the window that opens the circuit.' }),
    slowCallSeconds: positive.optional().meta({ description: 'A call slower than this counts as slow. Absent: latency does not open the circuit.' }),
    slowCallRate: z.number().gt(0).max(1).default(1).meta({ description: 'Share of slow calls in the window that opens the circuit.' }),
    windowSeconds: positive.max(3600).default(10).meta({ description: 'The sliding window the rates are measured over, in seconds.' }),
    minCalls: z.int().min(1).default(10).meta({ description: 'Calls the window needs before the rates are judged.' }),
    openSeconds: positive.default(30).meta({ description: 'Seconds the circuit stays open before it lets probes through (half-open).' }),
    halfOpenProbes: z.int().min(1).max(1000).default(3).meta({ description: 'Trial calls while half-open: all must succeed to close the circuit; one failure opens it again.' }),
    whenOpen: z
      .enum(['retry', 'reject'])
      .default('reject')
      .meta({ description: 'What happens to a message whose call the open circuit refuses: retry it with the retry policy (needs failure action retry), or reject it (to deadLetterTo, or dropped).' }),
  })
  .meta({
    description:
      "A circuit breaker between the group and its downstream dependency: while open, calls fail at once instead of tying up workers on a dead service. Its state changes are in the trace.",
  });

export const sideEffectSchema = z
  .strictObject({
    name: z.string().min(1).max(64).default('side effects').meta({ description: 'What the side effect is, for the report, e.g. "charges" or "emails".' }),
    idempotency: z
      .strictObject({
        key: z
          .enum(['message-id', 'business-key'])
          .default('business-key')
          .meta({ description: "message-id: the broker's id (a producer's repeated publish gets a new one, so it slips through). business-key: the event's own id, the same for every repeat." }),
        ttl: positive.default(86_400).meta({ description: 'Seconds a key is remembered; a duplicate arriving later is applied again.' }),
        lookupLatency: nonNegative.default(0.002).meta({ description: 'Seconds each store lookup adds to processing a message.' }),
      })
      .optional()
      .meta({ description: 'An idempotency store: a message whose key it holds is skipped (side effect avoided) instead of applied again.' }),
  })
  .meta({ description: 'The side effect processing a message has (a charge, an e-mail). The report counts applied, duplicate and avoided side effects.' });

export const orderingSchema = z
  .strictObject({
    remedy: z
      .enum(['none', 'reject-older', 'last-write-wins'])
      .default('none')
      .meta({
        description:
          'none: apply each keyed message as it comes. reject-older: skip a message older (by per-key version) than the state. last-write-wins: skip a message published before the one the state holds.',
      }),
  })
  .meta({
    description:
      'Each keyed message updates its key\'s state. The report counts updates applied out of order and keys whose final state is not their newest version ("Bob instead of Charlie"). Queue and stream groups.',
  });

export const memorySchema = z
  .strictObject({
    limitBytes: z.int().min(1).meta({ description: "Payload bytes an instance may hold (processing and prefetched); beyond it the instance runs out of memory and crashes, handing its messages back." }),
    restartSeconds: positive.default(10).meta({ description: 'Seconds an instance that ran out of memory takes to restart.' }),
  })
  .meta({ description: "A consumer instance's memory limit: large payloads and a big prefetch fill it." });

/** The consumer-group fields of this file, spread into the group schema. */
export const resilienceFields = {
  failure: failureSchema.optional(),
  retry: retrySchema.optional(),
  dependency: id.optional().meta({ description: 'Id of the dependency (in dependencies) that processing calls; a handler names one per call instead.' }),
  breaker: breakerSchema.optional(),
  sideEffect: sideEffectSchema.optional(),
  ordering: orderingSchema.optional(),
  memory: memorySchema.optional(),
  payload: consumerPayloadSchema.optional(),
};

export const dependencySchema = z
  .strictObject({
    id: id.meta({ description: 'Unique name of the dependency, e.g. "email-provider".' }),
    timeout: positive.default(5).meta({ description: 'Seconds a call waits while the dependency is down before it fails.' }),
  })
  .meta({ description: 'A downstream service consumers call. Outage timeline actions take it down for a while.' });
