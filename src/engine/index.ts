/** The discrete-event kernel: virtual time, the agenda, seeded randomness and distributions. */
export { Simulation, type EventHandle } from './simulation';
export type { EventHandler } from './event-queue';
export { BudgetExceededError, DEFAULT_MAX_EVENTS, type RunBudget, type BudgetKind } from './budget';
export { RandomSource, RandomStream, unitHash } from './random';
export { portableExp, portableLog } from './portable-math';
export { createDistribution, standardNormal, WeightedChoice, type Distribution, type DistributionSpec } from './distributions';
