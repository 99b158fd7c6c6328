import { z } from 'zod';
import { id, maxMessageBytes, nonNegative, positive } from './schema-common';
import { STREAM_PRESET_IDS } from '../model/presets';
import { presetField } from './schema-preset';

/** A partitioned, retained log (Kafka topic, Pulsar topic, Redis stream, Kinesis stream). */
export const streamBrokerSchema = z
  .strictObject({
    id: id.meta({ description: 'Unique name of this broker.' }),
    kind: z
      .literal('stream')
      .meta({ description: 'A partitioned log: messages are appended and kept; each consumer group reads every message at its own offsets.' }),
    preset: presetField(STREAM_PRESET_IDS),
    maxMessageBytes: maxMessageBytes('Kafka: message.max.bytes, about 1 MiB.'),
    partitions: z.int().min(1).max(1024).default(1).meta({ description: 'Number of partitions. Order is kept within a partition only.' }),
    partitioner: z
      .enum(['keyed', 'round-robin', 'sticky'])
      .default('keyed')
      .meta({
        description:
          'How messages pick a partition. keyed: murmur2 hash of the key modulo partitions, as Kafka does, with keyless messages sticky; round-robin: in turn, ignoring keys; sticky: batches of keyless messages stick to one partition (Kafka 2.4+ default for keyless).',
      }),
    retentionSeconds: nonNegative
      .optional()
      .meta({ description: 'Delete records at least this old (Kafka retention.ms, default 7 days = 604800). Absent: kept for ever. Deletion ignores readers.' }),
    retentionBytes: nonNegative
      .optional()
      .meta({ description: 'Keep about this many payload bytes per partition (Kafka retention.bytes). Absent: no size limit.' }),
    maxEntries: z
      .int()
      .min(0)
      .optional()
      .meta({ description: 'Keep at most this many records per partition (Redis XADD MAXLEN). Absent: no count limit.' }),
    segmentBytes: z
      .int()
      .min(1)
      .optional()
      .meta({ description: 'Roll a new segment at this many bytes (Kafka segment.bytes); retention then deletes whole segments only.' }),
    segmentSeconds: positive
      .optional()
      .meta({ description: 'Roll a new segment after this many seconds (Kafka segment.ms); retention then deletes whole segments only.' }),
  })
  .meta({ description: 'A stream (log) broker.' });

/**
 * A shared group on a stream (Redis Streams consumer group, Kafka share group): its members compete
 * for the entries one at a time, with a pending entries list instead of committed offsets.
 */
export const shareGroupSchema = z
  .strictObject({
    ackTimeout: positive
      .optional()
      .meta({
        description:
          'Seconds an entry may stay delivered and unacknowledged before another member claims it, its delivery count going up (Redis XAUTOCLAIM min-idle-time, Kafka share group record lock, 30 s there). Absent: never claimed; an unacknowledged entry stays pending.',
      }),
    maxDeliveries: z
      .int()
      .min(1)
      .optional()
      .meta({ description: 'Deliveries allowed per entry (Kafka group.share.delivery.count.limit, 5 there). Absent: unlimited, as Redis, which has no built-in limit.' }),
    onMaxDeliveries: z
      .enum(['keep', 'dead-letter', 'drop'])
      .default('keep')
      .meta({
        description:
          'What happens to an entry that used up its deliveries: keep it pending without delivering it again (default), dead-letter it to deadLetterTo (the application moving a poison entry itself), or drop it (Kafka archives it).',
      }),
    deadLetterTo: id
      .optional()
      .meta({ description: 'Id of a queue that receives entries over the delivery limit, or rejected by the group. Absent: none (Redis has no dead-letter queue).' }),
    onCrash: z
      .enum(['keep-pending', 'release'])
      .default('keep-pending')
      .meta({
        description:
          "What happens to the entries a crashed member held. keep-pending (default, Redis): they stay pending, still its own, until ackTimeout runs out and another member claims them (never, without an ackTimeout). release (Kafka share groups, once the member's session expired): they go back to the group at once.",
      }),
  })
  .meta({
    description:
      'Makes this a shared group: members compete for the entries one at a time (Redis Streams consumer group, Kafka share group) instead of owning partitions. The group keeps a cursor and a pending entries list; queue-group fields (prefetch, pull, failure, retry…) apply, the partition-owning fields (commit, maxPollRecords, assignment, rebalancePause, sessionTimeout) do not. startFrom says where it starts. Entries trimmed (maxEntries, retention) before the group reached them are counted as skipped. Streams only.',
  });

/** The stream-group fields that belong to partition-owning (Kafka-style) groups, not to shared groups. */
export const PARTITION_GROUP_FIELDS = ['commit', 'maxPollRecords', 'assignment', 'rebalancePause', 'sessionTimeout'] as const;

/** Fields of a consumer group that only make sense when it reads a stream; each is optional so a misplaced one can be reported. */
export const streamGroupFields = {
  share: shareGroupSchema.optional(),
  startFrom: z
    .enum(['earliest', 'latest'])
    .optional()
    .meta({
      description:
        'Where a group without a committed offset starts, and where it jumps when retention deleted its position (Kafka auto.offset.reset). Default: latest. Streams only.',
    }),
  commit: z
    .discriminatedUnion('mode', [
      z.strictObject({
        mode: z.literal('auto'),
        intervalSeconds: positive
          .default(5)
          .meta({ description: 'Seconds between auto-commits (Kafka auto.commit.interval.ms, default 5 s).' }),
      }),
      z.strictObject({ mode: z.literal('manual') }),
    ])
    .optional()
    .meta({
      description:
        'auto: at a poll, once the interval has passed, commit what the previous poll returned (so a crash replays the batch in hand). manual: commit after each batch is processed. Default: auto every 5 s. Streams only.',
    }),
  maxPollRecords: z
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .meta({ description: 'Most records one poll returns (Kafka max.poll.records, default 500). Streams only.' }),
  assignment: z
    .enum(['range', 'round-robin', 'cooperative-sticky'])
    .optional()
    .meta({
      description:
        'How partitions are shared among members. range and round-robin stop the whole group at a rebalance; cooperative-sticky moves as few partitions as it can and stops only those. Default: range. Streams only.',
    }),
  rebalancePause: nonNegative
    .optional()
    .meta({ description: 'Seconds a rebalance stops consumption (default 3). Streams only.' }),
  sessionTimeout: positive
    .optional()
    .meta({ description: 'Seconds before the group notices a crashed member and rebalances (Kafka session.timeout.ms, default 45). Streams only.' }),
};
