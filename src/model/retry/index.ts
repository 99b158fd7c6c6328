export type { Backoff, BackoffOptions } from './backoff';
export { createBackoff, BACKOFF_KINDS, type BackoffKind, type BackoffSpec } from './create';
export { JITTERS, type Jitter } from './exponential';
export { RetryBudget, type RetryBudgetOptions } from './retry-budget';
