import type { LatencySummary } from './latency';
import type { QueueTheory } from './queueing-theory';

/**
 * The JSON report contract. Times are virtual seconds. Fields may be added; the names here are
 * relied on by the CLI's users, the lab and the scenario expectations, so they do not change.
 */
export interface RunReport {
  scenario: string;
  seed: number;
  duration: number;
  events: number;
  traceHash: string;
  producers: Record<string, ProducerReport>;
  brokers: Record<string, BrokerReport>;
  groups: Record<string, GroupReport>;
  invariants: InvariantReport;
  series: DepthSeriesReport;
  /** The closed-form steady state, when the scenario is exactly M/M/c or M/M/c/K (see scenario/closed-form.ts). */
  theory?: QueueTheory;
}

export interface ProducerReport {
  /**
   * Messages the producer tried to publish, each once however often it was tried or repeated:
   * published + rejected + those still waiting in its backlog at the end.
   */
  attempted: number;
  /** Messages the broker accepted (their first publish; repeats are in duplicatesPublished). */
  published: number;
  /** Messages refused for good: by the broker, or dropped by the producer from a full backlog ('producer-backlog'). */
  rejected: number;
  rejectedBy: Record<string, number>;
  /*
   * Flow control (issue 4 §1.3, §3). Present in every report the metrics compute; 0 for a producer
   * without flow control. A repeat the broker refused for being full is in none of these counts: its
   * original got through.
   */
  /** Messages that had to wait in the producer's own backlog (repeats included). */
  throttled?: number;
  /**
   * Seconds messages spent waiting in the producer's backlog, summed over messages (the area under the
   * backlog level), including the wait so far of messages still there at the end: the wait throttling
   * moved upstream.
   */
  blockedSeconds?: number;
  /** Messages in the producer's backlog over time (time-weighted mean, max, at the end). */
  backlog?: LevelSummary;
  /** Repeats after a lost confirm that the broker accepted: duplicates created at the source. */
  duplicatesPublished?: number;
  /** Repeats an idempotent broker recognised and discarded. */
  duplicatesPrevented?: number;
}

export interface LevelSummary {
  mean: number;
  max: number;
  final: number;
}

export interface BrokerReport {
  /** queue, subscription (a topic's queue), stream, topic or bus. */
  kind: string;
  /** Messages producers published to this broker. */
  published: number;
  /** Messages that became ready here (queues); records appended (streams). */
  enqueued: number;
  /** Ready messages waiting for a consumer (queues); records retained (streams). */
  depth: LevelSummary;
  /** Messages delivered and not yet acknowledged. */
  inflight: LevelSummary;
  dropped: number;
  droppedBy: Record<string, number>;
  /** Messages put back in the ready queue, by cause (nack, lease-expired, crash, scale-in). */
  requeued: number;
  requeuedBy: Record<string, number>;
  /** Messages sent on to the dead-letter queue, by reason. */
  deadLettered: number;
  deadLetteredBy: Record<string, number>;
  /** Messages whose TTL ran out (without a dead-letter queue to take them). */
  expired: number;
  /** Messages moved out of this queue by a redrive. */
  redriven: number;
  /** Messages kept but no longer delivered after hitting the delivery limit. */
  flagged: number;
  /** Publishes (and topic or bus copies) refused for being larger than the broker's maxMessageBytes. */
  oversizeRejected: number;
  /** Queues: times the broker crashed on its memory limit (losing what it held; see droppedBy 'broker-crash…'). */
  crashes?: number;
  /**
   * Single-active or exclusive queues (absent otherwise, and before any consumer attached): times a standby
   * took over from an active consumer that crashed or left, and consumer instances refused (exclusive).
   */
  failovers?: number;
  refusedConsumers?: number;
  /**
   * Queues: payload bytes the broker held (ready, delayed, in flight and parked), as a level over time;
   * `max` includes instantaneous peaks, since a memory limit acts on them. Read from the model (absent
   * in a report rebuilt from a trace alone).
   */
  memory?: LevelSummary;
  /** Streams: the log. */
  stream?: StreamBrokerReport;
  /** Topics: what each subscription received and what its filter turned away. */
  subscriptions?: Record<string, SubscriptionReport>;
  /** Event buses: how events matched the rules and fared at the targets. */
  bus?: BusReport;
  /**
   * Queues and subscriptions: each firing of an alert watching this broker (metrics depth and
   * dlq-growth), in time order. Alerts on a group (lag, lag-seconds, error-rate) are in the group's report.
   */
  alerts?: AlertFiring[];
}

/** One firing of an alert (src/model/alerts): from its `alert` record with attempt 1. */
export interface AlertFiring {
  /** The alert's name. */
  name: string;
  /** Virtual time it fired: the first evaluation at least `for` seconds into a run of breaches. */
  at: number;
  /** The metric value read when it fired. */
  value: number;
  /** Virtual time it resolved (the first evaluation that found the condition clear); absent if still firing at the end. */
  until?: number;
}

export interface StreamBrokerReport {
  partitions: number;
  /** Records ever appended. */
  appended: number;
  /** Records retention deleted. */
  deleted: number;
  /** Records kept at the end. */
  retainedEntries: number;
  /** Payload bytes kept at the end (read from the model; absent in a report rebuilt from a trace alone). */
  retainedBytes?: number;
}

export interface SubscriptionReport {
  /** Copies sent to the subscription's queue. */
  routed: number;
  /** Messages its filter turned away. */
  filtered: number;
  /** Copies its queue refused because it was full. */
  refused: number;
}

export interface BusReport {
  /** Events that matched at least one rule. */
  matched: number;
  /** Events no rule matched. */
  unmatched: number;
  /** Copies sent to targets, by target. */
  routed: number;
  routedTo: Record<string, number>;
  /** Retries after a target refused. */
  retried: number;
}

/** How far a group is behind: records not yet consumed, and the age of the oldest of them. */
export interface LagSummary extends LevelSummary {
  /** The largest age, in seconds, that the oldest unconsumed message reached. */
  maxSeconds: number;
}

export interface PartitionLagReport {
  /** Records appended and not yet committed by the group. */
  lag: number;
  committed: number;
  /** The next offset the group reads (from the model). */
  position?: number;
  /** The member that owns the partition at the end ('' if none). */
  owner: string;
  logEnd: number;
}

export interface GroupReport {
  delivered: number;
  acked: number;
  /** Publish → first delivery. */
  wait: LatencySummary;
  /** Publish → acknowledgement. */
  endToEnd: LatencySummary;
  /** Acknowledged messages per virtual second over the run. */
  throughput: number;
  /** Deliveries beyond a message's first (attempt > 1). */
  redelivered: number;
  /** Messages delivered more than once, by the cause of their first redelivery. */
  duplicates: number;
  duplicatesBy: Record<string, number>;
  /** Acks or nacks that came after the lease had expired and were ignored. */
  lateAcks: number;
  /** Instance crashes. */
  crashes: number;
  /**
   * Messages waiting for this group: the ready depth of its queue, or for a stream the records
   * appended and not yet committed.
   */
  lag: LagSummary;
  /** Messages of its queue sent to a dead-letter queue, or whose TTL ran out (queue groups). */
  deadLettered: number;
  expired: number;
  /** Messages its subscription's filter turned away (groups reading a topic's subscription). */
  filtered: number;
  /** Messages that never reached it because they were larger than its broker takes. */
  oversizeRejected: number;
  /** Stream records it never read: deleted by retention first, or jumped over by a reset. */
  skipped: number;
  /**
   * Set on a shared group on a stream (`share`): its lag is the entries appended since it started
   * and not yet acked, dropped or skipped (unread in the log, waiting, or with a member).
   */
  shared?: true;
  /** Members that own no partition at the end (stream groups; 0 for queues). */
  idleMembers: number;
  /** Rebalances the group went through (stream groups). */
  rebalances: number;
  /** Per stream partition: lag and offsets. */
  partitions?: Record<string, PartitionLagReport>;
  /** Pull consumers: receives, and those that came back empty. */
  receives: number;
  emptyReceives: number;
  /** Processing attempts that failed, by why (transient, fatal, outage, circuit-open). */
  failed: number;
  failedBy: Record<string, number>;
  /** Failed deliveries tried again: requeued at once, or retried after a backoff. */
  retries: number;
  /**
   * Retry storms: runs of consecutive 10-second windows in which retries outnumbered first deliveries
   * and were at least 10.
   */
  retryStorms: number;
  /** Failed messages the consumer acknowledged anyway (failure action "ack"): lost, and the consumer's fault. */
  lostByConsumer: number;
  /** The circuit breaker: how often it opened, and the seconds it spent open. */
  circuit: { opens: number; openSeconds: number };
  /** The side effect: applied (duplicates included), applied again for an event already applied, and skipped by the idempotency store. */
  sideEffects: { applied: number; duplicates: number; avoided: number };
  /** Keyed updates applied over a newer version of their key. */
  outOfOrder: number;
  /** Keyed updates the ordering remedy skipped as older than the state. */
  staleSkipped: number;
  /** Keys whose final state is not the newest version applied to them. */
  wrongFinalState: number;
  /**
   * The cost of the group: the integral over time of the instances that exist, from their `scaled`
   * 'up' (or the group's start) to their `scaled` 'down'. Crashed and cold-starting instances count:
   * their machine is still reserved and billed.
   */
  instanceSeconds: number;
  /** Instances that exist, over time (mean over the run, max, at the end). */
  instances: LevelSummary;
  /** Each firing of an alert watching this group (metrics lag, lag-seconds, error-rate), in time order; present in every computed report. */
  alerts?: AlertFiring[];
}

export interface Violation {
  /** Which check failed, e.g. "conservation". */
  check: string;
  message: string;
  time?: number;
  messageId?: number;
  group?: string;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface InvariantReport {
  ok: boolean;
  checks: CheckResult[];
  /** The first violations found (at most 100); `violationCount` has the total. */
  violations: Violation[];
  violationCount: number;
}

/** Broker levels sampled at fixed virtual-time intervals (the value just before each sample time). */
export interface DepthSeriesReport {
  interval: number;
  time: number[];
  brokers: Record<string, { depth: number[]; inflight: number[] }>;
}
