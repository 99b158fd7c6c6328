import type { RandomStream } from '../engine';
import { checkMaxMessageBytes, sizeRefusal, type Broker, type RejectReason } from './broker';
import type { ModelContext } from './context';
import { copyMessage, type Message } from './message';
import { MessageFilter, type MessageFilterSpec } from './message-filter';
import type { QueueBroker } from './queue-broker';
import { backoffWait, jitteredWait, resolveRetryPolicy, type RetryPolicy, type RetryPolicyOptions } from './retry-policy';

export interface BusTargetOptions {
  /** Where matching events go: a queue, a topic or a stream (not another bus, so routing cannot loop). */
  target: Broker;
  /** How refusals by the target are retried; fields left out take {@link DEFAULT_RETRY_POLICY}'s values. */
  retry?: RetryPolicyOptions;
  /** Where an event goes when the bus gives up on this target; without one it is dropped. */
  deadLetter?: QueueBroker;
}

export interface BusRuleOptions {
  id: string;
  /** Which events the rule matches; `{}` matches every event. */
  pattern: MessageFilterSpec;
  /** Each target gets its own copy of every matching event. */
  targets: readonly BusTargetOptions[];
}

export interface EventBusOptions {
  id: string;
  /** Largest event the bus takes, in bytes (EventBridge: 256 KiB); undefined for no limit. */
  maxMessageBytes?: number | undefined;
  /** Evaluated in order for every event; every matching rule routes it, not just the first. */
  rules: readonly BusRuleOptions[];
}

/** How a bus (rule, target) pair has fared. Counters grow as events arrive. */
export interface BusTarget {
  /** The target broker's id; trace records name the target by it (`consumer`). */
  readonly id: string;
  readonly ruleId: string;
  readonly broker: Broker;
  readonly retry: RetryPolicy;
  readonly deadLetter: QueueBroker | undefined;
  /** Copies made for this target (a `routed` record each). */
  readonly routed: number;
  /** Copies the target accepted, at the first try or a retry. */
  readonly delivered: number;
  /** Retries scheduled (a `retrying` record each). */
  readonly retried: number;
  /** Copies moved to the dead-letter queue after the bus gave up. */
  readonly deadLettered: number;
  /** Copies lost after the bus gave up: no dead-letter queue, or it refused them. */
  readonly dropped: number;
  /** Copies waiting for a retry right now. routed = delivered + deadLettered + dropped + waiting. */
  readonly waiting: number;
}

/** One rule of a bus and how often it matched. */
export interface BusRule {
  readonly id: string;
  readonly pattern: MessageFilter;
  /** Events the pattern matched. */
  readonly matched: number;
  readonly targets: readonly BusTarget[];
}

interface TargetState {
  id: string;
  ruleId: string;
  broker: Broker;
  retry: RetryPolicy;
  deadLetter: QueueBroker | undefined;
  routed: number;
  delivered: number;
  retried: number;
  deadLettered: number;
  dropped: number;
  waiting: number;
}

interface RuleState {
  id: string;
  pattern: MessageFilter;
  matched: number;
  targets: TargetState[];
}

/** A copy a target refused, waiting for its next try. */
interface PendingRetry {
  readonly copy: Message;
  readonly target: TargetState;
  /** When the bus received the event: its age counts from here. */
  readonly receivedAt: number;
  /** Number of the next try (the first try is 1). */
  attempt: number;
  /** Seconds waited before the scheduled retry, which the next backoff grows from. */
  delay: number;
}

/** Why the bus gave up on a target. */
export type GiveUpReason = 'retries-exhausted' | 'max-event-age' | 'oversize';

/**
 * An event bus (Amazon EventBridge, Azure Event Grid): each event is matched against every rule in
 * order, and each matching rule sends its own copy to each of its targets. An event no rule matches
 * is counted as unmatched. The bus itself never refuses an event.
 *
 * A target that refuses a copy (a full queue under reject-publish) is retried with exponential
 * backoff; the bus gives up when the policy's retries are used up or the next retry would come after
 * the event's maximum age, and then moves the copy to the target's dead-letter queue, or drops it.
 *
 * Trace records (broker = the bus; consumer = the target broker's id):
 * - `routed` (reason = rule id) when a rule sends a copy to a target; a target that accepts it at once
 *   records its own `enqueued`/`delayed`/`appended` (or a topic its `routed`/`filtered`) next;
 * - `retrying` (reason = rule id, attempt = number of the next try, 2 for the first retry) when the
 *   target refused; at the retry time a target that accepts records its own records, with no bus record;
 * - `dead-lettered` (reason: retries-exhausted | max-event-age), followed by the DLQ's `enqueued`;
 * - `dropped` (reason: retries-exhausted | max-event-age, or dead-letter-refused when the DLQ was full);
 * - `unmatched` (consumer '') when no rule matched.
 */
export class EventBus implements Broker {
  readonly kind = 'bus';
  readonly id: string;
  /** Largest message taken, in bytes; undefined for no limit. */
  readonly maxMessageBytes: number | undefined;
  private readonly ruleList: RuleState[];
  private acceptedCount = 0;
  private matchedCount = 0;
  private unmatchedCount = 0;
  /** Refused copies by retry id: the retry event carries only that number. */
  private readonly pending = new Map<number, PendingRetry>();
  private nextRetryId = 0;
  private readonly onRetry = (retryId: number): void => this.retry(retryId);
  /** Draws the jitter of retry waits. */
  private readonly retryRng: RandomStream;

  /** Validates the options; throws a RangeError naming the bad field. */
  constructor(
    private readonly ctx: ModelContext,
    options: EventBusOptions,
  ) {
    if (typeof options?.id !== 'string' || options.id === '') throw new RangeError(`bus id must be a non-empty string, got ${JSON.stringify(options?.id)}`);
    this.id = options.id;
    this.retryRng = ctx.random.stream(`bus:${options.id}:retry`);
    this.maxMessageBytes = checkMaxMessageBytes(options.maxMessageBytes, `bus '${options.id}'`);
    if (!Array.isArray(options.rules)) throw new RangeError(`bus '${this.id}': rules must be a list`);
    const ruleIds = new Set<string>();
    this.ruleList = options.rules.map((rule, i) => {
      const where = `bus '${this.id}' rules[${i}]`;
      if (typeof rule?.id !== 'string' || rule.id === '') throw new RangeError(`${where}.id must be a non-empty string, got ${JSON.stringify(rule?.id)}`);
      if (ruleIds.has(rule.id)) throw new RangeError(`${where}.id '${rule.id}' is already the id of another rule`);
      ruleIds.add(rule.id);
      const targetList: readonly BusTargetOptions[] = rule.targets;
      if (!Array.isArray(targetList as unknown)) throw new RangeError(`${where}.targets must be a list`);
      const brokers = new Set<Broker>();
      const targets = targetList.map((t, j) => this.compileTarget(t, rule.id, brokers, `${where}.targets[${j}]`));
      return { id: rule.id, pattern: new MessageFilter(rule.pattern, `${where}.pattern`), matched: 0, targets };
    });
  }

  /** The rules in evaluation order, with their counts. */
  get rules(): readonly BusRule[] {
    return this.ruleList;
  }

  /** Events published to the bus. */
  get accepted(): number {
    return this.acceptedCount;
  }

  /** Events at least one rule matched. accepted = matched + unmatched. */
  get matched(): number {
    return this.matchedCount;
  }

  /** Events no rule matched (an `unmatched` record each). */
  get unmatched(): number {
    return this.unmatchedCount;
  }

  /** Copies waiting for a retry, over all targets. */
  get pendingRetries(): number {
    return this.pending.size;
  }

  /** An event bus accepts every event up to its size limit; targets that refuse are retried. */
  refusal(message?: Message): RejectReason | undefined {
    return sizeRefusal(message, this.maxMessageBytes);
  }

  accept(message: Message): void {
    this.acceptedCount++;
    let matchedAny = false;
    const rules = this.ruleList;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (!rule.pattern.matches(message)) continue;
      matchedAny = true;
      rule.matched++;
      const targets = rule.targets;
      for (let j = 0; j < targets.length; j++) this.route(rule, targets[j]!, message);
    }
    if (matchedAny) this.matchedCount++;
    else {
      this.unmatchedCount++;
      this.ctx.tracer.emit('unmatched', this.ctx.sim.now, message, this.id);
    }
  }

  private compileTarget(options: BusTargetOptions, ruleId: string, seen: Set<Broker>, where: string): TargetState {
    const broker = options?.target;
    if (broker === undefined || typeof broker.id !== 'string' || typeof broker.accept !== 'function') {
      throw new RangeError(`${where}.target must be a broker (a queue, topic or stream)`);
    }
    if (broker.kind === 'bus') throw new RangeError(`${where}.target '${broker.id}' is a bus; targets must be a queue, topic or stream, so that routing cannot loop`);
    if (seen.has(broker)) throw new RangeError(`${where}.target '${broker.id}' is already a target of rule '${ruleId}'`);
    seen.add(broker);
    const deadLetter = options.deadLetter;
    if (deadLetter !== undefined) {
      if (deadLetter.kind !== 'queue') throw new RangeError(`${where}.deadLetter must be a queue`);
      if ((deadLetter as Broker) === broker) throw new RangeError(`${where}.deadLetter must not be the target '${broker.id}' itself`);
    }
    return {
      id: broker.id,
      ruleId,
      broker,
      retry: resolveRetryPolicy(options.retry, `${where}.retry`),
      deadLetter,
      routed: 0,
      delivered: 0,
      retried: 0,
      deadLettered: 0,
      dropped: 0,
      waiting: 0,
    };
  }

  private route(rule: RuleState, target: TargetState, message: Message): void {
    const { tracer, sim } = this.ctx;
    target.routed++;
    tracer.emit('routed', sim.now, message, this.id, '', target.id, rule.id);
    const copy = copyMessage(message);
    if (this.offer(target, copy)) return;
    // A target that is too small for the event will never take it: retrying would only wait.
    if (target.broker.refusal(copy) === 'oversize') {
      this.giveUp({ copy, target, receivedAt: sim.now, attempt: 1, delay: 0 }, 'oversize');
      return;
    }
    this.retryOrGiveUp({ copy, target, receivedAt: sim.now, attempt: 1, delay: 0 });
  }

  /** Hands `copy` to the target if it takes it now. */
  private offer(target: TargetState, copy: Message): boolean {
    const broker = target.broker;
    if (broker.refusal(copy) !== undefined) return false;
    target.delivered++;
    broker.accept(copy);
    return true;
  }

  /** The target just refused try number `pending.attempt`: schedule the next one, or give up. */
  private retryOrGiveUp(pending: PendingRetry): void {
    const { tracer, sim } = this.ctx;
    const { target, copy } = pending;
    const policy = target.retry;
    if (pending.attempt > policy.attempts) {
      this.giveUp(pending, 'retries-exhausted');
      return;
    }
    const wait = backoffWait(policy.backoff, pending.attempt, pending.delay);
    const delay = policy.backoff.jitter === 'none' ? wait : jitteredWait(policy.backoff.jitter, wait, this.retryRng.next());
    if (sim.now + delay - pending.receivedAt > policy.maxEventAge) {
      this.giveUp(pending, 'max-event-age');
      return;
    }
    pending.attempt++;
    // The next wait grows from this one before jitter, as the policy's table and multiplier describe.
    pending.delay = wait;
    target.retried++;
    target.waiting++;
    // The record's attempt is read from `deliveries`; the copy has been delivered nowhere, so it goes back to 0.
    copy.deliveries = pending.attempt;
    tracer.emit('retrying', sim.now, copy, this.id, '', target.id, target.ruleId);
    copy.deliveries = 0;
    const retryId = this.nextRetryId++;
    this.pending.set(retryId, pending);
    sim.schedule(delay, this.onRetry, retryId);
  }

  private retry(retryId: number): void {
    const pending = this.pending.get(retryId);
    if (pending === undefined) return;
    this.pending.delete(retryId);
    pending.target.waiting--;
    if (this.offer(pending.target, pending.copy)) return;
    this.retryOrGiveUp(pending);
  }

  /** Moves the copy to the target's dead-letter queue, or drops it when there is none or it is full. */
  private giveUp(pending: PendingRetry, reason: GiveUpReason): void {
    const { tracer, sim } = this.ctx;
    const { target, copy } = pending;
    const dlq = target.deadLetter;
    if (dlq === undefined || dlq.refusal(copy) !== undefined) {
      target.dropped++;
      copy.settled = true;
      tracer.emit('dropped', sim.now, copy, this.id, '', target.id, dlq === undefined ? reason : 'dead-letter-refused');
      return;
    }
    target.deadLettered++;
    tracer.emit('dead-lettered', sim.now, copy, this.id, '', target.id, reason);
    dlq.adopt(copy);
  }
}
