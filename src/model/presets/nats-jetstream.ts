import type { Preset } from './preset';

/** A NATS JetStream push consumer with explicit acks. */
export const natsJetstream = {
  id: 'nats-jetstream',
  name: 'NATS JetStream consumer',
  kind: 'queue',
  description:
    'Explicit acks with AckWait 30 s (a crashed subscriber\'s messages are redelivered when it runs out), MaxAckPending 1000 per subscriber as the flow control, MaxDeliver unlimited by default and, when set (maxDeliveries), the message stays in the stream undelivered instead of being dead-lettered; 1 MiB max_payload. ' +
    'Simplifies: the stream is a queue (work-queue retention); no advisory is published, no BackOff list, in-progress acks or TERM; MaxAckPending is per instance here, per consumer in JetStream.',
  broker: {
    onConsumerCrash: 'await-lease',
    ackTimeout: 30,
    onMaxDeliveries: 'keep',
    maxMessageBytes: 1_048_576,
  },
  group: {
    prefetch: 1000,
  },
} as const satisfies Preset;
