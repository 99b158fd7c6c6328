import type { ConsumerInstance } from './consumer-instance';

/** One message as the model carries it. Ids are unique within a run and increase with publish order. */
export interface Message {
  readonly id: number;
  /** Virtual time the producer published it. */
  readonly publishedAt: number;
  readonly producer: string;
  /** Event type, e.g. "ORDER_PLACED"; used by routing and filters in later stages. */
  readonly type: string;
  /** Partitioning / ordering key; '' when the message has none. */
  readonly key: string;
  /** Size in bytes of what the broker carries: the payload, or a claim-check reference to it. */
  readonly size: number;
  /** Bytes of the payload left in an object store (the claim-check pattern); 0 when the message carries it. */
  claimBytes: number;
  /**
   * A number for `key` that is the same for equal keys across the run (-1 without a key, or when
   * unknown): brokers that index by key use it instead of hashing the string on every message.
   */
  readonly keyId: number;
  /** Message attributes (headers) that topic filters and bus rules match on; shared, never mutated. */
  readonly attributes: Readonly<Record<string, string>>;
  /**
   * The business identity of the message: the id of the publish it repeats. Equal to `id` except for a
   * producer's retry of a publish whose confirm it never got, which is a new message carrying the same
   * payload; idempotency stores and duplicate side effects are keyed on it.
   */
  readonly origin: number;
  /** The per-key version: 1 for the first message published with its key, 2 for the next… (0 without a key). */
  readonly version: number;
  /** Times a consumer has retried it with backoff (a header, so it travels with the message). */
  retries: number;
  /** The backoff the last retry waited, in seconds (decorrelated jitter grows from it); 0 before any. */
  backoff: number;
  /** How many times the broker now holding it has handed it to a consumer. */
  deliveries: number;

  // Delivery bookkeeping of the broker that holds the message. It lives on the message itself so the
  // hot path allocates nothing per delivery; only that broker reads or writes these fields.
  /** The instance holding the current lease, if the message is in flight. */
  holder: ConsumerInstance | undefined;
  /** Increments with every delivery; an ack or nack carrying an older token is late. */
  token: number;
  /** Pending lease-expiry event, or -1. */
  leaseTimer: number;
  /** The holding broker's key for the live lease (its lease event's argument). */
  leaseKey: number;
  /** Why the message last went back to the queue ('' before any return): the cause of a redelivery. */
  returnCause: string;
  /** When it last went back to the ready queue (NaN if never): returns at one instant keep publish order. */
  returnedAt: number;
  /** Virtual time at which its TTL runs out (Infinity without a TTL). */
  expiresAt: number;
  /** True once it has left the broker for good (acked, dropped…); lazily skipped in the ready queue. */
  settled: boolean;
}

/** The attributes of a message that has none. Frozen, so sharing it is safe. */
export const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

/** A new message with fresh delivery bookkeeping. */
export function createMessage(
  id: number,
  publishedAt: number,
  producer: string,
  type: string,
  key: string,
  size: number,
  attributes: Readonly<Record<string, string>> = NO_ATTRIBUTES,
  keyId = -1,
  version = 0,
  origin = id,
): Message {
  return {
    id,
    publishedAt,
    producer,
    type,
    key,
    size,
    keyId,
    attributes,
    origin,
    version,
    retries: 0,
    backoff: 0,
    claimBytes: 0,
    deliveries: 0,
    holder: undefined,
    token: 0,
    leaseTimer: -1,
    leaseKey: 0,
    returnCause: '',
    returnedAt: NaN,
    expiresAt: Infinity,
    settled: false,
  };
}

/**
 * A fresh copy of `message` for another broker (a topic's subscription, a bus target): the same
 * identity and payload, with delivery bookkeeping of its own. With `id` and `publishedAt`, the same
 * payload published again: a producer's message that waited goes out under its own id when it
 * really leaves, and a repeat after a lost confirm goes out under a new id.
 */
export function copyMessage(message: Message, id = message.id, publishedAt = message.publishedAt): Message {
  const copy = createMessage(
    id,
    publishedAt,
    message.producer,
    message.type,
    message.key,
    message.size,
    message.attributes,
    message.keyId,
    message.version,
    message.origin,
  );
  copy.retries = message.retries;
  copy.claimBytes = message.claimBytes;
  return copy;
}
