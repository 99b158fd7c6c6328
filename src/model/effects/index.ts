export { ConsumerEffects, type ConsumerEffectsOptions, type IdempotencyOptions } from './consumer-effects';
export { IdempotencyStore } from './idempotency-store';
export { AppliedSet } from './applied-set';
export { KeyState, ORDERING_REMEDIES, type OrderingRemedy, type StateOutcome } from './key-state';
