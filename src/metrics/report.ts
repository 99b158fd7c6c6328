import type { LatencySummary } from './latency';

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
}

export interface ProducerReport {
  /** Publishes tried: published + rejected. */
  attempted: number;
  /** Publishes the broker accepted. */
  published: number;
  rejected: number;
  rejectedBy: Record<string, number>;
}

export interface LevelSummary {
  mean: number;
  max: number;
  final: number;
}

export interface BrokerReport {
  kind: string;
  enqueued: number;
  /** Ready messages (waiting for a consumer). */
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
