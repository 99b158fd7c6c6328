import { createBackoff, Dependency, type ConsumerGroupOptions } from '../model';
import { consumerPayloadOf } from './build-payload';
import type { Catalog } from './catalog';
import type { ConsumerGroupSpec } from './schema';

type ResilienceOptions = Pick<ConsumerGroupOptions, 'failure' | 'retry' | 'dependency' | 'breaker' | 'effects' | 'memory' | 'payload'>;

/** The dependency `id` names, with the outage windows the timeline gives it. */
export function dependencyOf(catalog: Catalog, id: string): Dependency {
  const entry = catalog.dependencies.get(id);
  if (entry === undefined) throw new Error(`unknown dependency "${id}" (validate the scenario before building it)`);
  return new Dependency(entry.id, entry.timeout, entry.outages);
}

/** A queue group's failure handling, retries, dependency, breaker, effects and memory limit, as model options. */
export function resilienceOf(spec: ConsumerGroupSpec, catalog: Catalog): ResilienceOptions {
  const { retry, breaker } = spec;
  return {
    failure: spec.failure,
    retry: retry && {
      backoff: createBackoff({ kind: retry.backoff, base: retry.delay, multiplier: retry.multiplier, max: retry.maxDelay, jitter: retry.jitter }, `consumers.${spec.id}.retry`),
      maxRetries: retry.maxRetries,
      budget: retry.budget,
    },
    dependency: spec.dependency === undefined ? undefined : dependencyOf(catalog, spec.dependency),
    breaker: breaker && { ...breaker, slowCallSeconds: breaker.slowCallSeconds ?? Infinity },
    effects: {
      sideEffect: spec.sideEffect,
      ordering: spec.ordering,
    },
    memory: spec.memory,
    payload: consumerPayloadOf(spec),
  };
}
