import { createDistribution } from '../engine';
import type { ConsumerPayloadOptions, ProducerPayloadOptions } from '../model';
import { toDistributionSpec } from './distributions';
import type { ConsumerGroupSpec, ProducerSpec } from './schema';

/** A producer's claim check and link as model options (undefined when it has neither). */
export function producerPayloadOf(spec: ProducerSpec): ProducerPayloadOptions | undefined {
  const { claimCheck, link } = spec;
  if (claimCheck === undefined && link === undefined) return undefined;
  return {
    claimCheck: claimCheck && { ...claimCheck, storeLatency: createDistribution(toDistributionSpec(claimCheck.storeLatency)) },
    link,
  };
}

/** A queue group's link and payload fetching as model options. */
export function consumerPayloadOf(spec: ConsumerGroupSpec): ConsumerPayloadOptions | undefined {
  const payload = spec.payload;
  if (payload === undefined) return undefined;
  const { fetch, link } = payload;
  return {
    link,
    fetch: fetch && { ...fetch, storeLatency: createDistribution(toDistributionSpec(fetch.storeLatency)) },
  };
}
