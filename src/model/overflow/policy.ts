import type { RejectReason } from '../broker';
import type { Message } from '../message';
import type { DropReason } from '../trace';

/**
 * What a queue lets its drop policies see and do. The queue keeps every count; a policy only decides.
 */
export interface PolicyQueue {
  /**
   * Whether the ready messages would go past maxLength or maxBytes if `message` joined them; without a
   * message, whether they are past a bound now.
   */
  overBound(message?: Pick<Message, 'size'>): boolean;
  /** Whether a consumer is waiting with free credit, so a publish would go straight to it. */
  hasLiveCredit(): boolean;
  /** Drops the oldest ready message for `reason`; false when no ready message is left. */
  dropOldest(reason: DropReason): boolean;
  /**
   * Puts `message` where the ready message with the same key waits, and drops that one for `reason`.
   * False (and nothing changes) when no message with that key is ready, or `message` has no key.
   */
  replaceSameKey(message: Message, reason: DropReason): boolean;
}

/** What `arrive` decided: the message goes on to the ready queue, took another's place, or is dropped. */
export type Arrival = 'ready' | 'placed' | DropReason;

/**
 * The protocol every drop policy of a queue follows (overflow, sampling, conflation): one file each.
 * A queue runs its policies in order at three points of a message's way in, and a queue without
 * policies never calls any, so an unbounded queue pays nothing for them.
 */
export interface DropPolicy {
  /** Why a publish of `message` is refused now, or undefined. Asked before the message is accepted. */
  refusal(queue: PolicyQueue, message: Message): RejectReason | undefined;
  /** At the door, right after acceptance (before any delivery delay): a reason drops the message there. */
  admit(queue: PolicyQueue, message: Message): DropReason | undefined;
  /**
   * When `message` is about to become ready and no consumer is waiting for it. 'ready' lets it join
   * the queue, 'placed' says the policy put it in the queue itself, a reason drops it.
   */
  arrive(queue: PolicyQueue, message: Message): Arrival;
}
