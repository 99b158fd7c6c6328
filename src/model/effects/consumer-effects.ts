import type { ModelContext } from '../context';
import type { Message } from '../message';
import { AppliedSet } from './applied-set';
import { IdempotencyStore } from './idempotency-store';
import { KeyState, type OrderingRemedy } from './key-state';

/** An idempotency store in front of the side effect. */
export interface IdempotencyOptions {
  /** message-id: the broker's message id (a producer's repeat publish has a new one); business-key: the message's origin, the same for every repeat. */
  key: 'message-id' | 'business-key';
  /** Seconds a key is remembered. */
  ttl: number;
  /** Seconds one lookup takes, added to the processing of every message. */
  lookupLatency: number;
}

export interface ConsumerEffectsOptions {
  /** The side effect each processed message has (a charge, an e-mail), counted; with `idempotency`, guarded. */
  sideEffect?: { idempotency?: IdempotencyOptions | undefined } | undefined;
  /** Per-key state updated by each keyed message, and the ordering remedy. */
  ordering?: { remedy: OrderingRemedy } | undefined;
}

/**
 * What processing a message does to the world beyond the broker: a side effect that must happen once
 * per business event, and per-key state that must end at the last version. It emits one trace record
 * per effect so the report can count applied, duplicated and avoided side effects, and out-of-order
 * and stale updates:
 * - `effect` (reason applied | duplicate | avoided): the side effect ran, ran again for an event it
 *   had already run for, or was skipped because the idempotency store knew the key;
 * - `state` (reason in-order | out-of-order | stale) with `offset` the message's version and
 *   `attempt` its key's number: the update was applied, applied over a newer one, or skipped.
 */
export class ConsumerEffects {
  /** The store consulted now: undefined without one, or while it is switched off (setIdempotency). */
  private store: IdempotencyStore | undefined;
  /** The group's store, on or off, with its settings; undefined until one is configured or switched on. */
  private idempotency: { store: IdempotencyStore; options: IdempotencyOptions } | undefined;
  private storeKey: 'message-id' | 'business-key';
  private readonly applied: AppliedSet | undefined;
  private readonly state: KeyState | undefined;
  /** Seconds of store lookup each message pays before its handler (0 while no store is consulted). */
  lookupLatency: number;

  constructor(
    private readonly ctx: ModelContext,
    private readonly where: { broker: string; group: string },
    options: ConsumerEffectsOptions,
  ) {
    const idempotency = options.sideEffect?.idempotency;
    this.storeKey = 'business-key';
    this.lookupLatency = 0;
    if (idempotency !== undefined) this.useStore(idempotency);
    this.applied = options.sideEffect && new AppliedSet();
    this.state = options.ordering && new KeyState(options.ordering.remedy);
  }

  /** Whether processing has a side effect (whose idempotency store setIdempotency can switch). */
  get hasSideEffect(): boolean {
    return this.applied !== undefined;
  }

  /**
   * Switches the idempotency store off (no lookups, no writes, no lookup latency: duplicates apply their
   * side effect again) or on (keys it holds from before stay until their ttl runs out). Switched on
   * without a configured store, it creates one with `defaults`. Throws a RangeError without a side effect.
   */
  setIdempotency(enabled: boolean, defaults: IdempotencyOptions): void {
    if (this.applied === undefined) throw new RangeError('the idempotency store guards a side effect, and this consumer has none');
    if (!enabled) {
      this.store = undefined;
      this.lookupLatency = 0;
      return;
    }
    this.useStore(this.idempotency?.options ?? defaults);
  }

  /** Consults the store of `options` from now on (the one already built, if any). */
  private useStore(options: IdempotencyOptions): void {
    if (!(options.lookupLatency >= 0) || !Number.isFinite(options.lookupLatency)) {
      throw new RangeError(`idempotency.lookupLatency must be a finite number of seconds >= 0, got ${options.lookupLatency}`);
    }
    this.idempotency ??= { store: new IdempotencyStore(options.ttl), options };
    this.store = this.idempotency.store;
    this.storeKey = options.key;
    this.lookupLatency = options.lookupLatency;
  }

  /** True when the idempotency store already holds `message`'s key at `now`: its processing is skipped. */
  isKnownDuplicate(message: Message, now: number): boolean {
    return this.store !== undefined && this.store.has(this.keyOf(message), now);
  }

  /**
   * `message` was processed successfully by `consumer`: its side effect and state update happen now,
   * unless the idempotency store already holds its key (then the side effect is avoided). The store is
   * consulted twice: before processing, to skip known duplicates cheaply, and here, atomically with the
   * effect, which is what makes it safe when two deliveries of one message are processed at once.
   */
  apply(message: Message, consumer: string): void {
    const { tracer, sim } = this.ctx;
    const { broker, group } = this.where;
    if (this.store !== undefined && this.store.has(this.keyOf(message), sim.now)) {
      // The key was written while this message was being processed (a redelivery raced the first
      // attempt): the check-and-apply at the end is one transaction, so the second one is skipped.
      this.avoided(message, consumer);
      return;
    }
    if (this.applied !== undefined) {
      const again = this.applied.markApplied(message.origin);
      this.store?.put(this.keyOf(message), sim.now);
      tracer.emit('effect', sim.now, message, broker, group, consumer, again ? 'duplicate' : 'applied');
    }
    if (this.state !== undefined && message.keyId >= 0) {
      const outcome = this.state.apply(message.keyId, message.version, message.publishedAt);
      tracer.emitState(sim.now, message, broker, group, consumer, outcome, message.keyId, message.version);
    }
  }

  /** `message` was skipped as a known duplicate: record the side effect it avoided. */
  avoided(message: Message, consumer: string): void {
    this.ctx.tracer.emit('effect', this.ctx.sim.now, message, this.where.broker, this.where.group, consumer, 'avoided');
  }

  private keyOf(message: Message): number {
    return this.storeKey === 'message-id' ? message.id : message.origin;
  }
}
