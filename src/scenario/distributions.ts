import { createDistribution, type DistributionSpec } from '../engine';
import type { ScenarioError } from './errors';
import type { DistributionInput } from './schema';

/** Lets the engine judge the parameters, so the file format and the samplers never disagree. */
export function checkDistribution(spec: DistributionInput, path: string, errors: ScenarioError[], mustBePositive = false): void {
  if (spec.type === 'lognormal' && (spec.p99 === undefined) === (spec.cv === undefined)) {
    errors.push({ path, message: 'a lognormal needs exactly one of p99 or cv next to its mean' });
    return;
  }
  try {
    const distribution = createDistribution(toDistributionSpec(spec));
    if (mustBePositive && !(distribution.mean > 0)) errors.push({ path, message: 'must have a mean above 0, or events would repeat without time passing' });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const field = /^(\w+(?:\[\d+\]\.\w+)?) /.exec(error.message)?.[1];
    errors.push({ path: field !== undefined ? `${path}.${field}` : path, message: error.message.replace(/^\S+ /, '') });
  }
}

/** Converts the file's distribution object into the engine's spec. */
export function toDistributionSpec(spec: DistributionInput): DistributionSpec {
  if (spec.type !== 'lognormal') return spec;
  return spec.p99 !== undefined ? { type: 'lognormal', mean: spec.mean, p99: spec.p99 } : { type: 'lognormal', mean: spec.mean, cv: spec.cv ?? 0 };
}

