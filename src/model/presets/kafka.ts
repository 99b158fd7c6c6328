import type { Preset } from './preset';

/** Apache Kafka topic, with the consumer and producer defaults of the Java client. */
export const kafka = {
  id: 'kafka',
  name: 'Apache Kafka topic',
  kind: 'stream',
  description:
    'A partitioned log with murmur2 keyed partitioning (sticky for keyless records), 7-day retention deleting whole 1 GiB segments, message.max.bytes 1048588; groups with range assignment (members beyond the partition count idle), auto-commit every 5 s of the previous poll, max.poll.records 500, session timeout 45 s, auto.offset.reset latest; idempotent producers. ' +
    'Simplifies: no replication, ISR or acks; fetch.min.bytes/fetch.max.wait and max.poll.interval.ms are not modelled; the partition count is the scenario\'s (Kafka\'s default is 1).',
  broker: {
    partitioner: 'keyed',
    retentionSeconds: 604_800,
    segmentBytes: 1_073_741_824,
    maxMessageBytes: 1_048_588,
  },
  group: {
    assignment: 'range',
    commit: { mode: 'auto', intervalSeconds: 5 },
    maxPollRecords: 500,
    sessionTimeout: 45,
    startFrom: 'latest',
  },
  producer: {
    idempotent: true,
  },
} as const satisfies Preset;
