import { z } from 'zod';
import { producerPayloadFields } from './schema-payload';
import { distributionSchema, nonNegative, positive, id } from './schema-common';

/** A producer: its steady arrivals, bursts, keys, payload sizes and attributes. */

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

/**
 * Producer-side flow control (issue 4 §1.3 throttling, §3 producer duplicates). All optional; a producer
 * with none of these publishes every message the moment it is made, as before.
 */
const flowControlFields = {
  whenFull: z
    .enum(['fail', 'block'])
    .default('fail')
    .meta({
      description:
        'What the producer does when the broker refuses a publish for being full (a queue with maxLength and overflow "reject-publish"). fail: the publish is rejected and the message lost. block: the message waits in the producer\'s own backlog and goes out when the queue has room, so nothing is lost and the wait moves upstream (blocking publish, RabbitMQ flow control). Oversize publishes, and publishes to a broker that is down after a crash, are rejected either way.',
    }),
  maxBacklog: z
    .int()
    .min(0)
    .max(100_000_000)
    .optional()
    .meta({
      description:
        'Most messages the producer\'s backlog holds (messages held back by whenFull "block", rateLimit or confirms). A message that would wait beyond it is dropped by the producer itself: rejected with reason "producer-backlog". Absent: unbounded.',
    }),
  rateLimit: z
    .strictObject({
      perSecond: positive.meta({ description: 'Tokens per virtual second: the most publishes per second the producer sustains.' }),
      burst: z.number().min(1).default(1).meta({ description: 'Bucket size: publishes that may go out back to back after a quiet spell. Default 1 (evenly spaced).' }),
    })
    .optional()
    .meta({
      description:
        'A token-bucket rate limit on publishing. A message beyond it waits in the producer\'s backlog until the next token, then goes out (trace: throttled with reason "rate-limit").',
    }),
  confirms: z
    .strictObject({
      maxOutstanding: z
        .int()
        .min(1)
        .max(1_000_000)
        .default(100)
        .meta({ description: 'Most publishes awaiting their confirm at once (RabbitMQ confirm window, Kafka max.in.flight.requests.per.connection). Further messages wait in the backlog. Default 100.' }),
      latency: distributionSchema
        .default({ type: 'constant', value: 0.005 })
        .meta({ description: 'Time from a publish to its confirm, in seconds. Default a constant 5 ms.' }),
      lossProbability: z
        .number()
        .min(0)
        .lt(1)
        .default(0)
        .meta({
          description:
            'Probability that a publish\'s confirm never arrives. The producer then waits out the timeout and publishes the message again: a new message with the same origin, key, version and payload, a duplicate unless the producer is idempotent. Default 0.',
        }),
      timeout: positive
        .max(86_400)
        .default(30)
        .meta({ description: 'Seconds the producer waits for a confirm before it publishes the message again (Kafka request.timeout.ms is 30 s). Default 30.' }),
    })
    .optional()
    .meta({ description: 'Publisher confirms: each accepted publish is outstanding until its confirm arrives, with a cap on how many are outstanding at once.' }),
  idempotent: z
    .boolean()
    .default(false)
    .meta({
      description:
        'Idempotent producer (Kafka enable.idempotence, SQS FIFO deduplication): the broker recognises a repeat of a publish it already has and discards it (trace: rejected with reason "duplicate"), so lost confirms create no duplicates. Default false.',
    }),
};

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
    ...flowControlFields,
    ...producerPayloadFields,
  })
  .meta({ description: 'A source of messages.' });
