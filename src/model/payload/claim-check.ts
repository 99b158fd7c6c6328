import type { Distribution, RandomStream } from '../../engine';

/**
 * The claim-check pattern: a producer puts a payload larger than `thresholdBytes` in an object store
 * (S3, Blob Storage) and publishes only a reference of `referenceBytes`; a consumer fetches the
 * payload from the store when it needs it. The broker's size limit and its memory, and every
 * consumer's prefetch buffer, then see only references; the object store pays the bytes instead.
 */
export interface ClaimCheckOptions {
  /** Payloads above this many bytes go to the store. */
  thresholdBytes: number;
  /** Size of the message that carries the reference instead. */
  referenceBytes: number;
  /** The object store's time per request (an upload or a download), before the bytes themselves. */
  storeLatency: Distribution;
  /** The object store's transfer rate, bytes per second. */
  storeBandwidthBytesPerSecond: number;
}

/** Seconds one request for `bytes` takes at the object store. */
export function storeSeconds(options: Pick<ClaimCheckOptions, 'storeLatency' | 'storeBandwidthBytesPerSecond'>, bytes: number, rng: RandomStream): number {
  return options.storeLatency.sample(rng) + bytes / options.storeBandwidthBytesPerSecond;
}

/** Validates claim-check options, naming the field in a RangeError. */
export function checkClaimCheck(options: ClaimCheckOptions, where: string): void {
  const { thresholdBytes, referenceBytes, storeBandwidthBytesPerSecond } = options;
  if (!Number.isSafeInteger(thresholdBytes) || thresholdBytes < 0) throw new RangeError(`${where}.thresholdBytes must be a whole number >= 0, got ${thresholdBytes}`);
  if (!Number.isSafeInteger(referenceBytes) || referenceBytes < 0) throw new RangeError(`${where}.referenceBytes must be a whole number >= 0, got ${referenceBytes}`);
  if (!(storeBandwidthBytesPerSecond > 0) || !Number.isFinite(storeBandwidthBytesPerSecond)) {
    throw new RangeError(`${where}.storeBandwidthBytesPerSecond must be a finite number > 0, got ${storeBandwidthBytesPerSecond}`);
  }
}
