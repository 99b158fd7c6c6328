import type { Preset } from './preset';

/** Amazon SNS standard topic fanning out to SQS queues, with the delivery policy SNS uses for SQS endpoints. */
export const sns = {
  id: 'sns',
  name: 'Amazon SNS topic fanning out to SQS queues',
  kind: 'bus',
  description:
    'Each subscription is a rule with one target: its filter policy is the rule\'s pattern (messages it does not match are counted as unmatched, not lost) and its endpoint an SQS queue (a queue broker, e.g. with the sqs preset); a queue that refuses is retried as SNS retries SQS and Lambda endpoints: 3 at once, 2 after 1 s, 10 backing off from 1 s to 20 s, then every 20 s, 100,015 retries in all (about 23 days), after which the message goes to the subscription\'s dead-letter queue (deadLetterTo) or is dropped; 256 KiB messages. ' +
    'Simplifies: HTTP/S endpoints (3 retries 20 s apart) are not modelled; the backoff phase grows by a fixed factor of 1.395 (1 s to 20 s in 10 steps) without jitter; SQS queues rarely refuse, so retries show only when a queue is full under reject-publish, down or too small; no FIFO topics or message envelopes.',
  broker: {
    maxMessageBytes: 262_144,
  },
  target: {
    retry: { attempts: 100_015, maxEventAge: 2_100_000, backoff: { base: 0, multiplier: 1.395, max: 20, schedule: [0, 0, 0, 1, 1, 1] } },
  },
} as const satisfies Preset;
