import type { Preset } from './preset';

/** A Redis stream read by consumer groups (XREADGROUP, XACK, XAUTOCLAIM). */
export const redisStreams = {
  id: 'redis-streams',
  name: 'Redis Streams with consumer groups',
  kind: 'stream',
  description:
    'One log (no partitions) that every consumer group reads in full; within a group the consumers compete for entries one at a time, each delivered entry waiting in the group\'s pending entries list until XACK; an entry idle for 60 s is claimed by another consumer (XAUTOCLAIM), its delivery count going up; a crashed consumer\'s entries stay pending until claimed; there is no dead-letter queue, so a poison entry is redelivered for ever unless the group sets maxDeliveries; a group starts at the end of the stream (XGROUP CREATE … $); MAXLEN trimming (maxEntries) deletes the oldest entries whether or not a group has read them. ' +
    'Simplifies: the claim\'s min-idle time (60 s) and how often consumers run XAUTOCLAIM are the application\'s choices, modelled as a lease that expires exactly at min-idle; trimming is exact (MAXLEN =, not ~); an entry already pending stays deliverable after it is trimmed; an XACK from a consumer whose entry was claimed meanwhile is ignored here (Redis accepts it, as XACK names only the id); asynchronous replication and failover losses are not modelled.',
  broker: {
    partitions: 1,
    maxMessageBytes: 536_870_912,
  },
  group: {
    share: { ackTimeout: 60, onMaxDeliveries: 'keep', onCrash: 'keep-pending' },
    startFrom: 'latest',
  },
} as const satisfies Preset;
