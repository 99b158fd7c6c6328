import type { ConsumerInstance } from './consumer-instance';
import type { Message } from './message';
import type { ConsumerRejectReason, ReturnCause } from './trace';

/**
 * What a consumer group needs from the broker it reads (a queue, or a topic's subscription queue).
 * Instances take work through credits: one credit is room for one unacknowledged delivery (the
 * prefetch window). The broker spends a credit per delivery; the instance returns it once it has
 * settled the message, whatever the outcome.
 */
export interface DeliverySource {
  readonly id: string;
  /** Ready messages waiting for a consumer now. */
  readonly depth: number;
  /** Offers `credits` units of room on `instance` (at start, on restart, or when scaling out). */
  grant(instance: ConsumerInstance, credits: number): void;
  /** Gives back one credit after the instance settled a message. */
  releaseCredit(instance: ConsumerInstance): void;
  /** Processing succeeded. `token` is the delivery's token, so a late ack can be recognised. */
  ack(instance: ConsumerInstance, message: Message, token: number, reason?: '' | 'ack-on-failure'): void;
  /** Processing failed: back to the queue (requeue) or reject (dead-letter or drop, for `reason`, default 'rejected'). */
  nack(instance: ConsumerInstance, message: Message, token: number, requeue: boolean, reason?: ConsumerRejectReason): void;
  /** Processing failed and is retried after `delay` seconds out of the ready queue (0: requeue now). */
  retryLater(instance: ConsumerInstance, message: Message, token: number, delay: number): void;
  /**
   * The instance lost what it held (a crash, or leaving the group): every delivery it still holds a
   * live lease on goes back to the queue, and its outstanding credits are withdrawn.
   */
  reclaim(instance: ConsumerInstance, held: readonly { message: Message; token: number }[], cause: ReturnCause): void;
}

/** What a broker needs from the group an instance belongs to. */
export interface DeliveryTarget {
  readonly id: string;
  /** Hands a delivered message (its token already set) to `instance`. */
  receive(instance: ConsumerInstance, message: Message): void;
  /**
   * The lease of delivery `token` of `message` to `instance` ran out (the message is already back in
   * the queue). A consumer that had failed it silently gets its prefetch credit back only now.
   */
  leaseEnded(instance: ConsumerInstance, message: Message, token: number): void;
}
