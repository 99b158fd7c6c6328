import { z } from 'zod';
import { distributionSchema, positive, nonNegative } from './schema-common';

/**
 * Payload size as time: network links with a bandwidth and a latency, and the claim-check pattern
 * (large payloads in an object store, references in the messages).
 */

const linkSchema = z
  .strictObject({
    bandwidthBytesPerSecond: positive.meta({ description: 'Bytes per second the connection carries, e.g. 12500000 for 100 Mbit/s.' }),
    latency: nonNegative.default(0.001).meta({ description: 'Seconds from the last byte sent to its arrival.' }),
  })
  .meta({ description: 'One network connection: a message occupies it for size / bandwidth seconds, one message after another, then takes latency to arrive.' });

const storeFields = {
  storeLatency: distributionSchema
    .default({ type: 'constant', value: 0.02 })
    .meta({ description: "The object store's time per request (upload or download) before the bytes, in seconds." }),
  storeBandwidthBytesPerSecond: positive
    .default(50_000_000)
    .meta({ description: "The object store's transfer rate in bytes per second." }),
};

export const producerPayloadFields = {
  claimCheck: z
    .strictObject({
      thresholdBytes: z.int().min(0).default(262_144).meta({ description: 'Payloads larger than this go to the object store (default 256 KiB, the old SQS limit).' }),
      referenceBytes: z.int().min(0).default(256).meta({ description: 'Size of the message that carries the reference instead.' }),
      ...storeFields,
    })
    .optional()
    .meta({
      description:
        'The claim-check pattern: a payload over thresholdBytes is uploaded to an object store first and the message carries only a reference, so it fits the broker\'s maxMessageBytes and costs the broker and consumers only the reference. Consumers fetch the payload when they need it (a group\'s payload.fetch).',
    }),
  link: linkSchema.optional().meta({ description: "The producer's connection to the broker: a message is published once its bytes have crossed it." }),
};

export const consumerPayloadSchema = z
  .strictObject({
    link: linkSchema.optional().meta({ description: "Each instance's connection from the broker: a delivery can be processed once its bytes have arrived." }),
    fetch: z
      .strictObject({
        probability: z.number().min(0).max(1).default(1).meta({ description: 'Share of claim-checked messages whose processing needs the payload; the rest never download it.' }),
        ...storeFields,
      })
      .optional()
      .meta({ description: 'Downloading claim-checked payloads from the object store, which adds to processing.' }),
  })
  .meta({ description: 'What payload size costs the group: the transfer from the broker, and fetching claim-checked payloads.' });
