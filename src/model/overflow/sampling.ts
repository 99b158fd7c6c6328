import type { DropPolicy } from './policy';

/**
 * Sampling: keeps one accepted message in every `keepOneIn`, in arrival order (the 1st, the
 * (N+1)th, …), and drops the others at the door for 'sampled'. Deterministic on purpose: the kept
 * fraction is exactly 1/N, as with a metrics pipeline's 1-in-N sampler, so a run needs no random stream.
 */
export function sampling(keepOneIn: number): DropPolicy {
  if (!(Number.isSafeInteger(keepOneIn) && keepOneIn >= 1)) {
    throw new RangeError(`sampling: keepOneIn must be a whole number >= 1 (1 keeps every message), got ${keepOneIn}`);
  }
  let seen = 0;
  return {
    refusal: () => undefined,
    admit: () => (seen++ % keepOneIn === 0 ? undefined : 'sampled'),
    arrive: () => 'ready',
  };
}
