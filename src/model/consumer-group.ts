import type { Distribution, RandomStream } from '../engine';
import { ConsumerInstance, type Worker } from './consumer-instance';
import type { ModelContext } from './context';
import type { DeliverySource, DeliveryTarget } from './delivery';
import { HANDLER_DONE, HandlerProgram, type HandlerSpec } from './handler';
import type { Message } from './message';

/** What a consumer does when processing a message fails. */
export type FailureAction = 'requeue' | 'reject' | 'no-ack';

export interface FailureModel {
  /** Probability that processing one message fails. */
  probability: number;
  /** requeue: nack with requeue; reject: nack without requeue (DLQ or drop); no-ack: say nothing, so the lease has to expire. */
  action: FailureAction;
}

export interface CrashProcess {
  /** Time an instance runs between crashes. */
  uptime: Distribution;
  /** Time a crashed instance takes to restart. */
  downtime: Distribution;
}

/** Pull consumption (SQS ReceiveMessage, Pub/Sub pull) instead of push with a prefetch window. */
export interface PullOptions {
  /** Most messages one receive returns (>= 1). */
  batchSize: number;
  /** Long poll: seconds a receive waits for a first message when none is ready; 0 for a short poll. */
  waitTime: number;
  /** Seconds an instance sleeps after a short poll came back empty (> 0). */
  pollInterval: number;
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
  private readonly onPollDue = (instanceIndex: number): void => {
    const instance = this.instances[instanceIndex]!;
    instance.pollTimer = -1;
    if (instance.pollState === 'waiting') this.endPoll(instance);
    else this.poll(instance);
  };

  constructor(
    private readonly ctx: ModelContext,
    private readonly options: ConsumerGroupOptions,
  ) {
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
    for (let i = 0; i < options.instances; i++) this.createInstance();
  }

  /** Instances currently taking work. */
  get liveInstances(): number {
    let n = 0;
    for (const instance of this.instances) if (instance.up) n++;
    return n;
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
    instance.pollState = 'granting';
    instance.pollReceived = 0;
    const source = this.options.source;
    // A short poll offers room only for what is ready: room it cannot use now would be void at once, and
    // such void credits would pile up in the broker at every empty poll.
    source.grant(instance, pull.waitTime === 0 ? Math.min(pull.batchSize, source.depth) : pull.batchSize);
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

  /** After a message of the batch is settled: the next receive starts once the whole batch is. */
  private settledPulled(instance: ConsumerInstance): void {
    instance.pullHeld--;
    if (instance.pullHeld === 0 && instance.up) this.poll(instance);
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

  receive(instance: ConsumerInstance, message: Message): void {
    const worker = instance.idleWorkers.pop();
    if (worker === undefined) {
      instance.buffer.push(message);
      instance.bufferTokens.push(message.token);
    } else this.begin(worker, message, message.token);
    if (this.options.pull === undefined) return;
    instance.pollReceived++;
    instance.pullHeld++;
    // A long poll returns as soon as a message arrives.
    if (instance.pollState === 'waiting') this.endPoll(instance);
  }

  leaseEnded(instance: ConsumerInstance, message: Message, token: number): void {
    if (instance.forgetSilent(message, token) && instance.up) this.options.source.releaseCredit(instance);
  }

  /** Crashes instance `index` (0-based): it loses what it holds, which the broker requeues. */
  crash(index: number): void {
    const instance = this.instances[index];
    if (instance === undefined || !instance.up) return;
    const { sim, tracer } = this.ctx;
    // A crash the random process had planned is void: the next one is drawn from the restart.
    if (instance.crashTimer >= 0) sim.cancel(instance.crashTimer);
    instance.crashTimer = -1;
    const held = this.halt(instance);
    tracer.emitInstance('crashed', sim.now, this.options.source.id, this.id, instance.id);
    this.options.source.reclaim(instance, held, 'crash');
    const downtime = this.options.crashes?.downtime;
    if (downtime !== undefined && !instance.removed) sim.schedule(downtime.sample(this.crashRng), this.onRestart, index);
  }

  /** Brings a crashed instance back with an empty prefetch window. */
  restart(index: number): void {
    const instance = this.instances[index];
    if (instance === undefined || instance.up || instance.removed) return;
    instance.up = true;
    this.ctx.tracer.emitInstance('restarted', this.ctx.sim.now, this.options.source.id, this.id, instance.id);
    if (this.options.pull !== undefined) this.poll(instance);
    else this.options.source.grant(instance, this.options.prefetch);
    this.scheduleCrash(instance);
  }

  /**
   * Scales to `count` running instances. New instances join with a full prefetch window; removed
   * ones (the newest first) hand back what they hold and leave.
   */
  scaleTo(count: number): void {
    const { sim, tracer } = this.ctx;
    const active = this.instances.filter((instance) => !instance.removed);
    const added: ConsumerInstance[] = [];
    for (let n = active.length; n < count; n++) {
      const instance = this.createInstance();
      added.push(instance);
      tracer.emitInstance('scaled', sim.now, this.options.source.id, this.id, instance.id, 'up');
    }
    this.grantRoundRobin(added);
    for (const instance of added) this.scheduleCrash(instance);
    for (let i = active.length - 1; i >= count; i--) {
      const instance = active[i]!;
      instance.removed = true;
      tracer.emitInstance('scaled', sim.now, this.options.source.id, this.id, instance.id, 'down');
      if (!instance.up) continue;
      this.options.source.reclaim(instance, this.halt(instance), 'scale-in');
    }
  }

  /** Stops an instance at once: cancels its work and empties it. Returns what it held. */
  private halt(instance: ConsumerInstance): { message: Message; token: number }[] {
    const held = instance.held();
    instance.up = false;
    for (const worker of instance.workers) {
      if (worker.completion >= 0) this.ctx.sim.cancel(worker.completion);
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
    instance.silent.length = 0;
    instance.silentTokens.length = 0;
    if (instance.pollTimer >= 0) this.ctx.sim.cancel(instance.pollTimer);
    instance.pollTimer = -1;
    instance.pollState = 'idle';
    instance.pullHeld = 0;
    return held;
  }

  private createInstance(): ConsumerInstance {
    const index = this.instances.length;
    const instance = new ConsumerInstance(this, index, `${this.options.id}#${index + 1}`);
    for (let c = 0; c < this.options.concurrency; c++) {
      const worker: Worker = { instance, message: undefined, token: 0, completion: -1, step: 0 };
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

  private begin(workerIndex: number, message: Message, token: number): void {
    const worker = this.workers[workerIndex]!;
    worker.message = message;
    worker.token = token;
    const handler = this.handler;
    const sim = this.ctx.sim;
    if (handler === undefined) worker.completion = sim.schedule(this.processing!.sample(this.processingRng), this.onComplete, workerIndex);
    else if (!handler.usesLoop) worker.completion = sim.schedule(handler.duration(this.handlerRng), this.onComplete, workerIndex);
    else {
      // Blocking calls contend for the instance's loop, so the handler runs step by step in event order.
      worker.step = 0;
      worker.completion = sim.scheduleAt(handler.advance(worker, worker.instance, sim.now, this.handlerRng), this.onHandlerStep, workerIndex);
    }
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
    const source = this.options.source;
    const failure = this.options.failure;
    const pulled = this.options.pull !== undefined;
    let silent = false;
    if (failure === undefined || this.outcomeRng.next() >= failure.probability) source.ack(instance, message, token);
    else if (failure.action !== 'no-ack') source.nack(instance, message, token, failure.action === 'requeue');
    else if (!pulled && message.holder === instance && message.token === token) {
      // Failed silently while the lease is live: the delivery keeps its credit until the lease runs out.
      instance.silent.push(message);
      instance.silentTokens.push(token);
      silent = true;
    }
    // A buffered delivery takes the worker before the freed credit brings a new one.
    const next = instance.buffer.shift();
    if (next !== undefined) this.begin(workerIndex, next, instance.bufferTokens.shift()!);
    else instance.idleWorkers.push(workerIndex);
    // A pull consumer that failed silently just moves on; the lease brings the message back.
    if (pulled) this.settledPulled(instance);
    else if (!silent) source.releaseCredit(instance);
  }
}
