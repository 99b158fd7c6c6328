import type { Preset } from './preset';

/** An Azure Storage queue, read by a polling consumer (the Azure Functions queue trigger's defaults). */
export const azureQueueStorage = {
  id: 'azure-queue-storage',
  name: 'Azure Queue Storage queue',
  kind: 'queue',
  description:
    'Pull consumers getting up to 32 messages per request with short polls, a 30 s visibility timeout (a crashed worker\'s messages reappear when it ends), a 7-day time-to-live and 64 KiB messages; with a deadLetterTo, the poison-queue convention of the Functions binding: a message whose 5th dequeue fails is moved there (Queue Storage itself has no dead-letter queue). ' +
    'Simplifies: an idle consumer polls every second, where the Functions host backs off up to a minute; expiry is checked at the head of the queue, where Azure deletes expired messages wherever they are; ordering is FIFO rather than best-effort.',
  broker: {
    onConsumerCrash: 'await-lease',
    ackTimeout: 30,
    maxMessageBytes: 65_536,
    messageTtl: 604_800,
  },
  withDeadLetter: {
    maxDeliveries: 5,
    onMaxDeliveries: 'dead-letter',
  },
  group: {
    pull: { batchSize: 32, waitTime: 0, refill: 'batch', pollInterval: 1 },
  },
} as const satisfies Preset;
