import type { Message } from './message';

/**
 * The trace is the model's output contract: every state change is one record, and metrics, the
 * auditor, the animation and the NDJSON export all read the same stream.
 *
 * Message records (`message` is the message id):
 * - published:     a producer's message was accepted by `broker`.
 * - rejected:      a producer's message was refused by `broker` (`reason`); it never entered.
 *
 * Producer flow-control records (src/model/flow; `attempt` is 0 for a message's first publish and n for
 * the n-th repeat of a publish whose confirm was lost; `publishedAt` on a record before the publish is the
 * time the producer first tried):
 * - throttled:     the message entered its producer's own backlog instead of going out to `broker` (`reason`:
 *                  blocked — the broker is full and the producer waits for room —, rate-limit, confirms — the
 *                  confirm window is full). It leaves the backlog with its `published` or `rejected` record.
 * - published with `reason` 'retry': a repeat, a new message id with the same origin, after a confirm timeout.
 * - rejected with `reason` producer-backlog: the producer's backlog was full (maxBacklog), so the producer
 *                  dropped the message itself; 'duplicate': an idempotent broker discarded a repeat it already had.
 * - delayed:       an accepted message waits out a delivery delay before it becomes ready.
 * - enqueued:      the message became ready in `broker`.
 * - dropped:       it left `broker` unprocessed for good (`reason`: maxlen, rejected, delivery-limit, refused —
 *                  a topic's copy that a full subscription turned away, so it never entered; at-most-once,
 *                  slow-consumer, no-subscriber — losses of a queue's delivery mode, see DeliveryLossReason).
 * - expired:       its TTL ran out at the head of `broker`.
 * - dead-lettered: it left `broker` for the broker's dead-letter queue (`reason` says why); an
 *                  `enqueued` record in the DLQ follows.
 * - redriven:      it was moved out of a DLQ back to a working queue; an `enqueued` record follows.
 * - delivered:     `consumer` of `group` received it (`attempt` counts deliveries; `reason` is the
 *                  cause of a redelivery: nack, lease-expired, crash, scale-in).
 * - acked:         `consumer` acknowledged it; the broker forgets it (`reason` 'late' when a lease had
 *                  already expired and the broker accepted the late ack anyway).
 * - requeued:      it went back to the ready queue of `broker` (`reason`: nack, lease-expired, crash, scale-in);
 *                  `group` and `consumer` name the instance whose delivery ended. So do flagged, and dropped or
 *                  dead-lettered records of a message leaving from in flight (rejected, delivery-limit).
 * - late-ack:      `consumer` acknowledged or nacked a delivery whose lease had already expired; the
 *                  broker ignored it (`reason` 'ignored').
 * - flagged:       it hit the delivery limit and is kept but no longer delivered (keep-and-flag).
 *
 * Broker records (`message` 0, `group` and `consumer` ''):
 * - broker-crashed:   queue `broker` went past its memory limit and crashed (`reason` 'memory-limit'). A
 *                     `dropped` record follows for every message it held (reason broker-crash, -inflight,
 *                     -delayed or -parked); publishes are rejected ('broker-down') until it restarts.
 * - broker-restarted: it is back, empty, and takes publishes again.
 * A queue's own drops: `sampled` at the door (right after `published`, before any `enqueued`: it never became
 * ready); `conflated` from ready (the newer message's `enqueued` follows, taking its place).
 *
 * Instance records (`message` is 0): crashed, restarted, scaled (`reason` 'up' or 'down'; 'ready' when a
 * scaled-out instance's cold start is over and it starts taking work), and polled: a pull
 * consumer's receive returned (`reason` 'empty' when it brought nothing).
 * An instance exists (and costs instance-seconds) from its `scaled` 'up' to its `scaled` 'down',
 * crashed or cold-starting included.
 *
 * Consumer-mode records (a queue whose consumerMode is single-active or exclusive; `message` 0):
 * - consumer-active:  `consumer` of `group` is now the one instance queue `broker` delivers to (`reason`:
 *                     attached — the queue had none, e.g. the first to attach or an exclusive owner back after
 *                     a restart —, or failover — the active one crashed or left and this standby took over).
 * - consumer-refused: exclusive queue `broker` refused `consumer` of `group` (`reason` 'exclusive'); it is
 *                     refused for good and never receives anything.
 *
 * Autoscaler records (`message` 0, `consumer` ''):
 * - autoscaled: `group`'s autoscaler changed its instance count (`reason` 'out' or 'in') to `attempt`
 *               instances; `offset` holds the metric value it read (the group's total for depth and lag). The
 *               per-instance `scaled` records follow.
 *
 * Consumer outcome records (queue groups):
 * - failed:     `consumer` failed to process its delivery (`reason`: transient, fatal, outage — a
 *               dependency was down and the call timed out —, or circuit-open — the breaker refused the
 *               call). What the consumer then did follows as its own record: requeued, delayed (a retry
 *               with backoff, `reason` 'retry'), dropped or dead-lettered (reason rejected, fatal,
 *               retry-limit, retry-budget or circuit-open), or acked with `reason` 'ack-on-failure'
 *               (the anti-pattern: the failed message is acknowledged and lost, which the auditor counts
 *               as a loss caused by the consumer).
 * - effect:     the group's side effect for the message (`reason`: applied; duplicate — applied again for a
 *               business event it had already been applied for; avoided — skipped because the idempotency
 *               store knew the message).
 * - state:      the message updated its key's state (`reason`: in-order, out-of-order — applied over a newer
 *               version —, or stale — skipped by the ordering remedy); `offset` is the message's per-key
 *               version and `attempt` the key's run-wide number.
 * - circuit:    `group`'s circuit breaker changed state (`reason`: open, half-open, closed; `message` 0).
 * - outage:     dependency `broker` went down or came back (`reason`: down, up; `message` 0, `group` '').
 *
 * Policy records (a backpressure setting switched during the run; `message` 0, `consumer` ''):
 * - policy:     the setting named by `reason` changed now, by a timeline action or a live change: set-queue-limits
 *               (`broker` the queue), set-producer-flow (`producer`, and `broker` its target), set-prefetch,
 *               set-pull, set-breaker (`group`, `broker` the queue it reads), set-autoscale (`group`, `broker` what
 *               it reads), set-failure and set-idempotency (`group`, `broker` the queue it reads), add-partitions
 *               (`broker` the stream). It comes before the change's own consequences (drops at a lowered drop-head bound,
 *               publishes a released backlog makes, the breaker's `circuit` 'closed'), so the lab can mark the moment.
 *               `attempt` is the new window on set-prefetch and the new batch size on set-pull (what an
 *               instance may hold from now on) and the new partition count on add-partitions, else 0.
 *
 * Alert records (src/model/alerts; `message` 0, `consumer` ''):
 * - alert:      the alerting rule named `reason` fired (`attempt` 1) or resolved (`attempt` 0, as in
 *               Prometheus' ALERTS series); `offset` is the value it read then (NaN if there was none);
 *               `group` is the group it watches ('' for a broker alert), `broker` the broker it watches
 *               or the one the watched group reads.
 *
 * Stream (log) records carry `partition` and `offset` (both -1 elsewhere):
 * - appended:   a published message was written to `partition` of stream `broker` at `offset`.
 * - delivered / acked: as above, for the record at (`partition`, `offset`); `attempt` counts how often
 *               this group has been handed that offset, and `reason` on a repeat says why (crash,
 *               rebalance, replay).
 * - skipped:    retention deleted the record at (`partition`, `offset`) before `group` read it (a shared
 *               group too: see below).
 * - routed from a stream (`broker`, `group` ''): a shared group's cursor moved the record into the group's
 *               own queue (`consumer`, id `stream/group`: its pending entries), whose `enqueued` and `delivered`
 *               follow (src/model/stream/share-cursor.ts).
 * - committed:  `group` committed `offset` for `partition` (`message` 0).
 * - assigned:   `partition` now belongs to `consumer` of `group` (`message` 0); `attempt` is the group generation.
 * - revoked:    `partition` was taken from `consumer` in a rebalance (`message` 0).
 * - rebalanced: `group` started a rebalance (`reason`: join, leave, crash); it consumes nothing until the
 *               pause ends (`message` 0, `attempt` the new generation).
 * - reset:      `group`'s position on `partition` moved to `offset` (`reason`: earliest, latest,
 *               timestamp, offset, out-of-range) (`message` 0).
 * - truncated:  retention deleted whole records from `partition`; `offset` is the new log start (`message` 0).
 *
 * Routing records (a topic or an event bus handing copies on; `consumer` names the receiving broker):
 * - routed:     `broker` (a topic or bus) sent a copy to `consumer` (a subscription queue, queue, topic or
 *               stream), which records its own `enqueued`/`appended`/`delayed` next; on a bus `reason` is the rule id.
 * - filtered:   `broker` (a topic) did not send a copy to subscription `consumer` because its filter did not match.
 * - unmatched:  no rule of bus `broker` matched the event (`consumer` '').
 * - retrying:   target `consumer` refused the bus's copy; the bus tries again later (`attempt` is the next try).
 * - dead-lettered / dropped from a bus: the bus gave up on target `consumer` (`reason`: retries-exhausted,
 *               max-event-age), into the target's DLQ or for good.
 */
export type TraceKind =
  | 'published'
  | 'rejected'
  | 'delayed'
  | 'enqueued'
  | 'dropped'
  | 'expired'
  | 'dead-lettered'
  | 'redriven'
  | 'delivered'
  | 'acked'
  | 'requeued'
  | 'late-ack'
  | 'flagged'
  | 'crashed'
  | 'restarted'
  | 'scaled'
  | 'appended'
  | 'skipped'
  | 'committed'
  | 'assigned'
  | 'revoked'
  | 'rebalanced'
  | 'reset'
  | 'truncated'
  | 'routed'
  | 'filtered'
  | 'unmatched'
  | 'retrying'
  | 'polled'
  | 'autoscaled'
  | 'failed'
  | 'effect'
  | 'state'
  | 'circuit'
  | 'outage'
  | 'throttled'
  | 'broker-crashed'
  | 'broker-restarted'
  | 'alert'
  | 'policy'
  | 'consumer-active'
  | 'consumer-refused';

export const TRACE_KINDS: readonly TraceKind[] = [
  'published',
  'rejected',
  'delayed',
  'enqueued',
  'dropped',
  'expired',
  'dead-lettered',
  'redriven',
  'delivered',
  'acked',
  'requeued',
  'late-ack',
  'flagged',
  'crashed',
  'restarted',
  'scaled',
  'appended',
  'skipped',
  'committed',
  'assigned',
  'revoked',
  'rebalanced',
  'reset',
  'truncated',
  'routed',
  'filtered',
  'unmatched',
  'retrying',
  'polled',
  'autoscaled',
  'failed',
  'effect',
  'state',
  'circuit',
  'outage',
  'throttled',
  'broker-crashed',
  'broker-restarted',
  'alert',
  'policy',
  'consumer-active',
  'consumer-refused',
];

/**
 * Why a message left a broker unprocessed. 'refused': a full subscription queue turned away a topic's
 * copy, which never entered it; 'oversize': the copy was larger than the subscription queue (or a
 * bus target) takes.
 */
export type DropReason = ConsumerRejectReason | 'maxlen' | 'delivery-limit' | 'dead-letter-refused' | 'retries-exhausted' | 'max-event-age' | 'refused' | 'oversize' | QueueDropReason;

/**
 * Drops by a queue's own policies: 'sampled' (sampling kept another message), 'conflated' (a newer
 * message with the same key took its place), and the messages a crashed broker lost, by where each was:
 * 'broker-crash' (ready), 'broker-crash-inflight' (delivered, unacked), 'broker-crash-delayed', 'broker-crash-parked'.
 */
export type QueueDropReason = 'sampled' | 'conflated' | 'broker-crash' | 'broker-crash-inflight' | 'broker-crash-delayed' | 'broker-crash-parked' | DeliveryLossReason;

/**
 * Losses of a queue's delivery mode (queue-broker.ts options delivery and buffering): 'at-most-once' (the
 * broker let go of a delivered message and its consumer failed it, crashed or left with it: it leaves from
 * in flight, naming the instance), 'slow-consumer' (buffering 'none': the randomly picked instance's
 * prefetch was full; names that instance) and 'no-subscriber' (buffering 'none': no instance was
 * attached). The last two follow the message's `enqueued` record at the same instant: it left from ready.
 */
export type DeliveryLossReason = 'at-most-once' | 'slow-consumer' | 'no-subscriber';

/**
 * Why a consumer rejected a delivery it failed (to the DLQ if there is one, else dropped): rejected (a
 * plain nack without requeue), fatal (an error retrying cannot fix), retry-limit (its retries are used
 * up), retry-budget (the group's retry budget is spent), circuit-open (the breaker refused the call).
 */
export type ConsumerRejectReason = 'rejected' | 'fatal' | 'retry-limit' | 'retry-budget' | 'circuit-open';

/** The backpressure settings a run can switch (a `policy` record's reason; the timeline actions of the same names). */
export type PolicyChange = 'set-queue-limits' | 'set-producer-flow' | 'set-prefetch' | 'set-pull' | 'set-autoscale' | 'set-breaker' | 'set-failure' | 'set-idempotency' | 'add-partitions';

/** Why a message went back to the ready queue and will be delivered again. */
export type ReturnCause = 'nack' | 'lease-expired' | 'crash' | 'scale-in';

/**
 * One trace record. All kinds share one shape so that readers stay fast; fields a kind does not use
 * hold '' (strings). Records are delivered synchronously and the object is reused for the next record:
 * a listener that keeps a record must copy it (see `copyRecord`).
 */
export interface TraceRecord {
  kind: TraceKind;
  /** Virtual time of the change, in seconds. */
  time: number;
  /** The message's id (0 on instance records). */
  message: number;
  /** When the message was published, so latencies need no lookup (NaN on instance records). */
  publishedAt: number;
  producer: string;
  broker: string;
  group: string;
  consumer: string;
  reason: string;
  /** Delivery attempt number for delivered/acked/late-ack (1 for the first); a group generation on assigned/rebalanced; else 0. */
  attempt: number;
  /** Stream partition, or -1 when the record is not about a partition. */
  partition: number;
  /** Stream offset (or committed offset / new log start), or -1. */
  offset: number;
}

export type TraceListener = (record: Readonly<TraceRecord>) => void;

/**
 * Which of a broker's levels a message left when it was dropped or dead-lettered, read from the
 * record's reason: overflow and TTL take ready messages; a reject or the delivery limit takes one in
 * flight; a refused dead-letter was in no queue. Metrics and the lab use this one rule.
 */
export function removedFrom(reason: string): 'ready' | 'inflight' | 'none' {
  switch (reason) {
    case 'maxlen':
    case 'expired':
    case 'conflated':
    case 'broker-crash':
    case 'slow-consumer':
    case 'no-subscriber':
      return 'ready';
    case 'broker-crash-inflight':
    case 'at-most-once':
      return 'inflight';
    case 'rejected':
    case 'delivery-limit':
    case 'fatal':
    case 'retry-limit':
    case 'retry-budget':
    case 'circuit-open':
      return 'inflight';
    default:
      return 'none';
  }
}

export function copyRecord(record: Readonly<TraceRecord>): TraceRecord {
  return { ...record };
}

/** Fans trace records out to listeners. With no listener, emitting costs one length check. */
export class Tracer {
  private listeners: TraceListener[] = [];
  private readonly record: TraceRecord = {
    kind: 'published',
    time: 0,
    message: 0,
    publishedAt: 0,
    producer: '',
    broker: '',
    group: '',
    consumer: '',
    reason: '',
    attempt: 0,
    partition: -1,
    offset: -1,
  };

  get active(): boolean {
    return this.listeners.length > 0;
  }

  /** Adds a listener; returns a function that removes it. Listeners must not emit records themselves. */
  subscribe(listener: TraceListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(kind: TraceKind, time: number, message: Message, broker: string, group = '', consumer = '', reason = ''): void {
    if (this.listeners.length === 0) return;
    const attempt = kind === 'delivered' || kind === 'acked' || kind === 'late-ack' || kind === 'retrying' ? message.deliveries : 0;
    this.send(kind, time, message.id, message.publishedAt, message.producer, broker, group, consumer, reason, attempt, -1, -1);
  }

  /** A record about a stream record: one message at (`partition`, `offset`) of stream `broker`. */
  emitLog(
    kind: 'appended' | 'delivered' | 'acked' | 'skipped',
    time: number,
    message: Pick<Message, 'id' | 'publishedAt' | 'producer'>,
    broker: string,
    partition: number,
    offset: number,
    group = '',
    consumer = '',
    reason = '',
    attempt = 0,
  ): void {
    if (this.listeners.length === 0) return;
    this.send(kind, time, message.id, message.publishedAt, message.producer, broker, group, consumer, reason, attempt, partition, offset);
  }

  /** A record about a consumer group's hold on a partition (committed, assigned, revoked, rebalanced, reset, truncated). */
  emitPartition(
    kind: 'committed' | 'assigned' | 'revoked' | 'rebalanced' | 'reset' | 'truncated',
    time: number,
    broker: string,
    partition: number,
    offset: number,
    group = '',
    consumer = '',
    reason = '',
    attempt = 0,
  ): void {
    if (this.listeners.length === 0) return;
    this.send(kind, time, 0, NaN, '', broker, group, consumer, reason, attempt, partition, offset);
  }

  /** A `state` record: `message` updated its key's state (see the header); carries the version and key number. */
  emitState(
    time: number,
    message: Pick<Message, 'id' | 'publishedAt' | 'producer'>,
    broker: string,
    group: string,
    consumer: string,
    reason: string,
    keyNumber: number,
    version: number,
  ): void {
    if (this.listeners.length === 0) return;
    this.send('state', time, message.id, message.publishedAt, message.producer, broker, group, consumer, reason, keyNumber, -1, version);
  }

  /** A record about a consumer instance rather than a message (crashed, restarted, scaled, polled). */
  emitInstance(kind: 'crashed' | 'restarted' | 'scaled' | 'polled' | 'broker-crashed' | 'broker-restarted' | 'circuit' | 'outage' | 'consumer-active' | 'consumer-refused', time: number, broker: string, group: string, consumer: string, reason = ''): void {
    if (this.listeners.length === 0) return;
    this.send(kind, time, 0, NaN, '', broker, group, consumer, reason, 0, -1, -1);
  }

  /** An autoscaler decision: `group` (reading `broker`) goes to `instances`; `value` is the metric it read. */
  emitAutoscaled(time: number, broker: string, group: string, direction: 'out' | 'in', instances: number, value: number): void {
    if (this.listeners.length === 0) return;
    this.send('autoscaled', time, 0, NaN, '', broker, group, '', direction, instances, -1, value);
  }

  /** An alerting rule `name` fired (`firing`) or resolved; `value` is the metric it read (see the header). */
  emitAlert(time: number, broker: string, group: string, name: string, firing: boolean, value: number): void {
    if (this.listeners.length === 0) return;
    this.send('alert', time, 0, NaN, '', broker, group, '', name, firing ? 1 : 0, -1, value);
  }

  /** A `policy` record: the setting `change` (the action's name) of `broker`, `group` or `producer` switched now; `window` as in the header. */
  emitPolicy(time: number, change: PolicyChange, broker: string, group: string, producer: string, window = 0): void {
    if (this.listeners.length === 0) return;
    this.send('policy', time, 0, NaN, producer, broker, group, '', change, window, -1, -1);
  }

  /** A producer's record about its own message (throttled, published, rejected); `repeat` as in the header. */
  emitPublish(kind: 'throttled' | 'published' | 'rejected', time: number, message: Message, broker: string, reason: string, repeat: number): void {
    if (this.listeners.length === 0) return;
    this.send(kind, time, message.id, message.publishedAt, message.producer, broker, '', '', reason, repeat, -1, -1);
  }

  /** Fills the one reused record and hands it to every listener. */
  private send(
    kind: TraceKind,
    time: number,
    message: number,
    publishedAt: number,
    producer: string,
    broker: string,
    group: string,
    consumer: string,
    reason: string,
    attempt: number,
    partition: number,
    offset: number,
  ): void {
    const r = this.record;
    r.kind = kind;
    r.time = time;
    r.message = message;
    r.publishedAt = publishedAt;
    r.producer = producer;
    r.broker = broker;
    r.group = group;
    r.consumer = consumer;
    r.reason = reason;
    r.attempt = attempt;
    r.partition = partition;
    r.offset = offset;
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!(r);
  }
}
