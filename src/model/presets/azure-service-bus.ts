import type { Preset } from './preset';

/** Azure Service Bus queue in peek-lock mode (Standard tier). */
export const azureServiceBus = {
  id: 'azure-service-bus',
  name: 'Azure Service Bus queue (peek-lock)',
  kind: 'queue',
  description:
    'Peek-lock with a 60 s lock duration (a crashed receiver\'s messages stay locked until it runs out); abandon or lock expiry counts a delivery and the 10th failed delivery (MaxDeliveryCount 10) dead-letters; 256 KB messages (Standard tier). ' +
    'Simplifies: the dead-letter sub-queue is a queue you name in deadLetterTo (without one the message is dropped); no lock renewal, duplicate detection or size-quota rejection; sessions are orderByKey, off by default.',
  broker: {
    onConsumerCrash: 'await-lease',
    ackTimeout: 60,
    maxDeliveries: 10,
    onMaxDeliveries: 'dead-letter',
    maxMessageBytes: 262_144,
  },
} as const satisfies Preset;
