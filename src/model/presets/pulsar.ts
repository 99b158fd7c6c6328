import type { Preset } from './preset';

/**
 * Apache Pulsar: one preset per subscription type, as the type is what decides who gets a message.
 * They share the broker and client defaults below.
 */
const PULSAR_BROKER = {
  // Negative acknowledgements are redelivered after negativeAckRedeliveryDelay, 1 min by default.
  requeueDelay: 60,
  // maxMessageSize, 5 MB by default.
  maxMessageBytes: 5_242_880,
  // A backlog quota, once set (maxLength or maxBytes), refuses publishes beyond it rather than evicting.
  overflow: 'reject-publish',
} as const;

const PULSAR_GROUP = {
  // receiverQueueSize: messages a consumer prefetches.
  prefetch: 1000,
} as const;

const SHARED_DEFAULTS =
  'Common to every Pulsar preset: consumers prefetch 1,000 messages (receiverQueueSize); a negative ack comes back after 60 s; the ack timeout is off, so an unacked message stays with its consumer until it acks or disconnects; 5 MB messages; a backlog quota (maxLength or maxBytes, unlimited by default) refuses publishes beyond it: give producers whenFull "block" for the default policy, producer_request_hold, or leave them failing for producer_exception; overflow "drop-head" is consumer_backlog_eviction. ' +
  'Simplifies: one non-partitioned topic with one subscription (a queue), so messages published before a consumer attaches still wait for it; the hold has no send timeout; no dead-letter topic unless deadLetterTo and maxDeliveries are set (Pulsar needs maxRedeliverCount); quota checks are immediate rather than every 60 s.';

export const pulsarExclusive = {
  id: 'pulsar-exclusive',
  name: 'Apache Pulsar exclusive subscription',
  kind: 'queue',
  description: `The default subscription type: one consumer only; a second consumer that tries to subscribe is refused (it gets an error and never receives anything), and the subscription waits for the owner if it crashes. ${SHARED_DEFAULTS}`,
  broker: { ...PULSAR_BROKER, consumerMode: 'exclusive' },
  group: PULSAR_GROUP,
} as const satisfies Preset;

export const pulsarFailover = {
  id: 'pulsar-failover',
  name: 'Apache Pulsar failover subscription',
  kind: 'queue',
  description: `One active consumer receives everything, in order; the others stand by, and the next takes over when the active one crashes or leaves. ${SHARED_DEFAULTS}`,
  broker: { ...PULSAR_BROKER, consumerMode: 'single-active' },
  group: PULSAR_GROUP,
} as const satisfies Preset;

export const pulsarShared = {
  id: 'pulsar-shared',
  name: 'Apache Pulsar shared subscription',
  kind: 'queue',
  description: `Consumers compete for messages (round-robin), with no ordering guarantee. ${SHARED_DEFAULTS}`,
  broker: { ...PULSAR_BROKER, consumerMode: 'competing' },
  group: PULSAR_GROUP,
} as const satisfies Preset;

export const pulsarKeyShared = {
  id: 'pulsar-key-shared',
  name: 'Apache Pulsar key_shared subscription',
  kind: 'queue',
  description: `Consumers share the subscription but each key is served in order: here one message of a key is in flight at a time, handed to whichever consumer is free (Pulsar pins each key to a consumer by hash and lets it have several in flight); a negatively acknowledged message keeps its key waiting until it is redelivered, where Pulsar goes on with the key's later messages. ${SHARED_DEFAULTS}`,
  broker: { ...PULSAR_BROKER, consumerMode: 'competing', orderByKey: true },
  group: PULSAR_GROUP,
} as const satisfies Preset;
