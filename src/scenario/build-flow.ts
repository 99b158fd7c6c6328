import { createDistribution } from '../engine';
import type { FlowControlOptions } from '../model';
import { toDistributionSpec } from './distributions';
import type { ProducerSpec } from './schema';

/**
 * A producer's flow-control options from its scenario entry, or undefined when it asks for none (the
 * producer then takes the plain path: no backlog, no confirms).
 */
export function flowControlOf(spec: ProducerSpec): FlowControlOptions | undefined {
  const { whenFull, maxBacklog, rateLimit, confirms, idempotent } = spec;
  if (whenFull === 'fail' && rateLimit === undefined && confirms === undefined) return undefined;
  return {
    whenFull,
    maxBacklog,
    rateLimit,
    idempotent,
    confirms:
      confirms === undefined
        ? undefined
        : {
            maxOutstanding: confirms.maxOutstanding,
            latency: createDistribution(toDistributionSpec(confirms.latency)),
            lossProbability: confirms.lossProbability,
            timeout: confirms.timeout,
          },
  };
}
