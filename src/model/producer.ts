import { portableLog, type Distribution, type RandomStream } from '../engine';
import type { Broker } from './broker';
import type { ModelContext } from './context';
import { checkFlowOptions, hasRoomSignal, needsFlowControl, Outbox, TokenBucket, type FlowControlOptions, type TokenBucketOptions, type WhenFull } from './flow';
import { checkClaimCheck, NetworkLink, storeSeconds, type ClaimCheckOptions, type LinkOptions } from './payload';
import { copyMessage, createMessage, type Message } from './message';

export interface ArrivalProcess {
  /** poisson: exponential gaps (memoryless); constant: exactly 1/rate apart. */
  process: 'poisson' | 'constant';
  /** Messages per virtual second, > 0. */
  rate: number;
}

export interface Burst {
  /** Virtual time of the first message of the burst. */
  at: number;
  count: number;
  /** Seconds over which the burst is spread evenly; 0 publishes all at `at`. */
  spread: number;
}

export interface ProducerOptions {
  id: string;
  target: Broker;
  arrivals: ArrivalProcess | undefined;
  bursts: readonly Burst[];
  /** Steady arrivals start after `start` and stop at `stop` (bursts are not limited by these). */
  start: number;
  stop: number;
  eventType: string;
  /** Attributes every message carries (for topic filters and bus rules). */
  attributes?: Readonly<Record<string, string>>;
  /** Number of distinct keys drawn uniformly ("key-0" … ); 0 means messages carry no key. */
  keyCount: number;
  payloadBytes: Distribution;
  /**
   * Producer-side flow control: blocking on a full broker, a token-bucket rate limit, publisher
   * confirms with a window and repeats after lost confirms. Left out (or with none of its options
   * set), the producer publishes every message at once and pays nothing for it.
   */
  flow?: FlowControlOptions | undefined;
  /**
   * What payload size costs on the way out: the claim check (a large payload goes to an object store
   * first and the message carries a reference) and the producer's link to the broker (bandwidth and
   * latency). A message is published when its upload and transfer are over.
   */
  payload?: ProducerPayloadOptions | undefined;
}

/** A change of a producer's flow control (Producer.setFlow): each field left out keeps its value. */
export interface FlowChange {
  whenFull?: WhenFull | undefined;
  /** A token-bucket rate limit from now on (a fresh, full bucket); null: none. */
  rateLimit?: TokenBucketOptions | null | undefined;
  /** Most messages the producer's backlog holds, a whole number >= 0; null: unbounded. */
  maxBacklog?: number | null | undefined;
}

export interface ProducerPayloadOptions {
  claimCheck?: ClaimCheckOptions | undefined;
  link?: LinkOptions | undefined;
}

/**
 * Publishes messages to one broker: a steady arrival process plus scheduled bursts.
 * Each source of randomness (gaps, keys, sizes) has its own stream, so changing one knob
 * does not reshuffle the others.
 */
export class Producer {
  readonly id: string;
  private readonly arrivalRng: RandomStream;
  private readonly keyRng: RandomStream;
  private readonly sizeRng: RandomStream;
  /** Key strings made once, so publishing does not build a string per message. */
  private readonly keys: readonly string[];
  /** Each key's run-wide number (Message.keyId), looked up once here rather than per message. */
  private readonly keyIds: Int32Array;
  /**
   * keyIds[i] - i when that is the same for every key (the run's first keyed producer numbers its keys
   * in order), else -1: then a key's number needs no read of keyIds, which with many keys misses the
   * cache on almost every message.
   */
  private readonly keyIdOffset: number;
  private arrivals: ArrivalProcess | undefined;
  /** The arrival process a rate change keeps (Poisson for a producer that started with bursts only). */
  private readonly process: ArrivalProcess['process'];
  /** The pending steady arrival, or -1. */
  private arrivalTimer = -1;
  private readonly onArrival = (): void => this.arrive();
  private readonly onBurstMessage = (): void => this.publishOne();
  /** Flow control, only once some option asks for it (from the start, or from a setFlow). */
  private outbox: Outbox | undefined;
  /** The flow-control options in force, kept while no outbox exists so that a later setFlow starts from them. */
  private flow: FlowControlOptions | undefined;
  private readonly claimCheck: ClaimCheckOptions | undefined;
  private readonly link: NetworkLink | undefined;
  private readonly storeRng: RandomStream;
  /** Messages on their way to the broker (uploading a claim-checked payload, or on the link), by a key of their own. */
  private readonly sending = new Map<number, Message>();
  private lastSendKey = 0;
  private readonly onSent = (key: number): void => {
    const message = this.sending.get(key)!;
    this.sending.delete(key);
    // Published now, under its own id: latencies start when the broker has it.
    this.send(copyMessage(message, message.id, this.ctx.sim.now));
  };

  constructor(
    private readonly ctx: ModelContext,
    private readonly options: ProducerOptions,
  ) {
    this.id = options.id;
    this.arrivalRng = ctx.random.stream(`producer:${options.id}:arrivals`);
    this.keyRng = ctx.random.stream(`producer:${options.id}:keys`);
    this.sizeRng = ctx.random.stream(`producer:${options.id}:payload`);
    this.keys = Array.from({ length: options.keyCount }, (_, i) => `key-${i}`);
    this.keyIds = Int32Array.from(this.keys, (key) => ctx.keyIds.idOf(key));
    const firstId = this.keyIds[0] ?? -1;
    this.keyIdOffset = this.keyIds.every((id, i) => id === firstId + i) ? firstId : -1;
    this.arrivals = options.arrivals;
    this.process = options.arrivals?.process ?? 'poisson';
    this.outbox = needsFlowControl(options.flow) ? new Outbox(ctx, options.id, options.target, options.flow) : undefined;
    this.flow = options.flow;
    this.claimCheck = options.payload?.claimCheck;
    if (this.claimCheck !== undefined) checkClaimCheck(this.claimCheck, `producer ${options.id}: claimCheck`);
    this.link = options.payload?.link && new NetworkLink(options.payload.link);
    this.storeRng = ctx.random.stream(`producer:${options.id}:object-store`);
  }

  /** Messages still uploading or on the link to the broker. */
  get sendingCount(): number {
    return this.sending.size;
  }

  /** Messages waiting in the producer's own backlog (0 without flow control). */
  get backlog(): number {
    return this.outbox?.backlogLength ?? 0;
  }

  /** Publishes awaiting their confirm (0 without confirms). */
  get outstanding(): number {
    return this.outbox?.outstanding ?? 0;
  }

  /** Schedules the first arrival and every burst. Call once, at time 0. */
  start(): void {
    const { sim } = this.ctx;
    this.scheduleArrival(this.options.start);
    for (const burst of this.options.bursts) {
      const step = burst.count > 1 ? burst.spread / (burst.count - 1) : 0;
      for (let i = 0; i < burst.count; i++) sim.scheduleAt(burst.at + i * step, this.onBurstMessage);
    }
  }

  /**
   * Changes the steady arrivals from now on (a timeline action); undefined stops them. The next
   * arrival is drawn afresh from now, which for a Poisson process changes nothing but the rate.
   */
  setArrivals(arrivals: ArrivalProcess | undefined): void {
    if (this.arrivalTimer >= 0) this.ctx.sim.cancel(this.arrivalTimer);
    this.arrivalTimer = -1;
    this.arrivals = arrivals;
    this.scheduleArrival(Math.max(this.options.start, this.ctx.sim.now));
  }

  /** Sets the steady rate in messages per second, keeping the arrival process; 0 stops steady arrivals. */
  setRate(perSecond: number): void {
    if (!(perSecond >= 0) || !Number.isFinite(perSecond)) throw new RangeError(`rate must be a finite number >= 0, got ${perSecond}`);
    this.setArrivals(perSecond > 0 ? { process: this.process, rate: perSecond } : undefined);
  }

  /**
   * Switches producer-side flow control from now on (a timeline action, or a live change from the
   * lab); a field left out keeps its value, `null` removes a rate limit or a backlog bound. A producer
   * built without flow control gets its backlog the first time a change asks for blocking or a rate
   * limit, so a producer that never does keeps the plain publish path. See Outbox.reconfigure for what
   * happens to messages already waiting: a backlog released from blocking is published where the queue
   * has room and rejected ('maxlen') where it is still full.
   *
   * Emits a `policy` record (reason 'set-producer-flow') before what the change releases. A bad value,
   * or whenFull 'block' on a target that cannot signal room (not a queue), throws a RangeError and
   * changes nothing.
   */
  setFlow(change: FlowChange): void {
    const { ctx, options } = this;
    const rateLimit = change.rateLimit === undefined || change.rateLimit === null ? change.rateLimit : new TokenBucket(change.rateLimit);
    const next: FlowControlOptions = { ...this.flow };
    if (change.whenFull !== undefined) next.whenFull = change.whenFull;
    if (change.maxBacklog !== undefined) next.maxBacklog = change.maxBacklog ?? undefined;
    if (change.rateLimit !== undefined) next.rateLimit = change.rateLimit ?? undefined;
    checkFlowOptions(next);
    if (next.whenFull === 'block' && !hasRoomSignal(options.target)) {
      throw new RangeError(`producer ${this.id}: whenFull 'block' needs a target that signals room (a queue); "${options.target.id}" is a ${options.target.kind}`);
    }
    ctx.tracer.emitPolicy(ctx.sim.now, 'set-producer-flow', options.target.id, '', this.id);
    this.flow = next;
    if (this.outbox !== undefined) this.outbox.reconfigure({ whenFull: change.whenFull, rateLimit, maxBacklog: change.maxBacklog });
    else if (needsFlowControl(next)) this.outbox = new Outbox(ctx, this.id, options.target, next);
  }

  private scheduleArrival(from: number): void {
    const arrivals = this.arrivals;
    if (arrivals === undefined) return;
    const next = from + this.gap(arrivals);
    if (next <= this.options.stop) this.arrivalTimer = this.ctx.sim.scheduleAt(next, this.onArrival);
  }

  private arrive(): void {
    this.arrivalTimer = -1;
    this.publishOne();
    this.scheduleArrival(this.ctx.sim.now);
  }

  private gap(arrivals: ArrivalProcess): number {
    return arrivals.process === 'poisson'
      ? -portableLog(this.arrivalRng.nextOpenZero()) / arrivals.rate
      : 1 / arrivals.rate;
  }

  private publishOne(): void {
    const { ctx, options } = this;
    const keyIndex = this.keys.length > 0 ? this.keyRng.nextInt(this.keys.length) : -1;
    const keyId = keyIndex < 0 ? -1 : this.keyIdOffset >= 0 ? this.keyIdOffset + keyIndex : this.keyIds[keyIndex]!;
    const message = createMessage(
      ctx.nextMessageId(),
      ctx.sim.now,
      this.id,
      options.eventType,
      keyIndex >= 0 ? this.keys[keyIndex]! : '',
      Math.round(options.payloadBytes.sample(this.sizeRng)),
      options.attributes,
      keyId,
      keyId >= 0 ? ctx.keyIds.nextVersion(keyId) : 0,
    );
    if (this.claimCheck === undefined && this.link === undefined) this.send(message);
    else this.sendLater(message);
  }

  /** Uploads a large payload (claim check) and sends the message over the link; it is published when both are done. */
  private sendLater(original: Message): void {
    const now = this.ctx.sim.now;
    const claim = this.claimCheck;
    let message = original;
    let ready = now;
    if (claim !== undefined && original.size > claim.thresholdBytes) {
      ready += storeSeconds(claim, original.size, this.storeRng);
      message = createMessage(original.id, now, original.producer, original.type, original.key, claim.referenceBytes, original.attributes, original.keyId, original.version, original.origin);
      message.claimBytes = original.size;
    }
    if (this.link !== undefined) ready = this.link.transfer(ready, message.size);
    if (ready === now) {
      this.send(message);
      return;
    }
    const key = ++this.lastSendKey;
    this.sending.set(key, message);
    this.ctx.sim.scheduleAt(ready, this.onSent, key);
  }

  private send(message: Message): void {
    const { ctx, options } = this;
    if (this.outbox !== undefined) {
      this.outbox.offer(message);
      return;
    }
    const target = options.target;
    const refusal = target.refusal(message);
    if (refusal !== undefined) {
      ctx.tracer.emit('rejected', ctx.sim.now, message, target.id, '', '', refusal);
      return;
    }
    ctx.tracer.emit('published', ctx.sim.now, message, target.id);
    target.accept(message);
  }
}
