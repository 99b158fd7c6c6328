import { unitHash, type Distribution, type RandomStream } from '../engine';
import { CircuitBreaker, type CircuitBreakerOptions } from './breaker/circuit-breaker';
import { ConsumerInstance, type Worker } from './consumer-instance';
import type { ModelContext } from './context';
import type { DeliverySource, DeliveryTarget } from './delivery';
import type { Dependency } from './dependency';
import { ConsumerEffects, type ConsumerEffectsOptions, type IdempotencyOptions } from './effects/consumer-effects';
import { FAULT_NONE, FAULT_OUTAGE, HANDLER_DONE, HandlerProgram, type HandlerSpec } from './handler';
import type { Message } from './message';
import { NetworkLink, storeSeconds, type ClaimCheckOptions, type LinkOptions } from './payload';
import type { Backoff } from './retry/backoff';
import { RetryBudget, type RetryBudgetOptions } from './retry/retry-budget';

/**
 * What a consumer does when processing a message fails.
 * - requeue: nack with requeue (an immediate retry, without limit);
 * - reject: nack without requeue (to the DLQ, or dropped);
 * - no-ack: say nothing, so the lease has to expire;
 * - ack: acknowledge it anyway — the "ack on failure" anti-pattern: the message is gone, lost by the consumer;
 * - retry: retry with the group's retry policy (backoff, max retries, budget), then reject.
 */
export type FailureAction = 'requeue' | 'reject' | 'no-ack' | 'ack' | 'retry';

export interface FailureModel {
  /** Probability that one processing attempt fails with a transient error (retrying may succeed). */
  probability: number;
  /** Probability that an attempt fails with a fatal error (retrying cannot help); default 0. */
  fatal?: number | undefined;
  /**
   * Share of messages that are poison (malformed): every attempt at one fails with a fatal error, so
   * requeueing it loops for ever and only a delivery limit or a reject ends it; default 0.
   */
  poison?: number | undefined;
  /** Default: 'retry' with a retry policy, else 'requeue'. */
  action?: FailureAction | undefined;
}

/** How a group with failure action 'retry' retries. */
export interface RetryOptions {
  /** The wait before each retry. */
  backoff: Backoff;
  /** Retries per message before it is rejected (to the DLQ or dropped) with reason 'retry-limit'. */
  maxRetries: number;
  /** Retries allowed relative to first attempts; a retry beyond it is rejected with reason 'retry-budget'. */
  budget?: RetryBudgetOptions | undefined;
}

/** A circuit breaker on the group's downstream calls, and what happens to a message it refuses. */
export interface BreakerOptions extends CircuitBreakerOptions {
  /** retry: the refused message is retried with the retry policy (needs failure action 'retry'); reject: to the DLQ, or dropped. */
  whenOpen: 'retry' | 'reject';
}

/** A consumer instance's memory: what it holds is payload bytes, and too much crashes it. */
export interface MemoryLimit {
  /** Payload bytes of held deliveries (in its workers and buffer) beyond which the instance runs out of memory and crashes. */
  limitBytes: number;
  /** Seconds until an instance that ran out of memory restarts (its crash process's downtime is not used). */
  restartSeconds: number;
}

/** Worker.fault: the breaker refused the call, so the attempt fails at once. */
const FAULT_CIRCUIT = 2;
/** Worker.fault: the idempotency store knew the message, so its processing is skipped. */
const FAULT_KNOWN_DUPLICATE = 3;

export interface CrashProcess {
  /** Time an instance runs between crashes. */
  uptime: Distribution;
  /** Time a crashed instance takes to restart. */
  downtime: Distribution;
}

/** Pull consumption (SQS ReceiveMessage, Pub/Sub pull) instead of push into a prefetch window (credits). */
export interface PullOptions {
  /** Most messages one receive returns (>= 1). */
  batchSize: number;
  /** Long poll: seconds a receive waits for a first message when none is ready; 0 for a short poll. */
  waitTime: number;
  /** Seconds an instance sleeps after a short poll came back empty (> 0). */
  pollInterval: number;
  /**
   * When an instance asks again. batch: once everything the last receive brought is settled (SQS-style
   * receive loops). each: as soon as one message is settled, for the room now free, so up to batchSize
   * stay outstanding (credit-based flow control: NATS JetStream pull with max ack pending, Reactive
   * Streams request(n)). Default batch.
   */
  refill?: 'batch' | 'each' | undefined;
}

export interface ConsumerGroupOptions {
  id: string;
  source: DeliverySource;
  instances: number;
  /** Messages one instance processes at once. */
  concurrency: number;
  /** Unacknowledged deliveries one instance may hold (>= 1); beyond `concurrency` they wait in its buffer. */
  prefetch: number;
  /** Time to process one message. Give exactly one of `processing` and `handler`. */
  processing?: Distribution | undefined;
  /** The message's work as downstream calls, sequential or concurrent, some perhaps blocking the event loop (handler.ts). */
  handler?: HandlerSpec | undefined;
  failure: FailureModel | undefined;
  crashes: CrashProcess | undefined;
  /** Pull mode; undefined for push with `prefetch`. */
  pull?: PullOptions | undefined;
  /** The retry policy of failure action 'retry'. */
  retry?: RetryOptions | undefined;
  /** The downstream service plain `processing` calls (a handler names dependencies per call). */
  dependency?: Dependency | undefined;
  breaker?: BreakerOptions | undefined;
  /** Side effects (with an idempotency store) and per-key state with an ordering remedy. */
  effects?: ConsumerEffectsOptions | undefined;
  memory?: MemoryLimit | undefined;
  /** What payload size costs on the way in: each instance's link from the broker, and fetching claim-checked payloads. */
  payload?: ConsumerPayloadOptions | undefined;
}

export interface ConsumerPayloadOptions {
  /** Each instance's connection to the broker: deliveries arrive after their transfer, one after another. */
  link?: LinkOptions | undefined;
  /** Fetching a payload the producer left in the object store (claim check). */
  fetch?: PayloadFetchOptions | undefined;
}

export interface PayloadFetchOptions extends Pick<ClaimCheckOptions, 'storeLatency' | 'storeBandwidthBytesPerSecond'> {
  /** Share of claim-checked messages whose processing needs the payload (the rest never fetch it), in [0, 1]. */
  probability: number;
}

/**
 * A consumer group: instances of `concurrency` workers each, reading one broker with a prefetch
 * window. Each message is processed for a time drawn from `processing`, or taken by the downstream
 * calls of its `handler` (handler.ts), then acknowledged, or on a failure nacked, rejected or left to
 * time out. Instances can crash and restart (by a random process or a timeline action) and the
 * group can be scaled out or in.
 */
export class ConsumerGroup implements DeliveryTarget {
  /** Reads a queue (or a topic's subscription queue); a stream's groups are StreamGroup. */
  readonly kind = 'queue';
  readonly id: string;
  readonly instances: ConsumerInstance[] = [];
  /** Every worker of every instance; a worker's index is the argument of its completion event. */
  private readonly workers: Worker[] = [];
  private readonly processingRng: RandomStream;
  private readonly outcomeRng: RandomStream;
  private readonly crashRng: RandomStream;
  private readonly handlerRng: RandomStream;
  private readonly retryRng: RandomStream;
  /** What a failed attempt leads to: the configured action, else 'retry' with a retry policy, else 'requeue'. */
  private readonly failureAction: FailureAction;
  /** Fatal probability and poison share in force (setFailure changes them). */
  private fatalProbability: number;
  private poisonShare: number;
  /** Salt of the per-message poison decision: a message is poison or not whichever attempt asks. */
  private poisonSalt: number;
  private readonly budget: RetryBudget | undefined;
  /** The breaker the calls go through now: the group's breaker, or undefined without one or while it is switched off. */
  private breaker: CircuitBreaker | undefined;
  /** The group's breaker, switched on or off (setBreaker). */
  private readonly circuitBreaker: CircuitBreaker | undefined;
  /** Push mode: credits each instance still owes after its prefetch window shrank (by instance index); see setPrefetch. */
  private creditDebts: Map<number, number> | undefined;
  private readonly effects: ConsumerEffects | undefined;
  /** Seconds of idempotency-store lookup before every handler (0 while the store is switched off). */
  private lead: number;
  /** True when any guard runs before processing (breaker, store, budget), so plain groups skip them with one test. */
  private guarded: boolean;
  private readonly onMemoryCrash = (instanceIndex: number): void => this.crash(instanceIndex, 'memory');
  private readonly fetchRng: RandomStream;
  private processing: Distribution | undefined;
  /** The handler new messages run; undefined for plain `processing` (also after set-processing replaced it). */
  private handler: HandlerProgram | undefined;
  /** The handler the messages already started keep running to the end. */
  private readonly program: HandlerProgram | undefined;
  private readonly onComplete = (workerIndex: number): void => this.complete(workerIndex);
  private readonly onHandlerStep = (workerIndex: number): void => this.handlerStep(workerIndex);
  private readonly onCrash = (instanceIndex: number): void => {
    this.instances[instanceIndex]!.crashTimer = -1;
    this.crash(instanceIndex);
  };
  private readonly onRestart = (instanceIndex: number): void => this.restart(instanceIndex);
  /** Instances in their cold start (index → the event that ends it); see scaleTo. */
  private readonly coldTimers = new Map<number, number>();
  private readonly onWarm = (instanceIndex: number): void => this.warm(instanceIndex);
  private readonly onPollDue = (instanceIndex: number): void => {
    const instance = this.instances[instanceIndex]!;
    instance.pollTimer = -1;
    if (instance.pollState === 'waiting') this.endPoll(instance);
    else this.poll(instance);
  };

  /** The group's own copy of its options: setPrefetch and setPull change prefetch and pull in it. */
  private readonly options: ConsumerGroupOptions;

  constructor(
    private readonly ctx: ModelContext,
    options: ConsumerGroupOptions,
  ) {
    this.options = { ...options };
    this.id = options.id;
    if ((options.processing === undefined) === (options.handler === undefined)) {
      const got = options.handler === undefined ? 'neither' : 'both';
      throw new RangeError(`group ${options.id}: give exactly one of processing (a distribution) and handler (downstream calls), got ${got}`);
    }
    this.processing = options.processing;
    this.program = options.handler && new HandlerProgram(options.handler);
    this.handler = this.program;
    this.processingRng = ctx.random.stream(`group:${options.id}:processing`);
    this.outcomeRng = ctx.random.stream(`group:${options.id}:outcomes`);
    this.crashRng = ctx.random.stream(`group:${options.id}:crashes`);
    this.handlerRng = ctx.random.stream(`group:${options.id}:handler`);
    this.retryRng = ctx.random.stream(`group:${options.id}:retry`);
    this.fetchRng = ctx.random.stream(`group:${options.id}:fetch`);
    const fetch = options.payload?.fetch;
    if (fetch !== undefined && !(fetch.probability >= 0 && fetch.probability <= 1 && fetch.storeBandwidthBytesPerSecond > 0)) {
      throw new RangeError(`group ${options.id}: payload.fetch needs a probability in [0, 1] and storeBandwidthBytesPerSecond > 0`);
    }
    this.failureAction = options.failure?.action ?? (options.retry !== undefined ? 'retry' : 'requeue');
    if (this.failureAction === 'retry' && options.retry === undefined) throw new RangeError(`group ${options.id}: failure action "retry" needs a retry policy`);
    if (options.retry !== undefined && !(Number.isInteger(options.retry.maxRetries) && options.retry.maxRetries >= 0)) {
      throw new RangeError(`group ${options.id}: retry.maxRetries must be a whole number >= 0, got ${options.retry.maxRetries}`);
    }
    if (options.breaker?.whenOpen === 'retry' && this.failureAction !== 'retry') {
      throw new RangeError(`group ${options.id}: breaker.whenOpen "retry" needs failure action "retry" and a retry policy; use whenOpen "reject" otherwise`);
    }
    this.fatalProbability = options.failure?.fatal ?? 0;
    this.poisonShare = options.failure?.poison ?? 0;
    if (!(this.poisonShare >= 0 && this.poisonShare <= 1)) throw new RangeError(`group ${options.id}: failure.poison must be a share in [0, 1], got ${this.poisonShare}`);
    this.poisonSalt = this.poisonShare > 0 ? this.drawPoisonSalt() : 0;
    this.budget = options.retry?.budget && new RetryBudget(options.retry.budget);
    this.breaker =
      options.breaker && new CircuitBreaker(ctx, options.breaker, (state) => ctx.tracer.emitInstance('circuit', ctx.sim.now, options.source.id, options.id, '', state));
    this.circuitBreaker = this.breaker;
    this.effects =
      options.effects && (options.effects.sideEffect !== undefined || options.effects.ordering !== undefined)
        ? new ConsumerEffects(ctx, { broker: options.source.id, group: options.id }, options.effects)
        : undefined;
    this.lead = this.effects?.lookupLatency ?? 0;
    this.guarded =
      this.breaker !== undefined ||
      this.budget !== undefined ||
      this.lead > 0 ||
      options.effects?.sideEffect?.idempotency !== undefined;
    if (options.memory !== undefined && !(options.memory.limitBytes > 0 && options.memory.restartSeconds > 0)) {
      throw new RangeError(`group ${options.id}: memory.limitBytes must be > 0 and memory.restartSeconds > 0, got ${options.memory.limitBytes} and ${options.memory.restartSeconds}`);
    }
    for (let i = 0; i < options.instances; i++) this.createInstance();
  }

  /** Instances that exist: not scaled in (up, crashed or still in their cold start). */
  get instanceCount(): number {
    let n = 0;
    for (const instance of this.instances) if (!instance.removed) n++;
    return n;
  }

  /** Workers processing a message now, over every instance (for the autoscaler's utilisation). */
  get busyWorkers(): number {
    let n = 0;
    for (const instance of this.instances) if (instance.up) n += instance.workers.length - instance.idleWorkers.length;
    return n;
  }

  /** Workers of the instances taking work (up), busy or idle. */
  get workerCount(): number {
    let n = 0;
    for (const instance of this.instances) if (instance.up) n += instance.workers.length;
    return n;
  }

  /** Instances currently taking work. */
  get liveInstances(): number {
    let n = 0;
    for (const instance of this.instances) if (instance.up) n++;
    return n;
  }

  /** Processing attempts settled so far, failed or not (a known duplicate the idempotency store skipped is none); for alerts. */
  get attempts(): number {
    return this.attemptTotal;
  }

  /** Attempts that failed so far (any `failed` record's reason: transient, fatal, outage, circuit-open); for alerts. */
  get failures(): number {
    return this.failureTotal;
  }

  private attemptTotal = 0;
  private failureTotal = 0;

  /** Counts a settled attempt for the running totals above (two additions: the error-rate alert reads them). */
  private countAttempt(failed: boolean): void {
    this.attemptTotal++;
    if (failed) this.failureTotal++;
  }

  /** Offers every instance's prefetch window to the source. Call once, at time 0. */
  start(): void {
    this.grantRoundRobin(this.instances);
    for (const instance of this.instances) this.scheduleCrash(instance);
  }

  /**
   * One receive: the instance offers room for a batch, takes what is ready now, and if nothing is,
   * waits up to waitTime (long poll) for the first message. It asks again once the batch is settled.
   */
  private poll(instance: ConsumerInstance): void {
    const pull = this.options.pull!;
    if (!instance.up || instance.pollState !== 'idle') return;
    const room = pull.batchSize - instance.pullHeld;
    if (room <= 0) return;
    // A credit refill can come while an empty short poll sleeps: it asks now instead.
    if (instance.pollTimer >= 0) this.ctx.sim.cancel(instance.pollTimer);
    instance.pollTimer = -1;
    instance.pollState = 'granting';
    instance.pollReceived = 0;
    const source = this.options.source;
    // A short poll offers room only for what is ready: room it cannot use now would be void at once, and
    // such void credits would pile up in the broker at every empty poll.
    source.grant(instance, pull.waitTime === 0 ? Math.min(room, source.depth) : room);
    if (instance.pollReceived > 0 || pull.waitTime === 0) {
      this.endPoll(instance);
      return;
    }
    instance.pollState = 'waiting';
    instance.pollTimer = this.ctx.sim.schedule(pull.waitTime, this.onPollDue, instance.index);
  }

  /** The receive returns: unused room is withdrawn, and an empty receive is recorded and retried. */
  private endPoll(instance: ConsumerInstance): void {
    const { sim, tracer } = this.ctx;
    if (instance.pollTimer >= 0) sim.cancel(instance.pollTimer);
    instance.pollTimer = -1;
    const received = instance.pollReceived;
    tracer.emitInstance('polled', sim.now, this.options.source.id, this.id, instance.id, received === 0 ? 'empty' : '');
    const pull = this.options.pull!;
    if (received === 0 && pull.waitTime > 0) {
      // A long poll that timed out asks again at once. Its room is all still on offer (a delivery would have
      // ended it), so the next receive keeps it rather than voiding it and granting as much again.
      instance.pollTimer = sim.schedule(pull.waitTime, this.onPollDue, instance.index);
      return;
    }
    instance.pollState = 'idle';
    instance.staleCredits = instance.queuedCredits;
    // A short poll that came back empty sleeps first, or it would spin.
    if (received === 0) instance.pollTimer = sim.schedule(pull.pollInterval, this.onPollDue, instance.index);
  }

  /** After a message is settled: the next receive starts once the whole batch is, or at once for credit refills. */
  private settledPulled(instance: ConsumerInstance): void {
    instance.pullHeld--;
    if (!instance.up) return;
    if (instance.pullHeld === 0 || this.options.pull!.refill === 'each') this.poll(instance);
  }

  /**
   * Changes the processing-time distribution from now on (a timeline action). On a group with a
   * handler it replaces the handler for new messages; those already started finish their calls.
   * (Scenario validation refuses set-processing on a handler group, so only code does this.)
   */
  setProcessing(processing: Distribution): void {
    this.processing = processing;
    this.handler = undefined;
  }

  /**
   * Changes the prefetch window of a push group from now on (a timeline action, or a live change from
   * the lab). Growing it grants each running instance the extra credits at once, round-robin. Shrinking
   * it never takes a delivery back: credits an instance has on offer in the broker are withdrawn at
   * once, and the rest of the difference is kept back as deliveries are settled. An instance that
   * crashes, restarts or joins later starts with the new window. Emits a `policy` record (reason
   * 'set-prefetch') first. Throws a RangeError on a pull group or for a window that is not a whole
   * number >= 1.
   */
  setPrefetch(prefetch: number): void {
    if (this.options.pull !== undefined) throw new RangeError(`group ${this.id}: prefetch applies to push groups; this one pulls (change pull.batchSize with setPull)`);
    if (!(Number.isSafeInteger(prefetch) && prefetch >= 1)) throw new RangeError(`group ${this.id}: prefetch must be a whole number >= 1, got ${prefetch}`);
    const { ctx, options } = this;
    ctx.tracer.emitPolicy(ctx.sim.now, 'set-prefetch', options.source.id, this.id, '', prefetch);
    const change = prefetch - options.prefetch;
    options.prefetch = prefetch;
    const running = this.instances.filter((instance) => instance.up);
    if (change > 0) {
      // Credits still owed from an earlier shrink are forgiven first; the rest is granted, round-robin.
      const extra = running.map((instance) => change - this.forgive(instance, change));
      const most = Math.max(0, ...extra);
      for (let c = 0; c < most; c++) {
        for (let i = 0; i < running.length; i++) if (c < extra[i]!) options.source.grant(running[i]!, 1);
      }
      return;
    }
    for (const instance of running) {
      // Credits on offer in the broker are void at once (the broker skips stale credits); the rest is owed.
      const withdrawn = Math.min(-change, instance.liveCredits);
      instance.staleCredits += withdrawn;
      const owed = -change - withdrawn;
      if (owed > 0) (this.creditDebts ??= new Map()).set(instance.index, (this.creditDebts.get(instance.index) ?? 0) + owed);
    }
  }

  /**
   * Changes a pull group's receives from now on (a timeline action, or a live change from the lab); a
   * field left out keeps its value. A receive in progress keeps the room it asked for; later receives
   * ask for the new batchSize. An idle instance that holds messages and, with refill 'each', now has
   * room asks at once. Emits a `policy` record (reason 'set-pull') first. Throws a RangeError on a push
   * group, for a batchSize that is not a whole number >= 1, or a refill other than 'batch' or 'each'.
   */
  setPull(change: { batchSize?: number | undefined; refill?: 'batch' | 'each' | undefined }): void {
    const { ctx, options } = this;
    const pull = options.pull;
    if (pull === undefined) throw new RangeError(`group ${this.id}: pull settings apply to pull groups; this one is pushed to (change its window with setPrefetch)`);
    const batchSize = change.batchSize ?? pull.batchSize;
    if (!(Number.isSafeInteger(batchSize) && batchSize >= 1)) throw new RangeError(`group ${this.id}: pull.batchSize must be a whole number >= 1, got ${batchSize}`);
    const refill = change.refill ?? pull.refill;
    if (refill !== undefined && refill !== 'batch' && refill !== 'each') throw new RangeError(`group ${this.id}: pull.refill must be 'batch' or 'each', got ${String(refill)}`);
    ctx.tracer.emitPolicy(ctx.sim.now, 'set-pull', options.source.id, this.id, '', batchSize);
    options.pull = { ...pull, batchSize, refill };
    if (refill !== 'each') return;
    for (const instance of this.instances) if (instance.up && instance.pollState === 'idle' && instance.pullHeld > 0) this.poll(instance);
  }

  /**
   * Switches the group's circuit breaker on or off from now on (a timeline action, or a live change
   * from the lab). Off: every call goes straight through and no outcome is counted; the breaker is
   * reset to closed at once (a `circuit` 'closed' record if it was open or half-open), and a move to
   * half-open it had pending is called off. On again: it starts closed with an empty window; calls
   * already running when it comes back count in it when they end. Emits a `policy` record (reason
   * 'set-breaker') first. Throws a RangeError for a group without a breaker.
   */
  setBreaker(enabled: boolean): void {
    const breaker = this.circuitBreaker;
    if (breaker === undefined) throw new RangeError(`group ${this.id}: has no circuit breaker to switch (give it a breaker)`);
    const { ctx, options } = this;
    ctx.tracer.emitPolicy(ctx.sim.now, 'set-breaker', options.source.id, this.id, '');
    if (enabled) {
      this.breaker = breaker;
      return;
    }
    this.breaker = undefined;
    breaker.reset();
  }

  /**
   * Changes the failure model from now on (a timeline action, or a live change from the lab); a field
   * left out keeps its value. A group that had no failure model gets one (probability, fatal and poison
   * 0 unless given) with its default action: 'retry' with a retry policy, else 'requeue'. Poison is
   * decided per message by the same seeded hash as a group configured with it from the start, so the same
   * messages are poison. Attempts already running draw their outcome when they end, with the new model.
   * Emits a `policy` record (reason 'set-failure') first. Throws a RangeError for a value outside [0, 1],
   * or probability + fatal above 1.
   */
  setFailure(change: { probability?: number | undefined; fatal?: number | undefined; poison?: number | undefined }): void {
    const { ctx, options } = this;
    const probability = change.probability ?? options.failure?.probability ?? 0;
    const fatal = change.fatal ?? this.fatalProbability;
    const poison = change.poison ?? this.poisonShare;
    for (const [name, value] of [
      ['probability', probability],
      ['fatal', fatal],
      ['poison', poison],
    ] as const) {
      if (!(value >= 0 && value <= 1)) throw new RangeError(`group ${this.id}: failure.${name} must be in [0, 1], got ${value}`);
    }
    if (probability + fatal > 1) throw new RangeError(`group ${this.id}: failure.probability + failure.fatal must be at most 1, got ${probability} + ${fatal}`);
    ctx.tracer.emitPolicy(ctx.sim.now, 'set-failure', options.source.id, this.id, '');
    options.failure = { ...options.failure, probability, fatal, poison, action: this.failureAction };
    this.fatalProbability = fatal;
    this.poisonShare = poison;
    if (poison > 0 && this.poisonSalt === 0) this.poisonSalt = this.drawPoisonSalt();
  }

  /**
   * Switches the group's idempotency store off or on from now on (a timeline action, or a live change
   * from the lab). Off: no lookups (and no lookup latency) and no writes, so a duplicate applies its side
   * effect again. On: lookups and writes again; keys the store holds from before stay until their ttl
   * runs out. A group with a side effect but no store gets one with `defaults` the first time it is
   * switched on. Emits a `policy` record (reason 'set-idempotency') first. Throws a RangeError for a
   * group without a side effect.
   */
  setIdempotency(enabled: boolean, defaults: IdempotencyOptions): void {
    const effects = this.effects;
    if (effects === undefined || !effects.hasSideEffect) throw new RangeError(`group ${this.id}: has no side effect whose idempotency store could be switched (give it sideEffect)`);
    const { ctx, options } = this;
    ctx.tracer.emitPolicy(ctx.sim.now, 'set-idempotency', options.source.id, this.id, '');
    effects.setIdempotency(enabled, defaults);
    this.lead = effects.lookupLatency;
    // Once a store has been on, the guard stays in: it asks the store, which answers "unknown" while off.
    if (enabled) this.guarded = true;
  }

  /** The salt of the per-message poison decision: a named stream, so it is the same whenever it is first drawn. */
  private drawPoisonSalt(): number {
    return this.ctx.random.stream(`group:${this.id}:poison`).nextUint32();
  }

  /** Cancels up to `credits` of what `instance` owes after a shrink; returns how many it cancelled. */
  private forgive(instance: ConsumerInstance, credits: number): number {
    const owed = this.creditDebts?.get(instance.index) ?? 0;
    const forgiven = Math.min(owed, credits);
    if (forgiven > 0) this.creditDebts!.set(instance.index, owed - forgiven);
    return forgiven;
  }

  /** A settled delivery's credit goes back to the broker, unless the instance owes it after its window shrank. */
  private returnCredit(instance: ConsumerInstance): void {
    const debts = this.creditDebts;
    if (debts !== undefined) {
      const owed = debts.get(instance.index) ?? 0;
      if (owed > 0) {
        debts.set(instance.index, owed - 1);
        return;
      }
    }
    this.options.source.releaseCredit(instance);
  }

  receive(instance: ConsumerInstance, message: Message): void {
    instance.heldBytes += message.size;
    const memory = this.options.memory;
    if (memory !== undefined) {
      // Crashing inside the broker's delivery would re-enter it; the crash follows at once, as its own event.
      if (instance.heldBytes > memory.limitBytes && !instance.memoryCrashPending) {
        instance.memoryCrashPending = true;
        this.ctx.sim.schedule(0, this.onMemoryCrash, instance.index);
      }
    }
    // Over a link the delivery is usable only once its bytes have arrived, in the order they were sent.
    const arrives = instance.link === undefined ? 0 : instance.link.transfer(this.ctx.sim.now, message.size);
    const worker = instance.idleWorkers.pop();
    if (worker === undefined) {
      instance.buffer.push(message);
      instance.bufferTokens.push(message.token);
      if (instance.link !== undefined) instance.bufferArrivals.push(arrives);
    } else this.begin(worker, message, message.token, arrives);
    if (this.options.pull === undefined) return;
    instance.pollReceived++;
    instance.pullHeld++;
    // A long poll returns as soon as a message arrives.
    if (instance.pollState === 'waiting') this.endPoll(instance);
  }

  leaseEnded(instance: ConsumerInstance, message: Message, token: number): void {
    if (!instance.forgetSilent(message, token)) return;
    instance.heldBytes -= message.size;
    if (instance.up) this.returnCredit(instance);
  }

  /** Crashes instance `index` (0-based): it loses what it holds, which the broker requeues. `reason` 'memory': it ran out of memory. */
  crash(index: number, reason: '' | 'memory' = ''): void {
    const instance = this.instances[index];
    if (instance === undefined || !instance.up) return;
    const { sim, tracer } = this.ctx;
    // A crash the random process had planned is void: the next one is drawn from the restart.
    if (instance.crashTimer >= 0) sim.cancel(instance.crashTimer);
    instance.crashTimer = -1;
    const held = this.halt(instance);
    tracer.emitInstance('crashed', sim.now, this.options.source.id, this.id, instance.id, reason);
    this.options.source.reclaim(instance, held, 'crash');
    if (instance.removed) return;
    if (reason === 'memory') sim.schedule(this.options.memory!.restartSeconds, this.onRestart, index);
    else {
      const downtime = this.options.crashes?.downtime;
      if (downtime !== undefined) sim.schedule(downtime.sample(this.crashRng), this.onRestart, index);
    }
  }

  /** Brings a crashed instance back with its prefetch window empty again. */
  restart(index: number): void {
    const instance = this.instances[index];
    if (instance === undefined || instance.up || instance.removed || this.coldTimers.has(index)) return;
    instance.up = true;
    this.ctx.tracer.emitInstance('restarted', this.ctx.sim.now, this.options.source.id, this.id, instance.id);
    if (this.options.pull !== undefined) this.poll(instance);
    else this.options.source.grant(instance, this.options.prefetch);
    this.scheduleCrash(instance);
  }

  /**
   * Scales to `count` running instances. New instances join with a full prefetch window; removed
   * ones (the newest first) hand back what they hold and leave. With `coldStart` > 0 seconds a new
   * instance exists at once (it is counted and costs) but takes work only when its cold start is
   * over: then it emits `scaled` with reason 'ready' and gets its prefetch window.
   */
  scaleTo(count: number, coldStart = 0): void {
    const { sim, tracer } = this.ctx;
    const active = this.instances.filter((instance) => !instance.removed);
    const added: ConsumerInstance[] = [];
    for (let n = active.length; n < count; n++) {
      const instance = this.createInstance();
      added.push(instance);
      tracer.emitInstance('scaled', sim.now, this.options.source.id, this.id, instance.id, 'up');
    }
    if (coldStart > 0) {
      for (const instance of added) {
        instance.up = false;
        this.coldTimers.set(instance.index, sim.schedule(coldStart, this.onWarm, instance.index));
      }
    } else {
      this.grantRoundRobin(added);
      for (const instance of added) this.scheduleCrash(instance);
    }
    for (let i = active.length - 1; i >= count; i--) {
      const instance = active[i]!;
      instance.removed = true;
      tracer.emitInstance('scaled', sim.now, this.options.source.id, this.id, instance.id, 'down');
      const cold = this.coldTimers.get(instance.index);
      if (cold !== undefined) {
        sim.cancel(cold);
        this.coldTimers.delete(instance.index);
      }
      if (!instance.up) continue;
      this.options.source.reclaim(instance, this.halt(instance), 'scale-in');
    }
  }

  /** A new instance's cold start is over: it takes work from now on, as a scaled-out instance does at once without one. */
  private warm(index: number): void {
    this.coldTimers.delete(index);
    const instance = this.instances[index]!;
    if (instance.removed) return;
    instance.up = true;
    this.ctx.tracer.emitInstance('scaled', this.ctx.sim.now, this.options.source.id, this.id, instance.id, 'ready');
    this.grantRoundRobin([instance]);
    this.scheduleCrash(instance);
  }

  /** Stops an instance at once: cancels its work and empties it. Returns what it held. */
  private halt(instance: ConsumerInstance): { message: Message; token: number }[] {
    const held = instance.held();
    instance.up = false;
    for (const worker of instance.workers) {
      if (worker.completion >= 0) this.ctx.sim.cancel(worker.completion);
      // A call the breaker let through ends without an outcome: a lost half-open probe must be given back.
      if (worker.message !== undefined && worker.fault !== FAULT_CIRCUIT && worker.fault !== FAULT_KNOWN_DUPLICATE) this.breaker?.abandon();
      worker.completion = -1;
      worker.message = undefined;
    }
    instance.idleWorkers.length = 0;
    // The crashed process's loop dies with it, and with it any blocking call it was running.
    instance.loopFreeAt = 0;
    for (const worker of instance.workers) instance.idleWorkers.push(this.workers.indexOf(worker));
    while (instance.buffer.length > 0) {
      instance.buffer.shift();
      instance.bufferTokens.shift();
    }
    while (instance.bufferArrivals.length > 0) instance.bufferArrivals.shift();
    // The crashed process's connection is gone, and with it whatever was still on the wire.
    instance.link?.reset();
    instance.silent.length = 0;
    instance.silentTokens.length = 0;
    instance.heldBytes = 0;
    instance.memoryCrashPending = false;
    if (instance.pollTimer >= 0) this.ctx.sim.cancel(instance.pollTimer);
    instance.pollTimer = -1;
    instance.pollState = 'idle';
    instance.pullHeld = 0;
    // It comes back (if ever) with a full window of the current size: nothing is owed any more.
    this.creditDebts?.delete(instance.index);
    return held;
  }

  private createInstance(): ConsumerInstance {
    const index = this.instances.length;
    const instance = new ConsumerInstance(this, index, `${this.options.id}#${index + 1}`);
    const link = this.options.payload?.link;
    if (link !== undefined) instance.link = new NetworkLink(link);
    for (let c = 0; c < this.options.concurrency; c++) {
      const worker: Worker = { instance, message: undefined, token: 0, completion: -1, step: 0, fault: FAULT_NONE, startedAt: 0 };
      instance.workers.push(worker);
      instance.idleWorkers.push(this.workers.length);
      this.workers.push(worker);
    }
    // Workers are taken from the end; reversing makes an instance's first worker go first.
    instance.idleWorkers.reverse();
    this.instances.push(instance);
    return instance;
  }

  /** Grants credits one at a time across instances (a#1, b#1, a#2 …), so idle capacity is shared round-robin. */
  private grantRoundRobin(instances: readonly ConsumerInstance[]): void {
    if (this.options.pull !== undefined) {
      for (const instance of instances) this.poll(instance);
      return;
    }
    for (let c = 0; c < this.options.prefetch; c++) {
      for (const instance of instances) if (instance.up) this.options.source.grant(instance, 1);
    }
  }

  private scheduleCrash(instance: ConsumerInstance): void {
    const crashes = this.options.crashes;
    if (crashes === undefined) return;
    instance.crashTimer = this.ctx.sim.schedule(crashes.uptime.sample(this.crashRng), this.onCrash, instance.index);
  }

  /** Starts processing `message` on a worker; `arrives` is when its bytes are in (0: already). */
  private begin(workerIndex: number, message: Message, token: number, arrives: number): void {
    const worker = this.workers[workerIndex]!;
    worker.message = message;
    worker.token = token;
    worker.fault = FAULT_NONE;
    const sim = this.ctx.sim;
    if (this.guarded && this.guard(worker, workerIndex, message)) return;
    const handler = this.handler;
    let lead = this.lead;
    if (arrives > sim.now) lead += arrives - sim.now;
    const fetch = this.options.payload?.fetch;
    if (fetch !== undefined && message.claimBytes > 0 && this.fetchRng.next() < fetch.probability) lead += storeSeconds(fetch, message.claimBytes, this.fetchRng);
    if (handler === undefined) {
      let time = this.processing!.sample(this.processingRng);
      const dependency = this.options.dependency;
      if (dependency !== undefined && dependency.isDown(sim.now + lead)) {
        time = dependency.timeout;
        worker.fault = FAULT_OUTAGE;
      }
      worker.completion = sim.schedule(lead + time, this.onComplete, workerIndex);
    } else if (!handler.usesLoop) worker.completion = sim.schedule(lead + handler.duration(this.handlerRng, sim.now + lead, worker), this.onComplete, workerIndex);
    else {
      // Blocking calls contend for the instance's loop, so the handler runs step by step in event order.
      worker.step = 0;
      worker.completion = sim.scheduleAt(handler.advance(worker, worker.instance, sim.now + lead, this.handlerRng), this.onHandlerStep, workerIndex);
    }
  }

  /**
   * The checks before an attempt: it counts towards the retry budget, the breaker may refuse the
   * call, and the idempotency store may know the message. True when it settled the attempt's course
   * itself (a fail-fast or a skipped duplicate, completing after the store lookup).
   */
  private guard(worker: Worker, workerIndex: number, message: Message): boolean {
    const sim = this.ctx.sim;
    worker.startedAt = sim.now;
    if (message.retries === 0 && message.deliveries === 1) this.budget?.recordAttempt(sim.now);
    // A known duplicate makes no downstream call, so it is settled before the breaker is asked: a
    // half-open breaker would otherwise spend a probe on it that is never recorded.
    if (this.effects !== undefined && this.effects.isKnownDuplicate(message, sim.now)) {
      worker.fault = FAULT_KNOWN_DUPLICATE;
      worker.completion = sim.schedule(this.lead, this.onComplete, workerIndex);
      return true;
    }
    if (this.breaker !== undefined && !this.breaker.allow()) {
      worker.fault = FAULT_CIRCUIT;
      worker.completion = sim.schedule(0, this.onComplete, workerIndex);
      return true;
    }
    return false;
  }

  /** A wake-up of a handler that uses the loop: a call returned, or the handler's end came. */
  private handlerStep(workerIndex: number): void {
    const worker = this.workers[workerIndex]!;
    if (worker.step === HANDLER_DONE) {
      this.complete(workerIndex);
      return;
    }
    const sim = this.ctx.sim;
    const at = this.program!.advance(worker, worker.instance, sim.now, this.handlerRng);
    if (worker.step === HANDLER_DONE && at === sim.now) this.complete(workerIndex);
    else worker.completion = sim.scheduleAt(at, this.onHandlerStep, workerIndex);
  }

  private complete(workerIndex: number): void {
    const worker = this.workers[workerIndex]!;
    const message = worker.message!;
    const token = worker.token;
    const instance = worker.instance;
    worker.message = undefined;
    worker.completion = -1;
    const pulled = this.options.pull !== undefined;
    const silent = this.settle(worker, instance, message, token);
    if (!silent) instance.heldBytes -= message.size;
    // A buffered delivery takes the worker before the freed credit brings a new one.
    const next = instance.buffer.shift();
    if (next !== undefined) this.begin(workerIndex, next, instance.bufferTokens.shift()!, instance.link === undefined ? 0 : instance.bufferArrivals.shift()!);
    else instance.idleWorkers.push(workerIndex);
    // A pull consumer that failed silently just moves on; the lease brings the message back.
    if (pulled) this.settledPulled(instance);
    else if (!silent) this.returnCredit(instance);
  }

  /** Decides how the attempt ended and tells the broker; true when the consumer stays silent (no-ack). */
  private settle(worker: Worker, instance: ConsumerInstance, message: Message, token: number): boolean {
    const source = this.options.source;
    const fault = worker.fault;
    if (fault === FAULT_KNOWN_DUPLICATE) {
      this.effects!.avoided(message, instance.id);
      source.ack(instance, message, token);
      return false;
    }
    let failed: FailureKind | '' = '';
    if (fault === FAULT_OUTAGE) failed = 'outage';
    else if (fault === FAULT_CIRCUIT) failed = 'circuit-open';
    else if (this.options.failure !== undefined) {
      if (this.poisonShare > 0 && unitHash(this.poisonSalt, message.id) < this.poisonShare) failed = 'fatal';
      else {
        const u = this.outcomeRng.next();
        if (u < this.fatalProbability) failed = 'fatal';
        else if (u < this.fatalProbability + this.options.failure.probability) failed = 'transient';
      }
    }
    const now = this.ctx.sim.now;
    if (this.breaker !== undefined && fault !== FAULT_CIRCUIT) this.breaker.record(failed === '', now - worker.startedAt);
    this.countAttempt(failed !== '');
    if (failed === '') {
      this.effects?.apply(message, instance.id);
      source.ack(instance, message, token);
      return false;
    }
    this.ctx.tracer.emit('failed', now, message, source.id, this.id, instance.id, failed);
    return this.onFailure(instance, message, token, failed);
  }

  /** Carries out the group's failure action for a failed attempt; true when the consumer stays silent. */
  private onFailure(instance: ConsumerInstance, message: Message, token: number, failed: FailureKind): boolean {
    const source = this.options.source;
    // A refused call is never requeued at once: with a fail-fast at the same instant that would spin.
    const action = failed === 'circuit-open' && this.options.breaker!.whenOpen === 'reject' ? 'reject' : this.failureAction;
    switch (action) {
      case 'ack':
        source.ack(instance, message, token, 'ack-on-failure');
        return false;
      case 'requeue':
        source.nack(instance, message, token, true);
        return false;
      case 'reject':
        source.nack(instance, message, token, false, failed === 'circuit-open' ? 'circuit-open' : 'rejected');
        return false;
      case 'retry':
        this.retry(instance, message, token, failed);
        return false;
      case 'no-ack':
        if (this.options.pull === undefined && message.holder === instance && message.token === token) {
          // Failed silently while the lease is live: the delivery keeps its credit until the lease runs out.
          instance.silent.push(message);
          instance.silentTokens.push(token);
          return true;
        }
        return false;
    }
  }

  /** Retries with backoff, unless the error is fatal, the message used up its retries, or the budget is spent. */
  private retry(instance: ConsumerInstance, message: Message, token: number, failed: FailureKind): void {
    const source = this.options.source;
    const retry = this.options.retry!;
    if (failed === 'fatal') source.nack(instance, message, token, false, 'fatal');
    else if (message.retries >= retry.maxRetries) source.nack(instance, message, token, false, 'retry-limit');
    else if (this.budget !== undefined && !this.budget.tryRetry(this.ctx.sim.now)) source.nack(instance, message, token, false, 'retry-budget');
    else {
      message.retries++;
      message.backoff = retry.backoff.delay(message.retries, message.backoff, this.retryRng);
      source.retryLater(instance, message, token, message.backoff);
    }
  }
}

/** Why an attempt failed (the `failed` record's reason). */
export type FailureKind = 'transient' | 'fatal' | 'outage' | 'circuit-open';
