import type { Backoff } from './backoff';

/** Retry at once: the failed message goes straight back to be delivered again (a plain requeue). */
export const immediateBackoff: Backoff = {
  delay: () => 0,
};
