/** Why a producer's message waits in the producer's own backlog instead of going out. */
export type ThrottleReason =
  /** The broker refused it for being full, and the producer waits for room instead of giving up (whenFull 'block'). */
  | 'blocked'
  /** The token bucket is empty. */
  | 'rate-limit'
  /** The publisher-confirm window is full: maxOutstanding publishes await their confirms. */
  | 'confirms';

/**
 * The protocol every producer-side limit follows: a gate says whether one more publish may go out
 * now, takes its share when one does, and says when it will open by itself. The producer asks its
 * gates in order before each publish; the first closed gate holds the message back.
 */
export interface FlowGate {
  /** The reason a message held back by this gate carries in the trace. */
  readonly reason: ThrottleReason;
  /** Whether one more publish may go out at virtual time `now`. */
  admits(now: number): boolean;
  /** A publish went out at `now`: take its share (a token, a window slot). Only after `admits(now)`. */
  take(now: number): void;
  /**
   * When a closed gate will admit again without outside help (a token appears), or Infinity when only
   * an outside event opens it (a confirm arriving).
   */
  opensAt(now: number): number;
}
