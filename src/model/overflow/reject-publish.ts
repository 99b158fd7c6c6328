import { makeRoom } from './drop-head';
import type { DropPolicy } from './policy';

/**
 * reject-publish (RabbitMQ x-overflow reject-publish, a drop-tail that tells the producer): a publish
 * that would take the ready messages past maxLength or maxBytes is refused with 'maxlen', unless a
 * consumer is waiting for it. A message that arrives another way (after a delivery delay, from a
 * dead-letter source, or back from a consumer) cannot be refused, so the head makes room as with drop-head.
 */
export const rejectPublish: DropPolicy = {
  refusal: (queue, message) => (queue.overBound(message) && !queue.hasLiveCredit() ? 'maxlen' : undefined),
  admit: () => undefined,
  arrive: makeRoom,
};
