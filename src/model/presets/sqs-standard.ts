import type { Preset } from './preset';

/** Amazon SQS standard queue, and the receive loop its consumers run. */
export const sqsStandard = {
  id: 'sqs',
  name: 'Amazon SQS standard queue',
  kind: 'queue',
  description:
    'Pull consumers receiving up to 10 messages with 20 s long polls, a 30 s visibility timeout (which also decides when a crashed consumer\'s messages come back), 1 MiB messages, and with a deadLetterTo a redrive policy of maxReceiveCount 10 (the console\'s suggestion; SQS has no default, so set maxDeliveries to yours). ' +
    'Simplifies: delivery is in order rather than best-effort, no duplicate deliveries without a failure; the 4-day retention is not applied (messageTtl would dead-letter expired messages, SQS deletes them); batchSize above 10 is accepted; a message is redriven when its last receive fails rather than at the next receive.',
  broker: {
    onConsumerCrash: 'await-lease',
    ackTimeout: 30,
    maxMessageBytes: 1_048_576,
  },
  withDeadLetter: {
    maxDeliveries: 10,
    onMaxDeliveries: 'dead-letter',
  },
  group: {
    pull: { batchSize: 10, waitTime: 20, refill: 'batch' },
  },
} as const satisfies Preset;
