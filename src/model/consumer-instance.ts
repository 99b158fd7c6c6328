import { Deque } from './deque';
import type { DeliveryTarget } from './delivery';
import type { Message } from './message';
import type { NetworkLink } from './payload';

/** One processing slot of an instance; its index in the group is the completion event's argument. */
export interface Worker {
  readonly instance: ConsumerInstance;
  message: Message | undefined;
  /** The delivery token of `message`, to tell a late ack from a live one. */
  token: number;
  /** The pending completion event (or, for a handler with blocking calls, its next step), or -1. */
  completion: number;
  /** Where the message's handler stands (see HandlerProgress); unused with plain `processing`. */
  step: number;
  /** Why the current attempt is bound to fail (FAULT_* in handler.ts and consumer-group.ts), or 0. */
  fault: number;
  /** When the current attempt started, for the circuit breaker's latency. */
  startedAt: number;
}

/**
 * One consumer instance: `concurrency` workers and a local buffer for deliveries that arrived while
 * every worker was busy (prefetch beyond concurrency). The broker tracks its credits.
 */
export class ConsumerInstance {
  /** False while crashed or after it left the group. */
  up = true;
  /** True once it has left the group for good (scale-in). */
  removed = false;
  /** This instance's entries in the broker's credit queue. */
  queuedCredits = 0;
  /** Of those, how many are void (granted before a crash or removal) and must be skipped. */
  staleCredits = 0;
  readonly workers: Worker[] = [];
  /** Indices (in the group) of idle workers. */
  readonly idleWorkers: number[] = [];
  /** Delivered messages waiting for a worker, with their tokens. */
  readonly buffer = new Deque<Message>();
  readonly bufferTokens = new Deque<number>();
  /** With a link: when each buffered delivery's bytes have all arrived. */
  readonly bufferArrivals = new Deque<number>();
  /** Its connection to the broker, when the group models one. */
  link: NetworkLink | undefined;
  /**
   * Deliveries it failed silently (no-ack) whose leases are still live, with their tokens: they keep
   * their place in the prefetch window until the lease runs out, and a crash hands them back.
   */
  readonly silent: Message[] = [];
  readonly silentTokens: number[] = [];
  /** The random crash process's next crash of this instance, or -1. */
  crashTimer = -1;
  // Pull mode: where the current receive stands, what it brought, and what of it is not yet settled.
  pollState: 'idle' | 'granting' | 'waiting' = 'idle';
  pollReceived = 0;
  pullHeld = 0;
  /** The long poll's timeout, or the short poll's sleep, or -1. */
  pollTimer = -1;
  /** When its event loop is free of blocking handler calls (see handler.ts); a crash resets it. */
  loopFreeAt = 0;
  /** Payload bytes of the deliveries it holds (workers, buffer, silent failures), for its memory limit. */
  heldBytes = 0;
  /** An out-of-memory crash is scheduled and not yet done. */
  memoryCrashPending = false;

  constructor(
    readonly group: DeliveryTarget,
    /** 0-based position in the group. */
    readonly index: number,
    /** e.g. "fulfilment#3". */
    readonly id: string,
  ) {}

  /** Credits it may use: queued ones that are not void. */
  get liveCredits(): number {
    return this.queuedCredits - this.staleCredits;
  }

  /** Deliveries it holds, with their tokens: in its workers and its buffer. */
  held(): { message: Message; token: number }[] {
    const held: { message: Message; token: number }[] = [];
    for (const worker of this.workers) if (worker.message !== undefined) held.push({ message: worker.message, token: worker.token });
    for (let i = 0; i < this.buffer.length; i++) held.push({ message: this.buffer.at(i)!, token: this.bufferTokens.at(i)! });
    for (let i = 0; i < this.silent.length; i++) held.push({ message: this.silent[i]!, token: this.silentTokens[i]! });
    return held;
  }

  /** Forgets silent delivery `token` of `message`; false if it was not one. */
  forgetSilent(message: Message, token: number): boolean {
    for (let i = 0; i < this.silent.length; i++) {
      if (this.silent[i] === message && this.silentTokens[i] === token) {
        this.silent.splice(i, 1);
        this.silentTokens.splice(i, 1);
        return true;
      }
    }
    return false;
  }
}
