import type { Distribution, RandomStream } from '../../engine';
import type { Broker } from '../broker';
import type { ModelContext } from '../context';
import { Deque } from '../deque';
import { ConfirmWindow } from './confirm-window';
import type { FlowGate, ThrottleReason } from './gate';
import { checkFlowOptions, DEFAULT_CONFIRM_TIMEOUT, type FlowControlOptions, type WhenFull } from './options';
import { copyMessage, type Message } from '../message';
import { hasRoomSignal } from './room-signal';
import { TokenBucket } from './token-bucket';

/** How one publish attempt ended. */
const enum Attempt {
  /** Published, or refused for good: the message leaves the backlog. */
  Done,
  /** Held back by a gate or a full broker; it stays (or goes) in the backlog. */
  Held,
}

/**
 * A producer's flow control: the gates a publish must pass (a token bucket, the confirm window), a
 * FIFO backlog where held-back messages wait, waiting for room in a full broker (whenFull 'block'),
 * and publisher confirms, whose loss makes the producer publish the message again.
 *
 * Waking up costs no polling: a rate-limited backlog wakes at the exact time its next token appears,
 * a full confirm window when a confirm arrives or times out, and a blocked one when the broker
 * signals room (deferred to an event of its own, so the producer never publishes from inside the broker).
 *
 * Records (see trace.ts): `throttled` when a message enters the backlog; `published` when it goes out
 * (`reason` 'retry' and `attempt` n for the n-th repeat of a publish whose confirm was lost);
 * `rejected` when the broker refuses it for good, when the backlog is full ('producer-backlog'),
 * or when an idempotent broker discards a repeat ('duplicate').
 */
export class Outbox {
  private readonly backlog = new Deque<Message>();
  private readonly gates: FlowGate[] = [];
  private readonly window: ConfirmWindow | undefined;
  private whenFull: WhenFull;
  private maxBacklog: number;
  /** Whether it listens to the target's room signal (from the first time whenFull is 'block'). */
  private listening = false;
  private readonly idempotent: boolean;
  private readonly confirmLatency: Distribution | undefined;
  private readonly lossProbability: number;
  private readonly confirmTimeout: number;
  private readonly latencyRng: RandomStream;
  private readonly lossRng: RandomStream;
  /** Why the head of the backlog waits; '' while the backlog is empty. */
  private waiting: ThrottleReason | '' = '';
  private wakeTimer = -1;
  private wakeAt = Infinity;
  /** Publishes whose confirm was lost, by message id, until their timeout. */
  private readonly unconfirmed = new Map<number, Message>();
  /** Which repeat of its origin each of those was (absent for a first publish). */
  private readonly unconfirmedRepeat = new Map<number, number>();
  /** Repeats not yet out, by message id → which repeat of their origin they are (1, 2, …). */
  private readonly repeats = new Map<number, number>();
  private readonly onWake = (): void => {
    this.wakeTimer = -1;
    this.wakeAt = Infinity;
    this.drain();
  };
  private readonly onConfirm = (): void => this.confirmed();
  private readonly onTimeout = (id: number): void => this.timedOut(id);
  private readonly onRoom = (): void => {
    if (this.waiting === 'blocked') this.wakeBy(this.ctx.sim.now);
  };

  constructor(
    private readonly ctx: ModelContext,
    producerId: string,
    private readonly target: Broker,
    options: FlowControlOptions,
  ) {
    checkFlowOptions(options);
    this.whenFull = options.whenFull ?? 'fail';
    this.maxBacklog = options.maxBacklog ?? Infinity;
    this.idempotent = options.idempotent ?? false;
    if (options.rateLimit !== undefined) this.gates.push(new TokenBucket(options.rateLimit));
    const confirms = options.confirms;
    if (confirms !== undefined) {
      this.window = new ConfirmWindow(confirms.maxOutstanding);
      this.gates.push(this.window);
    }
    this.confirmLatency = confirms?.latency;
    this.lossProbability = confirms?.lossProbability ?? 0;
    this.confirmTimeout = confirms?.timeout ?? DEFAULT_CONFIRM_TIMEOUT;
    this.latencyRng = ctx.random.stream(`producer:${producerId}:confirm-latency`);
    this.lossRng = ctx.random.stream(`producer:${producerId}:confirm-loss`);
    if (this.whenFull === 'block') this.listen();
  }

  /**
   * Changes flow control from now on (Producer.setFlow; every field left out keeps its value, and
   * the options were checked there):
   * - whenFull 'block' → 'fail': what waits for room is tried again now, in order: published where the
   *   queue has room, rejected ('maxlen') where it is still full. 'fail' → 'block': refusals from now on wait.
   * - rateLimit: a new bucket, full, takes the old one's place; null removes the limit. What waited for
   *   a token is tried again now.
   * - maxBacklog: messages already waiting keep their place; a new one is refused ('producer-backlog')
   *   while the backlog is at the new bound or above. null: unbounded.
   */
  reconfigure(change: { whenFull?: WhenFull | undefined; rateLimit?: TokenBucket | null | undefined; maxBacklog?: number | null | undefined }): void {
    if (change.whenFull === 'block') this.listen();
    if (change.whenFull !== undefined) this.whenFull = change.whenFull;
    if (change.maxBacklog !== undefined) this.maxBacklog = change.maxBacklog ?? Infinity;
    if (change.rateLimit !== undefined) {
      const at = this.gates.findIndex((gate) => gate.reason === 'rate-limit');
      if (at >= 0) this.gates.splice(at, 1);
      // The rate limit comes before the confirm window, as when both are set from the start.
      if (change.rateLimit !== null) this.gates.unshift(change.rateLimit);
    }
    // Whatever the backlog waits for may have changed: try it now (a gate still closed holds it again).
    if (this.backlog.length > 0) this.drain();
  }

  /** Starts listening for room in the target (whenFull 'block'); a target without a room signal cannot block. */
  private listen(): void {
    if (this.listening) return;
    const target = this.target;
    if (!hasRoomSignal(target)) {
      throw new RangeError(`whenFull 'block' needs a target that signals room (a queue); "${target.id}" is a ${target.kind}`);
    }
    target.onRoom(this.onRoom);
    this.listening = true;
  }

  /** Messages waiting in the producer's backlog now. */
  get backlogLength(): number {
    return this.backlog.length;
  }

  /** Publishes awaiting their confirm now (0 without confirms). */
  get outstanding(): number {
    return this.window?.outstanding ?? 0;
  }

  /** Takes a new message (published at now): out at once if nothing holds it back, else into the backlog. */
  offer(message: Message): void {
    if (this.backlog.length > 0 || this.attempt(message) === Attempt.Held) this.hold(message, false);
  }

  /** Tries the backlog from its head until something holds the head back. */
  private drain(): void {
    for (;;) {
      const head = this.backlog.peek();
      if (head === undefined) break;
      if (this.attempt(head) === Attempt.Held) return;
      this.backlog.shift();
    }
    this.waiting = '';
  }

  /** One try to publish `message` now; on Held, `waiting` says why and a wake-up is arranged. */
  private attempt(message: Message): Attempt {
    const now = this.ctx.sim.now;
    const gates = this.gates;
    for (let i = 0; i < gates.length; i++) {
      const gate = gates[i]!;
      if (!gate.admits(now)) {
        this.waiting = gate.reason;
        const opensAt = gate.opensAt(now);
        if (opensAt !== Infinity) this.wakeBy(opensAt);
        return Attempt.Held;
      }
    }
    const { tracer } = this.ctx;
    const target = this.target;
    const repeat = this.repeats.size > 0 ? (this.repeats.get(message.id) ?? 0) : 0;
    if (repeat > 0 && this.idempotent) {
      // The broker already has this origin: it confirms the repeat and discards it.
      this.repeats.delete(message.id);
      this.send(now);
      tracer.emitPublish('rejected', now, message, target.id, 'duplicate', repeat);
      this.awaitConfirm(message, repeat);
      return Attempt.Done;
    }
    const refusal = target.refusal(message);
    if (refusal !== undefined) {
      // Only a full queue is waited out: its room signal says when to try again. A size refusal never
      // changes, and a broker that is down gives no signal when it is back.
      if (refusal === 'maxlen' && this.whenFull === 'block') {
        this.waiting = 'blocked';
        return Attempt.Held;
      }
      if (repeat > 0) this.repeats.delete(message.id);
      tracer.emitPublish('rejected', now, message, target.id, refusal, repeat);
      return Attempt.Done;
    }
    this.send(now);
    const out = message.publishedAt === now ? message : copyMessage(message, message.id, now);
    if (repeat > 0) this.repeats.delete(message.id);
    tracer.emitPublish('published', now, out, target.id, repeat > 0 ? 'retry' : '', repeat);
    target.accept(out);
    this.awaitConfirm(out, repeat);
    return Attempt.Done;
  }

  /** A publish goes out: every gate takes its share. */
  private send(now: number): void {
    const gates = this.gates;
    for (let i = 0; i < gates.length; i++) gates[i]!.take(now);
  }

  /** Puts `message` in the backlog (at the front for a repeat), unless the backlog is full. */
  private hold(message: Message, front: boolean): void {
    const { tracer, sim } = this.ctx;
    const repeat = this.repeats.size > 0 ? (this.repeats.get(message.id) ?? 0) : 0;
    // A repeat moves from the confirm window back to the backlog; it is not new work, so it is never refused room.
    if (!front && this.backlog.length >= this.maxBacklog) {
      tracer.emitPublish('rejected', sim.now, message, this.target.id, 'producer-backlog', repeat);
      return;
    }
    if (front) this.backlog.unshift(message);
    else this.backlog.push(message);
    tracer.emitPublish('throttled', sim.now, message, this.target.id, this.waiting, repeat);
  }

  /** Starts waiting for the confirm of `message` (the `repeat`-th repeat of its origin, 0 for a first publish). */
  private awaitConfirm(message: Message, repeat: number): void {
    if (this.window === undefined) return;
    const sim = this.ctx.sim;
    if (this.lossProbability > 0 && this.lossRng.next() < this.lossProbability) {
      this.unconfirmed.set(message.id, message);
      if (repeat > 0) this.unconfirmedRepeat.set(message.id, repeat);
      sim.schedule(this.confirmTimeout, this.onTimeout, message.id);
      return;
    }
    sim.schedule(this.confirmLatency!.sample(this.latencyRng), this.onConfirm, 0);
  }

  private confirmed(): void {
    this.window!.release();
    if (this.waiting === 'confirms') this.drain();
  }

  /** No confirm came for message `id`: the producer publishes it again, as a new message with the same origin. */
  private timedOut(id: number): void {
    const lost = this.unconfirmed.get(id)!;
    const earlierRepeats = this.unconfirmedRepeat.get(id) ?? 0;
    this.unconfirmed.delete(id);
    this.unconfirmedRepeat.delete(id);
    this.window!.release();
    const now = this.ctx.sim.now;
    const repeat = copyMessage(lost, this.ctx.nextMessageId(), now);
    this.repeats.set(repeat.id, earlierRepeats + 1);
    // The repeat goes ahead of the backlog, but only through a gate that is open for the head too.
    const headFree = this.backlog.length === 0 || this.waiting === 'confirms';
    if (!headFree || this.attempt(repeat) === Attempt.Held) {
      this.hold(repeat, true);
      return;
    }
    if (this.backlog.length > 0) this.drain();
  }

  /** Makes sure a wake-up happens no later than `at`. */
  private wakeBy(at: number): void {
    if (this.wakeTimer >= 0) {
      if (this.wakeAt <= at) return;
      this.ctx.sim.cancel(this.wakeTimer);
    }
    this.wakeAt = at;
    this.wakeTimer = this.ctx.sim.scheduleAt(at, this.onWake);
  }
}
