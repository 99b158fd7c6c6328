import type { Preset } from './preset';

/** Core NATS: a subject with a queue group of subscribers, no persistence. */
export const natsCore = {
  id: 'nats-core',
  name: 'NATS core subject with a queue group',
  kind: 'queue',
  description:
    'At most once: the server keeps nothing, hands each message to one member of the queue group picked at random, and forgets it; a message with no subscriber is gone, a member whose pending buffer (65,536 messages) is full drops it as a slow consumer, and a failed or crashed handler loses what it held; 1 MiB max_payload. ' +
    'Simplifies: the pending limit counts messages only (not the 64 MiB byte limit); no request-reply, subject wildcards or per-connection ordering; a slow consumer is not disconnected.',
  broker: {
    delivery: 'at-most-once',
    buffering: 'none',
    maxMessageBytes: 1_048_576,
  },
  group: {
    prefetch: 65_536,
  },
} as const satisfies Preset;
