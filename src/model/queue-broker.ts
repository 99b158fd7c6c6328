import { sizeRefusal, type Broker, type RejectReason } from './broker';
import type { ConsumerInstance } from './consumer-instance';
import type { ModelContext } from './context';
import type { DeliverySource } from './delivery';
import { Deque } from './deque';
import type { Message } from './message';
import type { DropReason, ReturnCause } from './trace';

export type QueueOverflow = 'drop-head' | 'reject-publish';

/** What happens to a message that reached `maxDeliveries` and would be delivered again. */
export type DeliveryLimitAction = 'dead-letter' | 'drop' | 'keep';

/** What the broker does with an ack that arrives after the delivery's lease expired. */
export type LateAckPolicy = 'ignore' | 'accept';

export interface QueueOptions {
  id: string;
  /**
   * Most ready messages the queue holds; undefined for unbounded. As in RabbitMQ it counts ready
   * messages only: messages being processed (unacked) do not count.
   */
  maxLength: number | undefined;
  /** What happens to a publish that finds the queue full. */
  overflow: QueueOverflow;
  /**
   * Lease on a delivery (visibility timeout, ack deadline, lock duration), in seconds. When it runs
   * out before the ack, the message is ready again. Undefined: a delivery never times out.
   */
  ackTimeout: number | undefined;
  lateAck: LateAckPolicy;
  /** Deliveries allowed per message; undefined for unlimited. */
  maxDeliveries: number | undefined;
  onMaxDeliveries: DeliveryLimitAction;
  /** Message time-to-live in seconds, enforced at the head of the queue; undefined for none. */
  messageTtl: number | undefined;
  /** Seconds an accepted message waits before it becomes ready (SQS DelaySeconds). */
  deliveryDelay: number;
  /** Largest payload the queue takes, in bytes; undefined for no limit. */
  maxMessageBytes?: number | undefined;
}

/**
 * A FIFO queue with competing consumers and the at-least-once delivery lifecycle: prefetch credits,
 * ack, nack with or without requeue, leases that expire, a delivery limit, a message TTL, delayed
 * delivery, dead-lettering, and requeueing whatever a crashed instance held.
 *
 * Credits are queued in the order they became free, so idle capacity is taken round-robin across
 * instances. The queue is work-conserving: a message waits only while no live credit is left.
 */
export class QueueBroker implements Broker, DeliverySource {
  readonly kind = 'queue';
  readonly id: string;
  private readonly ready = new Deque<Message>();
  /** Ready messages, not counting settled ones still sitting in the deque until they reach its front. */
  private readyCount = 0;
  private parkedCount = 0;
  private readonly credits = new Deque<ConsumerInstance>();
  private deadLetterQueue: QueueBroker | undefined;
  private headExpiry = -1;
  private headExpiryAt = Infinity;
  private readonly onLeaseExpired = (leaseKey: number): void => this.leaseExpired(leaseKey);
  private readonly onDelayOver = (delayKey: number): void => this.delayOver(delayKey);
  private readonly onHeadExpiry = (): void => {
    this.headExpiry = -1;
    this.headExpiryAt = Infinity;
    this.expireHead();
    this.scheduleHeadExpiry();
  };
  /**
   * Leased and delayed messages by a key of their own, so the event (which carries only a number) can
   * find its message. Not by message id: a topic or bus can put two copies of a message in one queue.
   */
  private readonly leased = new Map<number, Message>();
  private readonly delayedMessages = new Map<number, Message>();
  private lastKey = 0;

  constructor(
    private readonly ctx: ModelContext,
    private readonly options: QueueOptions,
  ) {
    this.id = options.id;
  }

  /** Ready messages waiting for a consumer. */
  get depth(): number {
    return this.readyCount;
  }

  /** Messages kept after hitting the delivery limit (keep-and-flag). */
  get parked(): number {
    return this.parkedCount;
  }

  /** Where rejected, expired, overflowing and over-delivered messages go. */
  setDeadLetterQueue(queue: QueueBroker | undefined): void {
    this.deadLetterQueue = queue;
  }

  /** Why `message` would be refused now; without a message, only whether the queue is full. */
  refusal(message?: Message): RejectReason | undefined {
    const tooBig = sizeRefusal(message, this.options.maxMessageBytes);
    if (tooBig !== undefined) return tooBig;
    const { maxLength, overflow } = this.options;
    if (overflow === 'reject-publish' && maxLength !== undefined && this.readyCount >= maxLength && !this.hasLiveCredit()) {
      return 'maxlen';
    }
    return undefined;
  }

  accept(message: Message): void {
    if (this.options.deliveryDelay > 0) {
      const key = ++this.lastKey;
      this.delayedMessages.set(key, message);
      this.ctx.tracer.emit('delayed', this.ctx.sim.now, message, this.id);
      this.ctx.sim.schedule(this.options.deliveryDelay, this.onDelayOver, key);
      return;
    }
    this.enqueue(message);
  }

  /** Takes a message moved here by another broker (dead-lettering or redrive); false if refused. */
  adopt(message: Message): boolean {
    if (this.refusal(message) !== undefined) return false;
    message.deliveries = 0;
    message.returnCause = '';
    message.expiresAt = Infinity;
    this.enqueue(message);
    return true;
  }

  /**
   * Moves up to `limit` ready messages to `target` (a DLQ redrive), oldest first. Returns how many
   * moved; a message the target refuses stays here.
   */
  redrive(target: QueueBroker, limit = Infinity): number {
    // Only what is waiting now: a target that overflows back into this queue must not feed the loop.
    const cap = Math.min(limit, this.readyCount);
    let moved = 0;
    while (moved < cap && this.readyCount > 0) {
      const message = this.takeReady();
      if (message === undefined) break;
      if (target.refusal(message) !== undefined) {
        this.ready.unshift(message);
        this.readyCount++;
        break;
      }
      this.ctx.tracer.emit('redriven', this.ctx.sim.now, message, this.id);
      target.adopt(message);
      moved++;
    }
    return moved;
  }

  grant(instance: ConsumerInstance, credits: number): void {
    for (let i = 0; i < credits; i++) this.releaseCredit(instance);
  }

  releaseCredit(instance: ConsumerInstance): void {
    if (!instance.up) return;
    const next = this.readyCount === 0 ? undefined : this.takeReady();
    if (next === undefined) {
      this.credits.push(instance);
      instance.queuedCredits++;
    } else this.deliver(instance, next);
  }

  ack(instance: ConsumerInstance, message: Message, token: number): void {
    const { tracer, sim } = this.ctx;
    if (this.isLive(instance, message, token)) {
      this.endLease(message);
      message.settled = true;
      message.holder = undefined;
      tracer.emit('acked', sim.now, message, this.id, instance.group.id, instance.id);
      return;
    }
    if (this.options.lateAck === 'accept' && !message.settled && message.holder === undefined && this.isReady(message)) {
      // The lease ran out and the message is waiting again; the broker takes the ack after all.
      message.settled = true;
      this.readyCount--;
      tracer.emit('acked', sim.now, message, this.id, instance.group.id, instance.id, 'late');
      return;
    }
    tracer.emit('late-ack', sim.now, message, this.id, instance.group.id, instance.id, 'ignored');
  }

  nack(instance: ConsumerInstance, message: Message, token: number, requeue: boolean): void {
    if (!this.isLive(instance, message, token)) {
      this.ctx.tracer.emit('late-ack', this.ctx.sim.now, message, this.id, instance.group.id, instance.id, 'ignored');
      return;
    }
    this.endLease(message);
    message.holder = undefined;
    if (requeue) this.giveBack(message, 'nack', instance);
    else this.discard(message, 'rejected', instance);
  }

  reclaim(instance: ConsumerInstance, held: readonly { message: Message; token: number }[], cause: ReturnCause): void {
    instance.staleCredits = instance.queuedCredits;
    // Back in publish order, which is their order in the queue (a channel closing requeues that way).
    const byAge = [...held].sort((a, b) => a.message.id - b.message.id);
    for (const { message, token } of byAge) {
      if (!this.isLive(instance, message, token)) continue;
      this.endLease(message);
      message.holder = undefined;
      this.giveBack(message, cause, instance);
    }
  }

  /** Whether `token` is the current, unexpired delivery of `message` to `instance`. */
  private isLive(instance: ConsumerInstance, message: Message, token: number): boolean {
    return !message.settled && message.holder === instance && message.token === token;
  }

  private isReady(message: Message): boolean {
    for (let i = 0; i < this.ready.length; i++) if (this.ready.at(i) === message) return true;
    return false;
  }

  private enqueue(message: Message): void {
    const { tracer, sim } = this.ctx;
    if (this.options.messageTtl !== undefined && message.expiresAt === Infinity) message.expiresAt = sim.now + this.options.messageTtl;
    const instance = this.takeCredit();
    if (instance !== undefined) {
      tracer.emit('enqueued', sim.now, message, this.id);
      this.deliver(instance, message);
      return;
    }
    const maxLength = this.options.maxLength;
    if (maxLength !== undefined && this.readyCount >= maxLength) {
      // Only drop-head reaches here (reject-publish was refused earlier): make room at the front.
      const head = this.takeReady();
      if (head !== undefined) this.discard(head, 'maxlen');
      if (maxLength === 0) {
        // Nothing may wait, so the newcomer is itself the head that overflows.
        tracer.emit('enqueued', sim.now, message, this.id);
        this.discard(message, 'maxlen');
        return;
      }
    }
    this.ready.push(message);
    this.readyCount++;
    tracer.emit('enqueued', sim.now, message, this.id);
    if (this.readyCount === 1) this.scheduleHeadExpiry();
  }

  private delayOver(delayKey: number): void {
    const message = this.delayedMessages.get(delayKey);
    if (message === undefined) return;
    this.delayedMessages.delete(delayKey);
    this.enqueue(message);
  }

  /**
   * A message goes back to the ready queue, unless it has used up its deliveries. It goes to the
   * front: RabbitMQ puts a requeued message back in its original place where it can, and an expired
   * lease makes an SQS message visible at once, ahead of newer ones. Messages returned at the same
   * instant (a crash, leases that end together) go back in publish order, their original order.
   */
  private giveBack(message: Message, cause: ReturnCause, holder: ConsumerInstance): void {
    const limit = this.options.maxDeliveries;
    if (limit !== undefined && message.deliveries >= limit) {
      const action = this.options.onMaxDeliveries;
      if (action === 'keep') {
        this.parkedCount++;
        this.ctx.tracer.emit('flagged', this.ctx.sim.now, message, this.id, holder.group.id, holder.id, 'delivery-limit');
      } else if (action === 'dead-letter') this.discard(message, 'delivery-limit', holder);
      else this.drop(message, 'delivery-limit', holder);
      return;
    }
    const now = this.ctx.sim.now;
    message.returnCause = cause;
    this.ctx.tracer.emit('requeued', now, message, this.id, holder.group.id, holder.id, cause);
    if (message.expiresAt <= now) {
      // Its TTL ran out while it was out: back at the head means gone.
      this.discard(message, 'expired');
      return;
    }
    const instance = this.takeCredit();
    if (instance !== undefined) {
      this.deliver(instance, message);
      return;
    }
    this.ready.insertAt(this.requeuePosition(message, now), message);
    message.returnedAt = now;
    this.readyCount++;
    const maxLength = this.options.maxLength;
    // A returning message counts towards maxLength like any other; the head makes room.
    if (maxLength !== undefined && this.readyCount > maxLength) {
      const head = this.takeReady();
      if (head !== undefined) this.discard(head, 'maxlen');
    }
    this.scheduleHeadExpiry();
  }

  /** Where a message returned now goes: right behind the one returned just before at this instant, else the front. */
  private requeuePosition(message: Message, now: number): number {
    // Messages returned at this instant form the front of the queue; keep them in publish order.
    let position = 0;
    for (;;) {
      const queued = this.ready.at(position);
      if (queued === undefined || queued.returnedAt !== now || queued.id > message.id) return position;
      position++;
    }
  }

  /**
   * The message leaves for the dead-letter queue if there is one that takes it; else it is dropped
   * (or expires) here, for its original reason. `holder` is the instance whose delivery it was, when
   * it leaves from in flight: the records name it.
   */
  private discard(message: Message, reason: DropReason | 'expired', holder?: ConsumerInstance): void {
    const dlq = this.deadLetterQueue;
    const { tracer, sim } = this.ctx;
    if (dlq === undefined || dlq.refusal(message) !== undefined) {
      if (reason !== 'expired') this.drop(message, reason, holder);
      else {
        message.settled = true;
        tracer.emit('expired', sim.now, message, this.id);
      }
      return;
    }
    message.settled = true;
    tracer.emit('dead-lettered', sim.now, message, this.id, holder?.group.id ?? '', holder?.id ?? '', reason);
    dlq.adopt(reviveForAnotherBroker(message));
  }

  private drop(message: Message, reason: DropReason, holder?: ConsumerInstance): void {
    message.settled = true;
    this.ctx.tracer.emit('dropped', this.ctx.sim.now, message, this.id, holder?.group.id ?? '', holder?.id ?? '', reason);
  }

  private deliver(instance: ConsumerInstance, message: Message): void {
    message.deliveries++;
    message.token++;
    message.holder = instance;
    const ackTimeout = this.options.ackTimeout;
    if (ackTimeout !== undefined) {
      message.leaseKey = ++this.lastKey;
      message.leaseTimer = this.ctx.sim.schedule(ackTimeout, this.onLeaseExpired, message.leaseKey);
      this.leased.set(message.leaseKey, message);
    }
    this.ctx.tracer.emit('delivered', this.ctx.sim.now, message, this.id, instance.group.id, instance.id, message.returnCause);
    instance.group.receive(instance, message);
  }

  private endLease(message: Message): void {
    if (message.leaseTimer < 0) return;
    this.ctx.sim.cancel(message.leaseTimer);
    message.leaseTimer = -1;
    this.leased.delete(message.leaseKey);
  }

  private leaseExpired(leaseKey: number): void {
    const message = this.leased.get(leaseKey);
    if (message === undefined) return;
    this.leased.delete(leaseKey);
    const holder = message.holder!;
    const token = message.token;
    message.leaseTimer = -1;
    message.holder = undefined;
    this.giveBack(message, 'lease-expired', holder);
    holder.group.leaseEnded(holder, message, token);
  }

  /** The first ready message that is neither settled nor expired, removed from the queue. */
  private takeReady(): Message | undefined {
    for (;;) {
      const message = this.ready.shift();
      if (message === undefined) return undefined;
      if (message.settled) continue;
      this.readyCount--;
      if (message.expiresAt <= this.ctx.sim.now) {
        this.discard(message, 'expired');
        continue;
      }
      // A requeued message can sit in front of one that expires sooner: the timer must follow the new head.
      if (this.options.messageTtl !== undefined) {
        const head = this.ready.peek();
        if (head !== undefined && head.expiresAt < this.headExpiryAt) this.scheduleHeadExpiry();
      }
      return message;
    }
  }

  private takeCredit(): ConsumerInstance | undefined {
    for (;;) {
      const instance = this.credits.shift();
      if (instance === undefined) return undefined;
      instance.queuedCredits--;
      if (instance.staleCredits > 0) {
        instance.staleCredits--;
        continue;
      }
      return instance;
    }
  }

  private hasLiveCredit(): boolean {
    for (let i = 0; i < this.credits.length; i++) if (this.credits.at(i)!.liveCredits > 0) return true;
    return false;
  }

  /** TTL is enforced at the head: expired messages leave when they reach the front, on time. */
  private expireHead(): void {
    const now = this.ctx.sim.now;
    for (;;) {
      const head = this.ready.peek();
      if (head === undefined) return;
      if (head.settled) {
        this.ready.shift();
        continue;
      }
      if (head.expiresAt > now) return;
      this.ready.shift();
      this.readyCount--;
      this.discard(head, 'expired');
    }
  }

  private scheduleHeadExpiry(): void {
    if (this.options.messageTtl === undefined) return;
    let head = this.ready.peek();
    while (head !== undefined && head.settled) {
      this.ready.shift();
      head = this.ready.peek();
    }
    const at = head?.expiresAt ?? Infinity;
    if (at === this.headExpiryAt) return;
    if (this.headExpiry >= 0) this.ctx.sim.cancel(this.headExpiry);
    this.headExpiry = -1;
    this.headExpiryAt = at;
    if (at !== Infinity) this.headExpiry = this.ctx.sim.scheduleAt(Math.max(at, this.ctx.sim.now), this.onHeadExpiry);
  }
}

/** A dead-lettered message starts a new life in the DLQ: settled here, live there. */
function reviveForAnotherBroker(message: Message): Message {
  message.settled = false;
  message.holder = undefined;
  message.leaseTimer = -1;
  return message;
}
