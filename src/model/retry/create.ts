import type { Backoff, BackoffOptions } from './backoff';
import { exponentialBackoff, JITTERS, type Jitter } from './exponential';
import { fixedBackoff } from './fixed';
import { immediateBackoff } from './immediate';

export type BackoffKind = 'immediate' | 'fixed' | 'exponential';

export const BACKOFF_KINDS: readonly BackoffKind[] = ['immediate', 'fixed', 'exponential'];

export interface BackoffSpec extends BackoffOptions {
  kind: BackoffKind;
  /** Only for exponential backoff. */
  jitter: Jitter;
}

/** The backoff `spec` describes; a RangeError names the field at `path` when a value is out of range. */
export function createBackoff(spec: BackoffSpec, path = 'retry'): Backoff {
  const { kind, base, multiplier, max, jitter } = spec;
  if (!BACKOFF_KINDS.includes(kind)) throw new RangeError(`${path}.backoff must be one of ${BACKOFF_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  if (!JITTERS.includes(jitter)) throw new RangeError(`${path}.jitter must be one of ${JITTERS.join(', ')}, got ${JSON.stringify(jitter)}`);
  if (!(base >= 0) || !Number.isFinite(base)) throw new RangeError(`${path}.delay must be a finite number of seconds >= 0, got ${base}`);
  if (!(multiplier >= 1) || !Number.isFinite(multiplier)) throw new RangeError(`${path}.multiplier must be a finite number >= 1, got ${multiplier}`);
  if (!(max >= base) || !Number.isFinite(max)) throw new RangeError(`${path}.maxDelay must be a finite number of seconds >= delay (${base}), got ${max}`);
  switch (kind) {
    case 'immediate':
      return immediateBackoff;
    case 'fixed':
      return fixedBackoff(spec);
    case 'exponential':
      return exponentialBackoff(spec, jitter);
  }
}
