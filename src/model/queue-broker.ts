import { sizeRefusal, type Broker, type RejectReason } from './broker';
import type { ConsumerInstance } from './consumer-instance';
import { CONSUMER_MODES, ConsumerAdmission, type ConsumerMode } from './consumer-mode';
import type { ModelContext } from './context';
import type { DeliverySource } from './delivery';
import { Deque } from './deque';
import type { Message } from './message';
import { MessageGroups } from './message-groups';
import { PushDispatch } from './push-dispatch';
import { conflation, dropHead, MemoryGauge, rejectPublish, sampling, type DropPolicy, type PolicyQueue } from './overflow';
import type { ConsumerRejectReason, DropReason, ReturnCause } from './trace';

export type QueueOverflow = 'drop-head' | 'reject-publish';

/** What happens when the payload bytes a queue holds go past its memory limit. */
export type MemoryLimitAction = 'crash';

/** What happens to a message that reached `maxDeliveries` and would be delivered again. */
export type DeliveryLimitAction = 'dead-letter' | 'drop' | 'keep';

/** Whether the broker keeps a delivery until it is acked (at-least-once) or forgets it on hand-off (at-most-once). */
export type DeliveryGuarantee = 'at-least-once' | 'at-most-once';

/** Whether a queue holds messages for consumers (queue) or only passes them straight on (none). */
export type QueueBuffering = 'queue' | 'none';

/** Options that need a buffer, refused with buffering 'none'. */
const BUFFER_OPTIONS = ['maxLength', 'maxBytes', 'messageTtl', 'orderByKey', 'conflate'] as const;

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
  /**
   * Most payload bytes of ready messages the queue holds (RabbitMQ x-max-length-bytes); undefined for
   * unbounded. `overflow` applies to whichever of maxLength and maxBytes a message would exceed.
   */
  maxBytes?: number | undefined;
  /** Keep one accepted message in this many and drop the rest for 'sampled' (1 or undefined: keep all). */
  keepOneIn?: number | undefined;
  /** A new message takes the place of the ready message with the same key, which is dropped for 'conflated'. */
  conflate?: boolean | undefined;
  /** FIFO message groups: one message per key at a time is released for delivery, in key order (see MessageGroups). */
  orderByKey?: boolean | undefined;
  /**
   * Payload bytes the broker may hold (ready, delayed, in flight and parked); past it, `onMemoryLimit`
   * happens. Undefined: no limit.
   */
  memoryLimitBytes?: number | undefined;
  onMemoryLimit?: MemoryLimitAction | undefined;
  /** Seconds a crashed broker stays down before it comes back, empty. */
  restartSeconds?: number | undefined;
  /**
   * at-least-once (default): a delivery is the broker's until acked. at-most-once (NATS core, Service Bus
   * ReceiveAndDelete, RabbitMQ auto-ack): the broker forgets a message once it hands it over, so a failed
   * or crashed consumer loses it (dropped, reason 'at-most-once'); no leases, limits or requeues.
   */
  delivery?: DeliveryGuarantee | undefined;
  /**
   * queue (default): messages wait for a consumer. none (NATS core): each message goes at once to a random
   * attached instance, dropped ('slow-consumer') if that one's prefetch is full, or ('no-subscriber') if
   * no instance is attached. Needs delivery 'at-most-once'.
   */
  buffering?: QueueBuffering | undefined;
  /** Which attached consumer instances receive deliveries (see ConsumerMode); default 'competing'. */
  consumerMode?: ConsumerMode | undefined;
  /**
   * Seconds a message nacked with requeue waits out of the ready queue before it is ready again
   * (Pulsar negativeAckRedeliveryDelay); default 0, back at once. Lease expiry and crash returns are not delayed.
   */
  requeueDelay?: number | undefined;
  /**
   * What a consumer crash does to the messages the instance held: 'requeue' (default) gives them back at
   * once, as a closed AMQP channel does; 'await-lease' leaves them leased to the dead instance until
   * ackTimeout runs out, as a lease-based broker does (SQS visibility timeout, Pub/Sub ack deadline,
   * Service Bus lock), which never hears of the crash. Needs ackTimeout. Scale-in always gives back at once.
   */
  onConsumerCrash?: ConsumerCrashPolicy | undefined;
}

/** See QueueOptions.onConsumerCrash. */
export type ConsumerCrashPolicy = 'requeue' | 'await-lease';

/**
 * A change of a queue's buffering and dropping policies (QueueBroker.setLimits): each field left out
 * keeps its current value.
 */
export interface QueueLimits {
  /** Most ready messages, a whole number >= 0; null: unbounded. */
  maxLength?: number | null | undefined;
  /** Most payload bytes of ready messages, a whole number >= 0; null: unbounded. */
  maxBytes?: number | null | undefined;
  overflow?: QueueOverflow | undefined;
  /** Keep one accepted message in this many (a whole number >= 1; 1 keeps all). */
  keepOneIn?: number | undefined;
  conflate?: boolean | undefined;
}

/**
 * A FIFO queue with competing consumers and the at-least-once delivery lifecycle: prefetch credits,
 * ack, nack with or without requeue, leases that expire, a delivery limit, a message TTL, delayed
 * delivery, dead-lettering, and requeueing whatever a crashed instance held.
 *
 * Credits are queued in the order they became free, so idle capacity is taken round-robin across
 * instances. The queue is work-conserving: a message waits only while no live credit is left (with
 * orderByKey, only while no live credit is left or its key's turn is taken).
 * With consumerMode 'single-active' or 'exclusive', only one instance's credits reach that queue: the
 * others' wait in a ConsumerAdmission (./consumer-mode) until it is their turn, or are refused.
 * requeueDelay holds a message nacked with requeue out of the ready line for that long, as a retry.
 *
 * Drop policies (overflow at maxLength / maxBytes, sampling, conflation) live in ./overflow, one per
 * file behind the DropPolicy protocol; a queue without any never calls them. The broker also keeps the
 * payload bytes it holds (`memory`, ready + delayed + in flight + parked, since the trace carries no
 * sizes) and crashes past `memoryLimitBytes`, losing all of it.
 *
 * Two options change the lifecycle itself. With delivery 'at-most-once' the broker lets go of a message
 * as it delivers it (its bytes leave `memory` then): the consumer's ack is recorded as usual, but a nack,
 * a retry, an ack on failure, or a crash or scale-in of the holder loses it, a `dropped` record with
 * reason 'at-most-once' naming the instance; nothing is requeued. With buffering 'none' nothing waits:
 * each message is pushed at once to a random attached instance (PushDispatch, which keeps that mode's
 * credits instead of the credit queue), or dropped as 'slow-consumer' or 'no-subscriber'.
 */
export class QueueBroker implements Broker, DeliverySource, PolicyQueue {
  readonly kind = 'queue';
  readonly id: string;
  /**
   * Ready messages free to be delivered, in order. With orderByKey, messages whose key's turn is taken
   * wait in `groups` instead; with conflation, a settled message here may stand for its successor (`successors`).
   */
  private readonly ready = new Deque<Message>();
  /** Ready messages (wherever they wait), not counting settled ones still sitting in the deque until they reach its front. */
  private readyCount = 0;
  /** Payload bytes of the ready messages (what maxBytes bounds). */
  private readyBytes = 0;
  private maxLength: number;
  private maxBytes: number;
  private overflow: QueueOverflow;
  /** The sampling policy while keepOneIn > 1 (its count of accepted messages lives in it). */
  private sampler: DropPolicy | undefined;
  private keepOneIn: number;
  /** Drop policies in the order they apply; empty for an unbounded queue without sampling or conflation. */
  private policies: readonly DropPolicy[];
  /**
   * Conflation: the ready message of each key while conflation is on, and the successor standing in a
   * conflated message's place (kept once made: settled messages in the ready line may still point to one).
   */
  private readyByKey: Map<string, Message> | undefined;
  private successors: Map<Message, Message> | undefined;
  private readonly groups: MessageGroups | undefined;
  /** Payload bytes held: ready, delayed, in flight and parked. */
  readonly memory = new MemoryGauge();
  private readonly memoryLimit: number;
  /** Messages in flight and parked, tracked only when a memory limit can crash the broker and lose them. */
  private readonly inFlight: Set<Message> | undefined;
  private readonly parkedMessages: Message[] | undefined;
  private down = false;
  private crashCount = 0;
  private readonly onRestart = (): void => this.restart();
  private parkedCount = 0;
  private readonly credits = new Deque<ConsumerInstance>();
  /** Single-active or exclusive: who may use credits (undefined for competing consumers). */
  private readonly admission: ConsumerAdmission | undefined;
  private readonly requeueDelay: number;
  /** A crashed consumer's leases run on (onConsumerCrash 'await-lease'). */
  private readonly crashAwaitsLease: boolean;
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
    if (this.roomListeners !== undefined) this.signalRoom();
  };
  /**
   * Leased and delayed messages by a key of their own, so the event (which carries only a number) can
   * find its message. Not by message id: a topic or bus can put two copies of a message in one queue.
   */
  private readonly leased = new Map<number, Message>();
  private readonly delayedMessages = new Map<number, Message>();
  private lastKey = 0;
  /** Delivery 'at-most-once': the broker lets go of a message when it delivers it. */
  private readonly atMostOnce: boolean;
  /** Buffering 'none': who gets each message (the ready line and credit queue stay empty). */
  private readonly push: PushDispatch | undefined;

  constructor(
    private readonly ctx: ModelContext,
    private readonly options: QueueOptions,
  ) {
    this.id = options.id;
    this.maxLength = checkCount(options.maxLength, 'maxLength', options.id);
    this.maxBytes = checkCount(options.maxBytes, 'maxBytes', options.id);
    this.overflow = options.overflow;
    this.keepOneIn = options.keepOneIn ?? 1;
    this.sampler = this.keepOneIn !== 1 ? sampling(this.keepOneIn) : undefined;
    this.policies = this.dropPolicies(options.conflate === true);
    this.readyByKey = options.conflate === true ? new Map() : undefined;
    this.successors = options.conflate === true ? new Map() : undefined;
    this.groups = options.orderByKey === true ? new MessageGroups((m) => this.standIn(m)) : undefined;
    const limit = options.memoryLimitBytes;
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
      throw new RangeError(`queue ${options.id}: memoryLimitBytes must be a whole number of bytes > 0 (or absent for no limit), got ${limit}`);
    }
    const restart = options.restartSeconds ?? 0;
    if (!(Number.isFinite(restart) && restart >= 0)) {
      throw new RangeError(`queue ${options.id}: restartSeconds must be a finite number of seconds >= 0, got ${restart}`);
    }
    const mode = options.consumerMode ?? 'competing';
    if (!CONSUMER_MODES.includes(mode)) {
      throw new RangeError(`queue ${options.id}: consumerMode must be one of ${CONSUMER_MODES.join(', ')}, got ${String(mode)}`);
    }
    this.admission = mode === 'competing' ? undefined : new ConsumerAdmission(ctx, options.id, mode);
    this.requeueDelay = options.requeueDelay ?? 0;
    if (!(Number.isFinite(this.requeueDelay) && this.requeueDelay >= 0)) {
      throw new RangeError(`queue ${options.id}: requeueDelay must be a finite number of seconds >= 0, got ${this.requeueDelay}`);
    }
    const onCrash = options.onConsumerCrash ?? 'requeue';
    if (onCrash !== 'requeue' && onCrash !== 'await-lease') {
      throw new RangeError(`queue ${options.id}: onConsumerCrash must be 'requeue' or 'await-lease', got ${String(onCrash)}`);
    }
    if (onCrash === 'await-lease' && options.ackTimeout === undefined) {
      throw new RangeError(`queue ${options.id}: onConsumerCrash 'await-lease' needs an ackTimeout, or a crashed consumer's messages would stay leased for ever`);
    }
    this.crashAwaitsLease = onCrash === 'await-lease';
    this.memoryLimit = limit ?? Infinity;
    this.inFlight = limit !== undefined ? new Set() : undefined;
    this.parkedMessages = limit !== undefined ? [] : undefined;
    this.atMostOnce = checkDelivery(options);
    this.push = checkBuffering(options, this.atMostOnce) ? new PushDispatch(ctx.random.stream(`queue:${options.id}:pick`)) : undefined;
  }

  /** Ready messages waiting for a consumer. */
  get depth(): number {
    return this.readyCount;
  }

  /** Messages kept after hitting the delivery limit (keep-and-flag). */
  get parked(): number {
    return this.parkedCount;
  }

  /** Payload bytes held (ready, delayed, in flight, parked) from time 0 to now: time-weighted mean, peak, current. */
  memoryLevel(): { mean: number; max: number; final: number } {
    const memory = this.memory;
    return { mean: memory.meanUntil(this.ctx.sim.now), max: memory.max, final: memory.current };
  }

  /** Times the broker crashed on its memory limit. */
  get crashes(): number {
    return this.crashCount;
  }

  /** Whether the broker is down after a crash, refusing every publish. */
  get isDown(): boolean {
    return this.down;
  }

  /**
   * Calls `listener` at the moments a full queue may get room: a consumer took a ready message or
   * queued a credit, or the TTL took the head. A blocking producer (flow/outbox.ts) listens instead of
   * polling, and only schedules its retry from the call. Late-accepted acks and redrives out of this
   * queue do not signal; the next credit does.
   */
  onRoom(listener: () => void): void {
    (this.roomListeners ??= []).push(listener);
  }

  private roomListeners: (() => void)[] | undefined;

  private signalRoom(): void {
    const listeners = this.roomListeners!;
    for (let i = 0; i < listeners.length; i++) listeners[i]!();
  }

  /**
   * Switches the queue's buffering and dropping policies from now on (a timeline action, or a live
   * change from the lab). A field left out keeps its value; `null` removes a bound.
   *
   * - A lowered maxLength or maxBytes under overflow 'drop-head' applies at once, as RabbitMQ applies a
   *   new max-length policy: the oldest ready messages are dropped (or dead-lettered), reason 'maxlen',
   *   until the rest fit. Under 'reject-publish' what waits stays, and publishes are refused until the
   *   queue is back under the bound. (A message coming back from a consumer or out of a delay still
   *   makes room from the head, as at any full queue, which trims the excess then.)
   * - keepOneIn counts afresh: the next accepted message is kept, then one in every N.
   * - conflate switched on: a newcomer takes the place of the latest ready message of its key that
   *   became ready since the switch; messages that were waiting before are not conflated. Switched off:
   *   no more replacements.
   * - The room listeners are told, so a producer blocked on this queue tries again (a bound raised or
   *   removed, or reject-publish switched to drop-head, lets it through).
   *
   * Emits a `policy` record (reason 'set-queue-limits') before any drop. A bad value throws a
   * RangeError naming the option, and then nothing changes.
   */
  setLimits(limits: QueueLimits): void {
    const id = this.id;
    const maxLength = limits.maxLength === undefined ? this.maxLength : checkCount(limits.maxLength ?? undefined, 'maxLength', id);
    const maxBytes = limits.maxBytes === undefined ? this.maxBytes : checkCount(limits.maxBytes ?? undefined, 'maxBytes', id);
    const overflow = limits.overflow ?? this.overflow;
    if (overflow !== 'drop-head' && overflow !== 'reject-publish') {
      throw new RangeError(`queue ${id}: overflow must be 'drop-head' or 'reject-publish', got ${String(overflow)}`);
    }
    const keepOneIn = limits.keepOneIn ?? this.keepOneIn;
    // sampling() checks the value (a whole number >= 1).
    const sampler = limits.keepOneIn === undefined ? this.sampler : keepOneIn === 1 ? undefined : sampling(keepOneIn);
    const conflate = limits.conflate ?? this.readyByKey !== undefined;
    this.ctx.tracer.emitPolicy(this.ctx.sim.now, 'set-queue-limits', id, '', '');
    this.maxLength = maxLength;
    this.maxBytes = maxBytes;
    this.overflow = overflow;
    this.keepOneIn = keepOneIn;
    this.sampler = sampler;
    if (!conflate) this.readyByKey = undefined;
    else if (this.readyByKey === undefined) {
      this.readyByKey = new Map();
      this.successors ??= new Map();
    }
    this.policies = this.dropPolicies(conflate);
    if (overflow === 'drop-head') {
      while (this.overBound()) if (!this.dropOldest('maxlen')) break;
      this.scheduleHeadExpiry();
    }
    if (this.roomListeners !== undefined) this.signalRoom();
  }

  /** The drop policies of the current settings, in the order they apply: sampling, conflation, the bound. */
  private dropPolicies(conflate: boolean): DropPolicy[] {
    const policies: DropPolicy[] = [];
    if (this.sampler !== undefined) policies.push(this.sampler);
    if (conflate) policies.push(conflation);
    if (this.maxLength !== Infinity || this.maxBytes !== Infinity) policies.push(this.overflow === 'reject-publish' ? rejectPublish : dropHead);
    return policies;
  }

  /** Where rejected, expired, overflowing and over-delivered messages go. */
  setDeadLetterQueue(queue: QueueBroker | undefined): void {
    this.deadLetterQueue = queue;
  }

  /** Why `message` would be refused now; without a message, only whether the queue is full. */
  refusal(message?: Message): RejectReason | undefined {
    if (this.down) return 'broker-down';
    const tooBig = sizeRefusal(message, this.options.maxMessageBytes);
    if (tooBig !== undefined) return tooBig;
    const policies = this.policies;
    if (policies.length === 0) return undefined;
    if (message === undefined) {
      // Whether the queue is full at all: not even the smallest payload would fit.
      return this.overflow === 'reject-publish' && this.overBound(SMALLEST_PAYLOAD) && !this.hasLiveCredit() ? 'maxlen' : undefined;
    }
    for (let i = 0; i < policies.length; i++) {
      const reason = policies[i]!.refusal(this, message);
      if (reason !== undefined) return reason;
    }
    return undefined;
  }

  accept(message: Message): void {
    const policies = this.policies;
    for (let i = 0; i < policies.length; i++) {
      const reason = policies[i]!.admit(this, message);
      if (reason !== undefined) {
        // Dropped at the door: it never weighed on the broker's memory.
        message.settled = true;
        this.ctx.tracer.emit('dropped', this.ctx.sim.now, message, this.id, '', '', reason);
        return;
      }
    }
    this.memory.add(this.ctx.sim.now, message.size);
    if (this.options.deliveryDelay > 0) {
      this.ctx.tracer.emit('delayed', this.ctx.sim.now, message, this.id);
      this.hold(message, this.options.deliveryDelay);
    } else this.enqueue(message);
    if (this.memory.current > this.memoryLimit) this.crash();
  }

  /** Messages taken in from another broker so far (dead-lettered or redriven here): a DLQ's arrivals, for the dlq-growth alert. */
  get adoptedTotal(): number {
    return this.adoptedCount;
  }

  private adoptedCount = 0;

  /** Takes a message moved here by another broker (dead-lettering or redrive); false if refused. */
  adopt(message: Message): boolean {
    if (this.refusal(message) !== undefined) return false;
    this.adoptedCount++;
    message.deliveries = 0;
    // A dead-lettered message that is redriven later starts its retries afresh, as after an operator's fix.
    message.retries = 0;
    message.backoff = 0;
    message.returnCause = '';
    message.expiresAt = Infinity;
    this.memory.add(this.ctx.sim.now, message.size);
    this.enqueue(message);
    if (this.memory.current > this.memoryLimit) this.crash();
    return true;
  }

  /** Whether the ready messages would go past maxLength or maxBytes with `message` added; without it, whether they are past now. */
  overBound(message?: Pick<Message, 'size'>): boolean {
    if (message === undefined) return this.readyCount > this.maxLength || this.readyBytes > this.maxBytes;
    return this.readyCount + 1 > this.maxLength || this.readyBytes + message.size > this.maxBytes;
  }

  /** Drops the oldest ready message for `reason` (to the dead-letter queue if there is one); false if none is ready. */
  dropOldest(reason: DropReason): boolean {
    let head = this.takeReady();
    if (head === undefined && this.groups !== undefined) {
      // Every ready message waits behind its key: the oldest of them goes.
      head = this.groups.takeOldestWaiting();
      if (head !== undefined) this.leftReady(head);
    }
    if (head === undefined) return false;
    this.discard(head, reason);
    return true;
  }

  /** Conflation: `message` takes the place of the ready message with its key (see PolicyQueue). */
  replaceSameKey(message: Message, reason: DropReason): boolean {
    const byKey = this.readyByKey;
    // A message coming back from a consumer (a delayed retry) is older than what waits: never conflated.
    if (byKey === undefined || message.key === '' || message.deliveries > 0) return false;
    const previous = byKey.get(message.key);
    if (previous === undefined) return false;
    this.groups?.transfer(previous, message);
    this.leftReady(previous);
    this.drop(previous, reason);
    this.successors!.set(previous, message);
    this.joinReady(message);
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
        this.joinReady(message);
        break;
      }
      this.ctx.tracer.emit('redriven', this.ctx.sim.now, message, this.id);
      this.release(message);
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
    if (this.push !== undefined) {
      this.push.credit(instance);
      return;
    }
    // A standby's credit waits in the admission, a refused instance's is thrown away.
    if (this.admission !== undefined && !this.admission.admit(instance)) return;
    const next = this.readyCount === 0 ? undefined : this.takeReady();
    if (next === undefined) {
      this.credits.push(instance);
      instance.queuedCredits++;
    } else this.deliver(instance, next);
    if (this.roomListeners !== undefined) this.signalRoom();
  }

  ack(instance: ConsumerInstance, message: Message, token: number, reason: '' | 'ack-on-failure' = ''): void {
    if (this.atMostOnce) {
      // Acking a failed message cannot save it: the broker let go of it on delivery, so it is lost all the same.
      this.handedOffSettled(instance, message, token, reason === 'ack-on-failure');
      return;
    }
    const { tracer, sim } = this.ctx;
    if (this.isLive(instance, message, token)) {
      this.endLease(message);
      message.settled = true;
      message.holder = undefined;
      tracer.emit('acked', sim.now, message, this.id, instance.group.id, instance.id, reason);
      this.release(message);
      return;
    }
    if (this.options.lateAck === 'accept' && !message.settled && message.holder === undefined && this.isReady(message)) {
      // The lease ran out and the message is waiting again; the broker takes the ack after all.
      message.settled = true;
      this.leftReady(message);
      tracer.emit('acked', sim.now, message, this.id, instance.group.id, instance.id, 'late');
      this.release(message);
      return;
    }
    tracer.emit('late-ack', sim.now, message, this.id, instance.group.id, instance.id, 'ignored');
  }

  nack(instance: ConsumerInstance, message: Message, token: number, requeue: boolean, reason: ConsumerRejectReason = 'rejected'): void {
    if (this.atMostOnce) {
      this.handedOffSettled(instance, message, token, true);
      return;
    }
    if (!this.isLive(instance, message, token)) {
      this.ctx.tracer.emit('late-ack', this.ctx.sim.now, message, this.id, instance.group.id, instance.id, 'ignored');
      return;
    }
    this.endLease(message);
    message.holder = undefined;
    if (!requeue) this.discard(message, reason, instance);
    else if (this.requeueDelay > 0) this.holdForRetry(instance, message, this.requeueDelay);
    else this.giveBack(message, 'nack', instance);
  }

  /**
   * A consumer's retry with backoff: the failed delivery leaves flight and waits `delay` seconds before
   * it is ready again (RabbitMQ's delayed retry, SQS's ChangeMessageVisibility on a failure). It still
   * counts against the delivery limit; a zero delay is a plain requeue.
   */
  retryLater(instance: ConsumerInstance, message: Message, token: number, delay: number): void {
    if (this.atMostOnce) {
      this.handedOffSettled(instance, message, token, true);
      return;
    }
    if (delay <= 0) {
      this.nack(instance, message, token, true);
      return;
    }
    if (!this.isLive(instance, message, token)) {
      this.ctx.tracer.emit('late-ack', this.ctx.sim.now, message, this.id, instance.group.id, instance.id, 'ignored');
      return;
    }
    this.endLease(message);
    message.holder = undefined;
    this.holdForRetry(instance, message, delay);
  }

  /** A failed delivery, out of flight, waits `delay` seconds out of the ready queue (unless it used up its deliveries). */
  private holdForRetry(instance: ConsumerInstance, message: Message, delay: number): void {
    if (this.atDeliveryLimit(message, instance)) return;
    message.returnCause = 'nack';
    this.ctx.tracer.emit('delayed', this.ctx.sim.now, message, this.id, instance.group.id, instance.id, 'retry');
    this.hold(message, delay);
  }


  reclaim(instance: ConsumerInstance, held: readonly { message: Message; token: number }[], cause: ReturnCause): void {
    this.push?.detach(instance);
    instance.staleCredits = instance.queuedCredits;
    // Back in publish order, which is their order in the queue (a channel closing requeues that way).
    const byAge = [...held].sort((a, b) => a.message.id - b.message.id);
    for (const { message, token } of byAge) {
      if (!this.isLive(instance, message, token)) continue;
      // At most once the broker kept no copy: what the instance held is lost with it.
      if (this.atMostOnce) {
        this.handedOffSettled(instance, message, token, true);
        continue;
      }
      // A lease-based broker never hears of the crash: the message comes back when its lease runs out.
      if (cause === 'crash' && this.crashAwaitsLease) continue;
      this.endLease(message);
      message.holder = undefined;
      this.giveBack(message, cause, instance);
    }
    if (this.admission !== undefined) this.handOver(instance);
  }

  /**
   * Single-active or exclusive: `instance` (just reclaimed) detaches; if it was the active one, the next
   * standby takes over, offering the credits it had waiting (it takes what its predecessor gave back).
   */
  private handOver(instance: ConsumerInstance): void {
    const takeover = this.admission!.detach(instance, this.credits);
    if (takeover !== undefined) this.grant(takeover.next, takeover.credits);
  }

  /** Single-active or exclusive: distinct consumer instances refused (exclusive), and times the active instance changed. */
  get consumerAdmission(): { refused: number; activations: number } | undefined {
    const admission = this.admission;
    return admission === undefined ? undefined : { refused: admission.refusedCount, activations: admission.activationCount };
  }

  /**
   * At most once: the consumer is done with delivery `token` of `message`, which the broker let go of
   * when it delivered it. Processed: acked. Failed (`lost`): gone for good, a `dropped` record with
   * reason 'at-most-once' naming the instance, since nobody kept a copy to deliver again.
   */
  private handedOffSettled(instance: ConsumerInstance, message: Message, token: number, lost: boolean): void {
    const { tracer, sim } = this.ctx;
    if (!this.isLive(instance, message, token)) {
      tracer.emit('late-ack', sim.now, message, this.id, instance.group.id, instance.id, 'ignored');
      return;
    }
    message.settled = true;
    message.holder = undefined;
    if (lost) tracer.emit('dropped', sim.now, message, this.id, instance.group.id, instance.id, 'at-most-once');
    else tracer.emit('acked', sim.now, message, this.id, instance.group.id, instance.id);
    // Its bytes left the broker on delivery; with message groups its key's turn passes now.
    if (this.groups !== undefined) this.passTurn(message);
  }

  /**
   * Buffering 'none': `message` goes straight to a random attached instance (its `enqueued` and
   * `delivered` records at the same instant), or is dropped as soon as it arrived: 'no-subscriber'
   * when no instance is attached, 'slow-consumer' (naming the picked instance) when the picked one
   * has no room left in its prefetch window, even if another has.
   */
  private pushOut(message: Message): void {
    const push = this.push!;
    this.ctx.tracer.emit('enqueued', this.ctx.sim.now, message, this.id);
    const at = push.pick();
    if (at < 0) this.drop(message, 'no-subscriber');
    else if (!push.take(at)) this.drop(message, 'slow-consumer', push.instanceAt(at));
    else this.deliver(push.instanceAt(at), message);
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
    if (this.push !== undefined) {
      this.pushOut(message);
      return;
    }
    const { tracer, sim } = this.ctx;
    if (this.options.messageTtl !== undefined && message.expiresAt === Infinity) message.expiresAt = sim.now + this.options.messageTtl;
    if (this.policies.length > 0 || this.groups !== undefined) {
      this.enqueueWithPolicies(message);
      return;
    }
    const instance = this.takeCredit();
    if (instance !== undefined) {
      tracer.emit('enqueued', sim.now, message, this.id);
      this.deliver(instance, message);
      return;
    }
    this.ready.push(message);
    this.joinReady(message);
    tracer.emit('enqueued', sim.now, message, this.id);
    if (this.readyCount === 1) this.scheduleHeadExpiry();
  }

  /** `enqueue` for a queue with drop policies or message groups; plain queues never come here. */
  private enqueueWithPolicies(message: Message): void {
    const { tracer, sim } = this.ctx;
    const groups = this.groups;
    // A message whose key's turn is taken may not go to a consumer, even an idle one.
    const free = groups === undefined || groups.isFree(message);
    if (free) {
      const instance = this.takeCredit();
      if (instance !== undefined) {
        groups?.take(message);
        tracer.emit('enqueued', sim.now, message, this.id);
        this.deliver(instance, message);
        return;
      }
    }
    const policies = this.policies;
    for (let i = 0; i < policies.length; i++) {
      const arrival = policies[i]!.arrive(this, message);
      if (arrival === 'ready') continue;
      tracer.emit('enqueued', sim.now, message, this.id);
      if (arrival === 'placed') {
        // It took a conflated message's place, and may weigh more than that one did.
        while (this.overBound()) if (!this.dropOldest('maxlen')) break;
        this.scheduleHeadExpiry();
      } else this.discard(message, arrival);
      return;
    }
    if (free) {
      groups?.take(message);
      this.ready.push(message);
    } else groups!.wait(message);
    this.joinReady(message);
    tracer.emit('enqueued', sim.now, message, this.id);
    if (this.readyCount === 1) this.scheduleHeadExpiry();
  }

  /** Counts `message` as ready: it was just put in the ready line, a key's line, or a conflated message's place. */
  private joinReady(message: Message): void {
    this.readyCount++;
    this.readyBytes += message.size;
    // Only a message never delivered can be conflated away (one back from a consumer keeps its place).
    if (this.readyByKey !== undefined && message.key !== '' && message.deliveries === 0) this.readyByKey.set(message.key, message);
  }

  /** `message` is no longer ready: taken for delivery, dropped, expired, moved, or acked late. */
  private leftReady(message: Message): void {
    this.readyCount--;
    this.readyBytes -= message.size;
    if (this.readyByKey !== undefined && this.readyByKey.get(message.key) === message) this.readyByKey.delete(message.key);
  }

  /**
   * `message` is no longer this broker's (acked, dropped, expired, dead-lettered or redriven): its bytes
   * are freed and, with message groups, the next message of its key is released.
   */
  private release(message: Message): void {
    this.memory.add(this.ctx.sim.now, -message.size);
    this.inFlight?.delete(message);
    if (this.groups !== undefined) this.passTurn(message);
  }

  /** With message groups: `message` gives up its key's turn; the next of the key is delivered or goes to the front. */
  private passTurn(message: Message): void {
    const next = this.groups!.passTurn(message);
    if (next === undefined || this.down) return;
    // It has waited (counted as ready) since it arrived, behind the one that just left: it comes first.
    const instance = this.takeCredit();
    if (instance !== undefined) {
      this.leftReady(next);
      // Its TTL may have run out while it waited behind its key (it expires here, and passes the turn on).
      if (next.expiresAt <= this.ctx.sim.now) {
        this.credits.unshift(instance);
        instance.queuedCredits++;
        this.discard(next, 'expired');
      } else this.deliver(instance, next);
      return;
    }
    this.ready.unshift(next);
    this.scheduleHeadExpiry();
  }

  /** The live message standing where `message` was queued: itself, its conflation successor, or none. */
  private standIn(message: Message): Message | undefined {
    let m = message;
    while (m.settled) {
      const successor = this.successors?.get(m);
      if (successor === undefined) return undefined;
      this.successors!.delete(m);
      m = successor;
    }
    return m;
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
    if (this.atDeliveryLimit(message, holder)) return;
    const now = this.ctx.sim.now;
    message.returnCause = cause;
    this.ctx.tracer.emit('requeued', now, message, this.id, holder.group.id, holder.id, cause);
    const position = this.requeuePosition(message, now);
    if (message.expiresAt <= now && position === 0) {
      // Its TTL ran out while it was out: back at the head means gone. Behind a message returned at the
      // same instant it waits, expired, until it reaches the head, where TTL is enforced.
      this.discard(message, 'expired');
      return;
    }
    const instance = position === 0 ? this.takeCredit() : undefined;
    if (instance !== undefined) {
      this.deliver(instance, message);
      return;
    }
    this.ready.insertAt(position, message);
    message.returnedAt = now;
    this.joinReady(message);
    // A returning message counts towards maxLength and maxBytes like any other; the head makes room.
    if (this.policies.length > 0) while (this.overBound()) if (!this.dropOldest('maxlen')) break;
    this.scheduleHeadExpiry();
  }

  /** A message out of flight that has used up its deliveries is flagged, dead-lettered or dropped here; true if so. */
  private atDeliveryLimit(message: Message, holder: ConsumerInstance): boolean {
    const limit = this.options.maxDeliveries;
    if (limit === undefined || message.deliveries < limit) return false;
    const action = this.options.onMaxDeliveries;
    if (action === 'keep') {
      this.parkedCount++;
      this.parkedMessages?.push(message);
      this.ctx.tracer.emit('flagged', this.ctx.sim.now, message, this.id, holder.group.id, holder.id, 'delivery-limit');
      // Parked, it still weighs on memory but no longer holds its key's turn.
      if (this.groups !== undefined) this.passTurn(message);
    } else if (action === 'dead-letter') this.discard(message, 'delivery-limit', holder);
    else this.drop(message, 'delivery-limit', holder);
    return true;
  }

  /** Keeps `message` out of the ready queue for `delay` seconds (a delivery delay or a retry's backoff). */
  private hold(message: Message, delay: number): void {
    const key = ++this.lastKey;
    this.delayedMessages.set(key, message);
    this.ctx.sim.schedule(delay, this.onDelayOver, key);
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
        this.release(message);
      }
      return;
    }
    message.settled = true;
    tracer.emit('dead-lettered', sim.now, message, this.id, holder?.group.id ?? '', holder?.id ?? '', reason);
    this.release(message);
    dlq.adopt(reviveForAnotherBroker(message));
  }

  private drop(message: Message, reason: DropReason, holder?: ConsumerInstance): void {
    message.settled = true;
    this.ctx.tracer.emit('dropped', this.ctx.sim.now, message, this.id, holder?.group.id ?? '', holder?.id ?? '', reason);
    this.release(message);
  }

  /**
   * The broker went past its memory limit and crashed. It is not durable: it loses every message it
   * holds, each dropped for a reason that says where it was: 'broker-crash' (ready),
   * 'broker-crash-inflight' (delivered, not yet acked: the consumer's later ack is ignored, a late-ack
   * record), 'broker-crash-delayed', 'broker-crash-parked'. Publishes are refused ('broker-down') until
   * it restarts, empty, `restartSeconds` later. Consumers' queued credits stay: they reconnect then.
   */
  private crash(): void {
    const { tracer, sim } = this.ctx;
    this.down = true;
    this.crashCount++;
    tracer.emitInstance('broker-crashed', sim.now, this.id, '', '', 'memory-limit');
    if (this.headExpiry >= 0) sim.cancel(this.headExpiry);
    this.headExpiry = -1;
    this.headExpiryAt = Infinity;
    // Key lines first, so that no message of a key is released to the ready line while it empties.
    this.groups?.clear((m) => {
      this.leftReady(m);
      this.drop(m, 'broker-crash');
    });
    for (let m = this.shiftReady(); m !== undefined; m = this.shiftReady()) this.drop(m, 'broker-crash');
    for (const message of [...this.inFlight!]) {
      const holder = message.holder!;
      this.endLease(message);
      this.drop(message, 'broker-crash-inflight', holder);
    }
    for (const message of this.delayedMessages.values()) this.drop(message, 'broker-crash-delayed');
    this.delayedMessages.clear();
    for (const message of this.parkedMessages!) this.drop(message, 'broker-crash-parked');
    this.parkedMessages!.length = 0;
    this.parkedCount = 0;
    this.successors?.clear();
    this.readyByKey?.clear();
    sim.schedule(this.options.restartSeconds ?? 0, this.onRestart, 0);
  }

  /** The first live ready message, expired or not (a crash loses it either way), removed from the queue. */
  private shiftReady(): Message | undefined {
    for (;;) {
      const queued = this.ready.shift();
      if (queued === undefined) return undefined;
      const message = queued.settled ? this.standIn(queued) : queued;
      if (message === undefined) continue;
      this.leftReady(message);
      return message;
    }
  }

  private restart(): void {
    this.down = false;
    this.ctx.tracer.emitInstance('broker-restarted', this.ctx.sim.now, this.id, '', '');
  }

  private deliver(instance: ConsumerInstance, message: Message): void {
    message.deliveries++;
    message.token++;
    message.holder = instance;
    // At most once, the broker lets go of the message here: its memory no longer holds it, nor can a broker crash lose it.
    if (this.atMostOnce) this.memory.add(this.ctx.sim.now, -message.size);
    else this.inFlight?.add(message);
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
    this.inFlight?.delete(message);
    if (message.leaseTimer < 0) return;
    this.ctx.sim.cancel(message.leaseTimer);
    message.leaseTimer = -1;
    this.leased.delete(message.leaseKey);
  }

  private leaseExpired(leaseKey: number): void {
    const message = this.leased.get(leaseKey);
    if (message === undefined) return;
    this.leased.delete(leaseKey);
    this.inFlight?.delete(message);
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
      const message = this.shiftReady();
      if (message === undefined) return undefined;
      if (message.expiresAt <= this.ctx.sim.now) {
        this.discard(message, 'expired');
        continue;
      }
      // A requeued message can sit in front of one that expires sooner: the timer must follow the new head.
      if (this.options.messageTtl !== undefined) {
        const head = this.peekReady();
        if (head !== undefined && head.expiresAt < this.headExpiryAt) this.scheduleHeadExpiry();
      }
      return message;
    }
  }

  /** The first live ready message, left in place; a conflated message at the front gives way to its successor. */
  private peekReady(): Message | undefined {
    for (;;) {
      const head = this.ready.peek();
      if (head === undefined || !head.settled) return head;
      this.ready.shift();
      const successor = this.standIn(head);
      if (successor !== undefined) {
        this.ready.unshift(successor);
        return successor;
      }
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

  /** Whether a consumer is waiting with a live credit, so a publish would go straight to it. */
  hasLiveCredit(): boolean {
    for (let i = 0; i < this.credits.length; i++) if (this.credits.at(i)!.liveCredits > 0) return true;
    return false;
  }

  /** TTL is enforced at the head: expired messages leave when they reach the front, on time. */
  private expireHead(): void {
    const now = this.ctx.sim.now;
    for (;;) {
      const head = this.peekReady();
      if (head === undefined || head.expiresAt > now) return;
      this.ready.shift();
      this.leftReady(head);
      this.discard(head, 'expired');
    }
  }

  private scheduleHeadExpiry(): void {
    if (this.options.messageTtl === undefined) return;
    const head = this.peekReady();
    const at = head?.expiresAt ?? Infinity;
    if (at === this.headExpiryAt) return;
    if (this.headExpiry >= 0) this.ctx.sim.cancel(this.headExpiry);
    this.headExpiry = -1;
    this.headExpiryAt = at;
    if (at !== Infinity) this.headExpiry = this.ctx.sim.scheduleAt(Math.max(at, this.ctx.sim.now), this.onHeadExpiry);
  }
}

const SMALLEST_PAYLOAD = { size: 1 };

/** A count bound (undefined: none, returned as Infinity), checked to be a whole number >= 0. */
function checkCount(value: number | undefined, option: string, queue: string): number {
  if (value === undefined) return Infinity;
  if (!(Number.isSafeInteger(value) && value >= 0)) throw new RangeError(`queue ${queue}: ${option} must be a whole number >= 0 (or absent for no bound), got ${value}`);
  return value;
}

/** Checks the delivery guarantee against the options it rules out; true for at-most-once. */
function checkDelivery(options: QueueOptions): boolean {
  const delivery = options.delivery ?? 'at-least-once';
  if (delivery !== 'at-least-once' && delivery !== 'at-most-once') {
    throw new RangeError(`queue ${options.id}: delivery must be 'at-least-once' or 'at-most-once', got ${String(delivery)}`);
  }
  if (delivery === 'at-least-once') return false;
  for (const option of ['ackTimeout', 'maxDeliveries'] as const) {
    if (options[option] !== undefined) {
      throw new RangeError(`queue ${options.id}: ${option} needs delivery 'at-least-once'; an at-most-once broker keeps no delivery to time out or count (leave ${option} out)`);
    }
  }
  return true;
}

/** Checks the buffering mode against the options it rules out; true for buffering 'none'. */
function checkBuffering(options: QueueOptions, atMostOnce: boolean): boolean {
  const buffering = options.buffering ?? 'queue';
  if (buffering !== 'queue' && buffering !== 'none') throw new RangeError(`queue ${options.id}: buffering must be 'queue' or 'none', got ${String(buffering)}`);
  if (buffering === 'queue') return false;
  if (!atMostOnce) throw new RangeError(`queue ${options.id}: buffering 'none' needs delivery 'at-most-once' (a broker that keeps nothing cannot redeliver)`);
  for (const option of BUFFER_OPTIONS) {
    const value = options[option];
    if (value !== undefined && value !== false) throw new RangeError(`queue ${options.id}: ${option} needs buffering 'queue'; with 'none' no message waits in the broker (leave ${option} out)`);
  }
  if (options.deliveryDelay > 0) throw new RangeError(`queue ${options.id}: deliveryDelay needs buffering 'queue'; with 'none' no message waits in the broker (use 0)`);
  return true;
}

/** A dead-lettered message starts a new life in the DLQ: settled here, live there. */
function reviveForAnotherBroker(message: Message): Message {
  message.settled = false;
  message.holder = undefined;
  message.leaseTimer = -1;
  return message;
}
