import type { Arrival, DropPolicy, PolicyQueue } from './policy';
import type { Message } from '../message';

/**
 * Makes room by dropping the oldest ready messages until `message` fits within maxLength and maxBytes.
 * When even an empty queue cannot take it (maxLength 0, or a payload larger than maxBytes), the
 * newcomer is itself the head that overflows.
 */
export function makeRoom(queue: PolicyQueue, message: Message): Arrival {
  while (queue.overBound(message)) if (!queue.dropOldest('maxlen')) return 'maxlen';
  return 'ready';
}

/**
 * drop-head (RabbitMQ's default overflow; "drop oldest"): a publish to a full queue is
 * accepted and the oldest ready messages make room for it, dropped for 'maxlen'.
 */
export const dropHead: DropPolicy = {
  refusal: () => undefined,
  admit: () => undefined,
  arrive: makeRoom,
};
