import type { Preset } from './preset';
import { sqsStandard } from './sqs-standard';

/** Amazon SQS FIFO queue: an SQS standard queue plus message groups and deduplication. */
export const sqsFifo = {
  id: 'sqs-fifo',
  name: 'Amazon SQS FIFO queue',
  kind: 'queue',
  description:
    'SQS (30 s visibility, pull batches of 10, 20 s long polls, 1 MiB, maxReceiveCount redrive) with message groups: the key is the MessageGroupId, one message per key out at a time, keys in publish order; producers are idempotent, so a repeated publish is discarded. ' +
    'Simplifies: one message per group is out at a time, where SQS may return several of a group, in order, in one receive; deduplication has no 5-minute window (a repeat is recognised however late); keyless messages are accepted (SQS requires a MessageGroupId); no 300 msg/s throughput quota.',
  broker: {
    ...sqsStandard.broker,
    orderByKey: true,
  },
  withDeadLetter: sqsStandard.withDeadLetter,
  group: sqsStandard.group,
  producer: {
    idempotent: true,
  },
} as const satisfies Preset;
