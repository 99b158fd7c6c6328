import type { Backoff, BackoffOptions } from './backoff';

/** The same wait before every retry. */
export function fixedBackoff(options: Pick<BackoffOptions, 'base'>): Backoff {
  const wait = options.base;
  return { delay: () => wait };
}
