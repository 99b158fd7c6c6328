import type { Distribution } from '../../engine';
import type { TokenBucketOptions } from './token-bucket';

/** What a producer does when the broker refuses a publish for being full: give up on it, or wait for room. */
export type WhenFull = 'fail' | 'block';

export interface ConfirmOptions {
  /** Most publishes awaiting their confirm at once, >= 1. */
  maxOutstanding: number;
  /** Time from a publish to its confirm. */
  latency: Distribution;
  /** Probability that a publish's confirm never arrives, in [0, 1). Default 0. */
  lossProbability?: number;
  /** Seconds the producer waits for a confirm before it publishes the message again, > 0. Default 30. */
  timeout?: number;
}

/**
 * Producer-side flow control. Every field is optional; with none of them the producer publishes
 * exactly as before and pays nothing for this feature.
 */
export interface FlowControlOptions {
  /**
   * Default 'fail': a publish the broker refuses for being full is rejected (lost). 'block': it waits
   * in the backlog until the broker signals room. Only 'maxlen' refusals wait; oversize publishes and
   * publishes to a broker that is down are rejected either way.
   */
  whenFull?: WhenFull;
  /** Most messages the producer's own backlog holds; a message that would wait beyond it is dropped. Default: unbounded. */
  maxBacklog?: number | undefined;
  rateLimit?: TokenBucketOptions | undefined;
  confirms?: ConfirmOptions | undefined;
  /** The broker discards repeats of a publish it already has (Kafka enable.idempotence). Default false. */
  idempotent?: boolean;
}

export const DEFAULT_CONFIRM_TIMEOUT = 30;

/** Whether `options` asks for anything that changes how the producer publishes. */
export function needsFlowControl(options: FlowControlOptions | undefined): options is FlowControlOptions {
  return options !== undefined && (options.whenFull === 'block' || options.rateLimit !== undefined || options.confirms !== undefined);
}

/** RangeErrors naming the option, for the options no gate checks itself. */
export function checkFlowOptions(options: FlowControlOptions): void {
  const { whenFull, maxBacklog, confirms } = options;
  if (whenFull !== undefined && whenFull !== 'fail' && whenFull !== 'block') {
    throw new RangeError(`whenFull must be 'fail' or 'block', got ${String(whenFull)}`);
  }
  if (maxBacklog !== undefined && !(Number.isSafeInteger(maxBacklog) && maxBacklog >= 0)) {
    throw new RangeError(`maxBacklog must be a whole number >= 0 (or left out for unbounded), got ${maxBacklog}`);
  }
  if (confirms !== undefined) {
    const loss = confirms.lossProbability ?? 0;
    if (!(loss >= 0 && loss < 1)) throw new RangeError(`confirms.lossProbability must be in [0, 1), got ${loss}`);
    const timeout = confirms.timeout ?? DEFAULT_CONFIRM_TIMEOUT;
    if (!(timeout > 0) || !Number.isFinite(timeout)) throw new RangeError(`confirms.timeout must be a finite number of seconds > 0, got ${timeout}`);
  }
}
