import type { Preset } from './preset';

/** One Google Cloud Pub/Sub subscription, read with streaming pull. */
export const gcpPubsub = {
  id: 'gcp-pubsub',
  name: 'Google Cloud Pub/Sub subscription',
  kind: 'queue',
  description:
    'One subscription as a queue: a 10 s ack deadline (also how long a crashed subscriber\'s messages wait before redelivery), with a deadLetterTo a dead-letter policy of 5 delivery attempts (the default), and client flow control of 1000 outstanding messages per subscriber. ' +
    'Simplifies: the topic fan-out is not modelled (use one queue per subscription); no retry-policy backoff (10–600 s), deadline extension, or redelivery of later messages of an ordering key; delivery is exact rather than best effort.',
  broker: {
    onConsumerCrash: 'await-lease',
    ackTimeout: 10,
  },
  withDeadLetter: {
    maxDeliveries: 5,
    onMaxDeliveries: 'dead-letter',
  },
  group: {
    prefetch: 1000,
  },
} as const satisfies Preset;
