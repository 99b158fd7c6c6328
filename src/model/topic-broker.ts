import { checkMaxMessageBytes, sizeRefusal, type Broker, type RejectReason } from './broker';
import type { ModelContext } from './context';
import { copyMessage, type Message } from './message';
import { MessageFilter, type MessageFilterSpec } from './message-filter';
import type { QueueBroker } from './queue-broker';

export interface TopicOptions {
  id: string;
  /** Largest payload the topic takes, in bytes (SNS: 256 KiB); undefined for no limit. */
  maxMessageBytes?: number | undefined;
}

export interface SubscriptionOptions {
  /** The subscription's id: it must be its queue's id, since trace records name a subscription by its queue. */
  id: string;
  /** Which messages the subscription wants; left out, it gets every message. */
  filter?: MessageFilterSpec;
  /**
   * The subscription's own queue, built by the caller with whatever queue options it needs (lease,
   * delivery limit, DLQ, max length…). Consumer groups read it like any other queue.
   */
  queue: QueueBroker;
}

/** One subscription of a topic and what it has received. Counters grow as messages are published. */
export interface TopicSubscription {
  readonly id: string;
  readonly queue: QueueBroker;
  readonly filter: MessageFilter;
  /** Virtual time the subscription was added; it receives only messages published after that. */
  readonly createdAt: number;
  /** Copies sent to the queue (a `routed` record each), including those the queue then refused. */
  readonly routed: number;
  /** Messages its filter turned away (a `filtered` record each). */
  readonly filtered: number;
  /**
   * Copies the queue refused: full under reject-publish (a `dropped` 'refused' record each), or too
   * large for it (`dropped` 'oversize').
   */
  readonly refused: number;
}

/** The mutable side of a subscription; only the topic writes it. */
interface SubscriptionState {
  id: string;
  queue: QueueBroker;
  filter: MessageFilter;
  createdAt: number;
  routed: number;
  filtered: number;
  refused: number;
}

/**
 * A pub/sub topic (SNS, Pub/Sub, a RabbitMQ fanout or headers exchange): every published message is
 * offered to each subscription, in the order the subscriptions were added. A subscription whose
 * filter matches gets its own copy in its own queue, where the full delivery lifecycle applies; one
 * whose filter does not match counts the message as filtered. The topic keeps nothing itself, so a
 * subscription added later sees only messages published from then on, and a topic with no
 * subscriptions discards what it receives.
 *
 * Trace records, per subscription and message:
 * - `routed` (broker = topic, consumer = subscription), then the queue's own `enqueued` or
 *   `delayed` — or, when the queue is full under reject-publish or the copy is too large for it, `dropped` with reason 'refused' or 'oversize' and
 *   broker = the subscription: that copy never entered the queue;
 * - `filtered` (broker = topic, consumer = subscription) when the filter does not match.
 */
export class TopicBroker implements Broker {
  readonly kind = 'topic';
  readonly id: string;
  /** Largest message taken, in bytes; undefined for no limit. */
  readonly maxMessageBytes: number | undefined;
  private readonly subscriptionList: SubscriptionState[] = [];
  private readonly byId = new Map<string, SubscriptionState>();
  private acceptedCount = 0;

  constructor(
    private readonly ctx: ModelContext,
    options: TopicOptions,
  ) {
    if (typeof options?.id !== 'string' || options.id === '') throw new RangeError(`topic id must be a non-empty string, got ${JSON.stringify(options?.id)}`);
    this.id = options.id;
    this.maxMessageBytes = checkMaxMessageBytes(options.maxMessageBytes, `topic '${options.id}'`);
  }

  /** The subscriptions in the order they were added (the order copies are handed out). */
  get subscriptions(): readonly TopicSubscription[] {
    return this.subscriptionList;
  }

  /** Messages published to the topic. */
  get accepted(): number {
    return this.acceptedCount;
  }

  subscription(id: string): TopicSubscription | undefined {
    return this.byId.get(id);
  }

  /**
   * Adds a subscription now (at scenario build, or by a timeline action later). It receives only
   * messages accepted from now on. Throws a RangeError for a duplicate id, an id that is not its
   * queue's, or an invalid filter.
   */
  addSubscription(options: SubscriptionOptions): TopicSubscription {
    const { id, queue } = options;
    const where = `topic '${this.id}' subscription '${id}'`;
    if (typeof id !== 'string' || id === '') throw new RangeError(`topic '${this.id}': subscription id must be a non-empty string, got ${JSON.stringify(id)}`);
    if (queue === undefined || queue.kind !== 'queue') throw new RangeError(`${where}: queue must be a QueueBroker`);
    if (queue.id !== id) throw new RangeError(`${where}: id must equal its queue's id '${queue.id}' (trace records name a subscription by its queue)`);
    if (this.byId.has(id)) throw new RangeError(`${where}: id is already a subscription of this topic`);
    const subscription: SubscriptionState = {
      id,
      queue,
      filter: new MessageFilter(options.filter, `${where} filter`),
      createdAt: this.ctx.sim.now,
      routed: 0,
      filtered: 0,
      refused: 0,
    };
    this.subscriptionList.push(subscription);
    this.byId.set(id, subscription);
    return subscription;
  }

  /** A topic takes every publish up to its size limit; a full subscription queue refuses only its own copy. */
  refusal(message?: Message): RejectReason | undefined {
    return sizeRefusal(message, this.maxMessageBytes);
  }

  accept(message: Message): void {
    this.acceptedCount++;
    const { tracer, sim } = this.ctx;
    const subscriptions = this.subscriptionList;
    for (let i = 0; i < subscriptions.length; i++) {
      const subscription = subscriptions[i]!;
      if (!subscription.filter.matches(message)) {
        subscription.filtered++;
        tracer.emit('filtered', sim.now, message, this.id, '', subscription.id);
        continue;
      }
      subscription.routed++;
      tracer.emit('routed', sim.now, message, this.id, '', subscription.id);
      // Each subscription gets a copy with delivery bookkeeping of its own: a new publish into its queue.
      const copy = copyMessage(message);
      const queue = subscription.queue;
      const refusal = queue.refusal(copy);
      if (refusal !== undefined) {
        subscription.refused++;
        copy.settled = true;
        tracer.emit('dropped', sim.now, copy, subscription.id, '', '', refusal === 'oversize' ? 'oversize' : 'refused');
        continue;
      }
      queue.accept(copy);
    }
  }
}
