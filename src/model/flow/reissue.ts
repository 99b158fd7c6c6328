import { createMessage, type Message } from '../message';

/**
 * The same payload, key, version and origin as `message`, as message `id` published at `publishedAt`.
 * A message that waited in the producer's backlog goes out under its own id with the time it really
 * left (streams order records by that time, and latencies start there); a repeat after a lost
 * confirm goes out under a new id.
 */
export function reissue(message: Message, id: number, publishedAt: number): Message {
  const out = createMessage(
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
  out.claimBytes = message.claimBytes;
  return out;
}
