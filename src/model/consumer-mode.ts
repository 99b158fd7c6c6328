import type { ConsumerInstance } from './consumer-instance';
import type { ModelContext } from './context';
import type { Deque } from './deque';

/**
 * Which of the consumer instances attached to a queue receive its deliveries.
 * - competing: every instance with a free credit (the default; RabbitMQ, SQS, Pulsar shared).
 * - single-active: one at a time, the earliest attached that is alive; the others stand by and the next
 *   takes over when it leaves (RabbitMQ x-single-active-consumer, Pulsar failover on one partition).
 * - exclusive: the first instance to attach owns the queue; every other instance is refused for good
 *   (Pulsar exclusive, its default subscription type: a second consumer gets an error).
 */
export type ConsumerMode = 'competing' | 'single-active' | 'exclusive';

export const CONSUMER_MODES: readonly ConsumerMode[] = ['competing', 'single-active', 'exclusive'];

/**
 * Why an instance became the one a queue delivers to (a `consumer-active` record's reason): 'attached'
 * when the queue had no active consumer (the first one, or an exclusive owner back after a restart),
 * 'failover' when the active one left and this standby took over.
 */
export type ActivationReason = 'attached' | 'failover';

/**
 * The admission side of a single-active or exclusive queue (a competing queue has none). The queue asks
 * it, for each credit an instance offers, whether the credit may be used now; the credits of standby
 * instances wait here, counted in their `queuedCredits` as if queued, until they become active.
 *
 * Invariant the queue relies on: its credit deque holds credits of the active instance only, so the
 * deque needs no filtering when it hands out a credit.
 *
 * An instance attaches with its first credit while up and detaches when the queue reclaims it (a crash
 * or scale-in). A restarted instance attaches anew, behind the ones already waiting. In exclusive mode
 * the owner keeps the queue through crashes (it is admitted again on restart, as a client reconnecting
 * with the same name is); only leaving the group for good (scale-in) frees the queue for the next
 * instance to attach that was never refused. Refused instances stay refused.
 */
export class ConsumerAdmission {
  /** Single-active: attached live instances in attach order; the first is the active one. */
  private readonly attached: ConsumerInstance[] = [];
  /** Credits each standby instance has offered (part of its queuedCredits, some possibly stale). */
  private readonly standby = new Map<ConsumerInstance, number>();
  private readonly refused = new Set<ConsumerInstance>();
  private owner: ConsumerInstance | undefined;
  private active: ConsumerInstance | undefined;
  private activations = 0;

  constructor(
    private readonly ctx: ModelContext,
    private readonly queueId: string,
    readonly mode: Exclude<ConsumerMode, 'competing'>,
  ) {}

  /** Distinct instances refused so far (exclusive). */
  get refusedCount(): number {
    return this.refused.size;
  }

  /** Times an instance became the active one (the first attach included). */
  get activationCount(): number {
    return this.activations;
  }

  /** The instance receiving deliveries now, if any. */
  get current(): ConsumerInstance | undefined {
    return this.active;
  }

  /**
   * `instance` (up) offers one credit. True: it is the active instance and the queue uses the credit.
   * False: the credit is held here (a standby) or thrown away (a refused instance).
   */
  admit(instance: ConsumerInstance): boolean {
    if (instance === this.active) return true;
    if (this.mode === 'exclusive') return this.admitExclusive(instance);
    if (!this.attached.includes(instance)) {
      this.attached.push(instance);
      if (this.active === undefined) {
        this.activate(instance, 'attached');
        return true;
      }
    }
    this.holdCredit(instance);
    return false;
  }

  private admitExclusive(instance: ConsumerInstance): boolean {
    if (this.refused.has(instance)) return false;
    if (this.owner === undefined) this.owner = instance;
    if (instance === this.owner) {
      this.activate(instance, 'attached');
      return true;
    }
    this.refused.add(instance);
    this.ctx.tracer.emitInstance('consumer-refused', this.ctx.sim.now, this.queueId, instance.group.id, instance.id, 'exclusive');
    return false;
  }

  /** A standby's credit waits here; credits it has since withdrawn (stale) are cancelled first. */
  private holdCredit(instance: ConsumerInstance): void {
    const held = this.standby.get(instance) ?? 0;
    const cancelled = Math.min(held, instance.staleCredits);
    instance.staleCredits -= cancelled;
    instance.queuedCredits -= cancelled;
    this.standby.set(instance, held - cancelled + 1);
    instance.queuedCredits++;
  }

  /**
   * `instance` was reclaimed (crashed or scaled in; its credits are all stale by now). Its credits here
   * and in `credits` (the queue's deque, all the active one's) are forgotten. Returns the instance that
   * takes over and how many live credits it had waiting, which the queue must offer again; or undefined.
   */
  detach(instance: ConsumerInstance, credits: Deque<ConsumerInstance>): { next: ConsumerInstance; credits: number } | undefined {
    this.forgetStandby(instance);
    if (this.mode === 'exclusive' && instance === this.owner && instance.removed) this.owner = undefined;
    const at = this.attached.indexOf(instance);
    if (at >= 0) this.attached.splice(at, 1);
    if (instance !== this.active) return undefined;
    for (let c = credits.shift(); c !== undefined; c = credits.shift()) {
      c.queuedCredits--;
      if (c.staleCredits > 0) c.staleCredits--;
    }
    this.active = undefined;
    const next = this.attached[0];
    if (next === undefined) return undefined;
    const live = this.forgetStandby(next);
    this.activate(next, 'failover');
    return { next, credits: live };
  }

  /** Drops `instance`'s held credits from its counts; returns how many of them were live. */
  private forgetStandby(instance: ConsumerInstance): number {
    const held = this.standby.get(instance);
    if (held === undefined) return 0;
    this.standby.delete(instance);
    const stale = Math.min(held, instance.staleCredits);
    instance.staleCredits -= stale;
    instance.queuedCredits -= held;
    return held - stale;
  }

  private activate(instance: ConsumerInstance, reason: ActivationReason): void {
    this.active = instance;
    this.activations++;
    this.ctx.tracer.emitInstance('consumer-active', this.ctx.sim.now, this.queueId, instance.group.id, instance.id, reason);
  }
}
