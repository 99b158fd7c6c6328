import type { DropPolicy } from './policy';

/**
 * Conflation (a last-value queue): a message whose key already has a message waiting takes that
 * message's place in the queue, and the older one is dropped for 'conflated'. Taking the place, not
 * joining the back, keeps a key that is updated faster than the queue drains from being pushed back
 * for ever. Messages without a key, and messages that are in flight, are never conflated.
 */
export const conflation: DropPolicy = {
  refusal: () => undefined,
  admit: () => undefined,
  arrive: (queue, message) => (queue.replaceSameKey(message, 'conflated') ? 'placed' : 'ready'),
};
