import { removedFrom, type TraceRecord } from '../model';
import { AlertLog } from './alert-log';
import { Auditor, type ObservedModel } from './auditor';
import { DepthSeries } from './depth-series';
import { LatencyHistogram } from './latency';
import { ProducerFlow } from './producer-flow';
import type { BrokerReport, GroupReport, InvariantReport, ProducerReport, RunReport } from './report';
import { StreamLag } from './stream-lag';
import { CircuitTime, KeyFinalState, RetryStorms } from './consumer-outcomes';
import { TimeWeightedLevel } from './time-average';
import type { Topology, TopologyBrokerKind } from './topology';
import { TraceHasher } from './trace-hash';

interface ProducerStats {
  published: number;
  rejectedBy: Map<string, number>;
  /** Backlog and repeats (producer flow control). */
  flow: ProducerFlow;
}

interface BrokerStats {
  kind: TopologyBrokerKind;
  published: number;
  enqueued: number;
  depth: TimeWeightedLevel;
  inflight: TimeWeightedLevel;
  droppedBy: Map<string, number>;
  requeuedBy: Map<string, number>;
  deadLetteredBy: Map<string, number>;
  expired: number;
  redriven: number;
  flagged: number;
  /** Streams: each partition's log start, and the records retention deleted. */
  logStart: number[];
  deleted: number;
  /** Topics: per subscription. */
  subscriptions: Map<string, { routed: number; filtered: number; refused: number }>;
  /** Buses. */
  unmatched: number;
  routedTo: Map<string, number>;
  retried: number;
  /** Publishes and copies refused for being larger than maxMessageBytes. */
  oversizeRejected: number;
  /** Queues: times the broker crashed (a broker-crashed record each). */
  crashes: number;
  /** Single-active or exclusive queues: consumer-active records (all, and those for a failover) and consumer-refused records. */
  activations: number;
  failovers: number;
  refusedConsumers: number;
}

interface GroupStats {
  delivered: number;
  acked: number;
  wait: LatencyHistogram;
  endToEnd: LatencyHistogram;
  redelivered: number;
  lateAcks: number;
  crashes: number;
  rebalances: number;
  /** Stream records skipped (a `skipped` record each). */
  skipped: number;
  receives: number;
  emptyReceives: number;
  /** The queue, subscription or stream it reads. */
  source: string;
  /** What its attempts came to (queue groups). */
  failedBy: Map<string, number>;
  retries: number;
  lostByConsumer: number;
  storms: RetryStorms;
  circuit: CircuitTime;
  sideEffects: { applied: number; duplicates: number; avoided: number };
  keys: KeyFinalState;
  /** Instances that exist (not scaled in; crashed and cold-starting ones included): their integral is the cost. */
  instances: TimeWeightedLevel;
  /** Shared stream groups: entries appended since the group started and not yet acked, dropped or skipped (its lag). */
  backlog?: TimeWeightedLevel;
}

/** Live counters for a frame of the lab. */
export interface RunFrameCounters {
  brokers: Record<string, { depth: number; inflight: number }>;
  producers: Record<string, { published: number; rejected: number }>;
  groups: Record<string, { delivered: number; acked: number }>;
}

export interface RunMetricsOptions {
  /** Virtual seconds between depth samples. */
  sampleInterval: number;
}

/** The part of the report the metrics produce; the runner adds scenario, seed and event count. */
export type MetricsReport = Pick<RunReport, 'traceHash' | 'producers' | 'brokers' | 'groups' | 'invariants' | 'series'>;

/**
 * Every built-in observer of one run, behind a single trace listener: counters, levels, latency
 * histograms, the depth series, the auditor and the trace hash. A pure reducer of trace records.
 */
export class RunMetrics {
  private readonly producers = new StatsById<ProducerStats>('producer');
  private readonly brokers = new StatsById<BrokerStats>('broker');
  private readonly groups = new StatsById<GroupStats>('group');
  private readonly series: DepthSeries;
  private readonly auditor: Auditor;
  private readonly hasher = new TraceHasher();
  private readonly streamLag: StreamLag;
  /** Subscription id → its topic's stats, for copies a full subscription refused. */
  private readonly topicOf = new Map<string, BrokerStats>();
  private readonly alerts = new AlertLog();
  /** Shared stream groups' backlogs, by the stream they read and by their own queue. */
  private readonly backlogsOfStream = new Map<string, { from: number; level: TimeWeightedLevel }[]>();
  private readonly backlogOfQueue = new Map<string, TimeWeightedLevel>();

  constructor(topology: Topology, options: RunMetricsOptions) {
    this.series = new DepthSeries(options.sampleInterval);
    this.auditor = new Auditor(topology);
    this.streamLag = new StreamLag(topology);
    for (const id of topology.producers) this.producers.set(id, { published: 0, rejectedBy: new Map(), flow: new ProducerFlow() });
    for (const { id, kind, partitions } of topology.brokers) {
      const stats: BrokerStats = {
        kind,
        published: 0,
        enqueued: 0,
        depth: new TimeWeightedLevel(),
        inflight: new TimeWeightedLevel(),
        droppedBy: new Map(),
        requeuedBy: new Map(),
        deadLetteredBy: new Map(),
        expired: 0,
        redriven: 0,
        flagged: 0,
        logStart: new Array<number>(partitions ?? 0).fill(0),
        deleted: 0,
        subscriptions: new Map(),
        unmatched: 0,
        routedTo: new Map(),
        retried: 0,
        oversizeRejected: 0,
        crashes: 0,
        activations: 0,
        failovers: 0,
        refusedConsumers: 0,
      };
      this.brokers.set(id, stats);
      if (kind !== 'topic' && kind !== 'bus') this.series.track(id, stats.depth, stats.inflight);
    }
    for (const { id, topic } of topology.brokers) {
      if (topic === undefined) continue;
      const stats = this.brokers.get(topic);
      stats.subscriptions.set(id, { routed: 0, filtered: 0, refused: 0 });
      this.topicOf.set(id, stats);
    }
    for (const { id, broker, instances: initial, from } of topology.groups) {
      const instances = new TimeWeightedLevel();
      // A group the timeline adds exists from its time; records about it only come later.
      instances.add(from ?? 0, initial ?? 0);
      this.groups.set(id, {
        instances,
        delivered: 0,
        acked: 0,
        wait: new LatencyHistogram(),
        endToEnd: new LatencyHistogram(),
        redelivered: 0,
        lateAcks: 0,
        crashes: 0,
        rebalances: 0,
        skipped: 0,
        receives: 0,
        emptyReceives: 0,
        source: broker,
        failedBy: new Map(),
        retries: 0,
        lostByConsumer: 0,
        storms: new RetryStorms(),
        circuit: new CircuitTime(),
        sideEffects: { applied: 0, duplicates: 0, avoided: 0 },
        keys: new KeyFinalState(),
      });
    }
    this.trackSharedGroups(topology);
  }

  /** A group reading a subscription of a stream is a shared group: its lag is a backlog the trace keeps. */
  private trackSharedGroups(topology: Topology): void {
    const kinds = new Map(topology.brokers.map((b) => [b.id, b]));
    for (const { id, broker, from } of topology.groups) {
      const stream = kinds.get(broker)?.topic;
      if (stream === undefined || kinds.get(stream)?.kind !== 'stream') continue;
      const level = new TimeWeightedLevel();
      this.groups.get(id).backlog = level;
      this.backlogOfQueue.set(broker, level);
      const list = this.backlogsOfStream.get(stream) ?? [];
      list.push({ from: from ?? 0, level });
      this.backlogsOfStream.set(stream, list);
    }
  }

  readonly observe = (r: Readonly<TraceRecord>): void => {
    this.hasher.observe(r);
    this.auditor.observe(r);
    this.series.advanceTo(r.time);
    // The kinds every message goes through come first: a switch on strings tests them in order.
    switch (r.kind) {
      case 'delivered': {
        if (r.partition < 0) {
          const broker = this.broker(r.broker);
          broker.depth.add(r.time, -1);
          broker.inflight.add(r.time, 1);
        }
        const group = this.group(r.group);
        group.delivered++;
        if (r.attempt === 1) {
          group.wait.record(r.time - r.publishedAt);
          group.storms.firstDelivery(r.time);
        } else group.redelivered++;
        return;
      }
      case 'acked': {
        const group = this.group(r.group);
        group.acked++;
        if (r.partition >= 0) {
          // A replayed record is processed again; its end-to-end latency counts once.
          if (r.attempt === 1) group.endToEnd.record(r.time - r.publishedAt);
          return;
        }
        const broker = this.broker(r.broker);
        if (r.reason === 'late') broker.depth.add(r.time, -1);
        else broker.inflight.add(r.time, -1);
        group.backlog?.add(r.time, -1);
        // A failed message acknowledged anyway is not processed: it is lost, by the consumer.
        if (r.reason === 'ack-on-failure') group.lostByConsumer++;
        else group.endToEnd.record(r.time - r.publishedAt);
        return;
      }
      case 'published': {
        const producer = this.producer(r.producer);
        if (producer.flow.settled(r)) producer.published++;
        this.broker(r.broker).published++;
        return;
      }
      case 'rejected': {
        const producer = this.producer(r.producer);
        if (producer.flow.settled(r)) increment(producer.rejectedBy, r.reason);
        if (r.reason === 'oversize') this.broker(r.broker).oversizeRejected++;
        return;
      }
      case 'throttled':
        this.producer(r.producer).flow.entered(r);
        return;
      case 'enqueued': {
        const broker = this.broker(r.broker);
        broker.enqueued++;
        broker.depth.add(r.time, 1);
        return;
      }
      case 'dropped': {
        const broker = this.broker(r.broker);
        this.leave(broker, r);
        this.backlogOfQueue.get(r.broker)?.add(r.time, -1);
        increment(broker.droppedBy, r.reason);
        // A copy too large for a subscription or a bus target counts against that queue.
        if (r.reason === 'oversize') this.broker(broker.kind === 'bus' ? r.consumer : r.broker).oversizeRejected++;
        if (r.reason === 'refused' || r.reason === 'oversize') {
          const topic = this.topicOf.get(r.broker);
          if (topic !== undefined) topic.subscriptions.get(r.broker)!.refused++;
        }
        return;
      }
      case 'dead-lettered': {
        const broker = this.broker(r.broker);
        this.leave(broker, r);
        this.backlogOfQueue.get(r.broker)?.add(r.time, -1);
        increment(broker.deadLetteredBy, r.reason);
        return;
      }
      case 'expired': {
        const broker = this.broker(r.broker);
        broker.depth.add(r.time, -1);
        broker.expired++;
        return;
      }
      case 'redriven': {
        const broker = this.broker(r.broker);
        broker.depth.add(r.time, -1);
        broker.redriven++;
        return;
      }
      case 'requeued': {
        if (r.reason === 'nack') this.retried(r);
        const broker = this.broker(r.broker);
        broker.inflight.add(r.time, -1);
        broker.depth.add(r.time, 1);
        increment(broker.requeuedBy, r.reason);
        return;
      }
      case 'flagged': {
        const broker = this.broker(r.broker);
        broker.inflight.add(r.time, -1);
        broker.flagged++;
        return;
      }
      case 'late-ack':
        this.group(r.group).lateAcks++;
        return;
      case 'crashed':
        this.group(r.group).crashes++;
        return;
      case 'appended': {
        const broker = this.broker(r.broker);
        broker.enqueued++;
        broker.depth.add(r.time, 1);
        this.streamLag.observe(r);
        if (this.backlogsOfStream.size > 0) for (const b of this.backlogsOfStream.get(r.broker) ?? []) if (r.time >= b.from) b.level.add(r.time, 1);
        return;
      }
      case 'truncated': {
        const broker = this.broker(r.broker);
        const deleted = r.offset - broker.logStart[r.partition]!;
        broker.logStart[r.partition] = r.offset;
        broker.deleted += deleted;
        broker.depth.add(r.time, -deleted);
        this.streamLag.observe(r);
        return;
      }
      case 'committed':
      case 'reset':
      case 'assigned':
      case 'revoked':
        this.streamLag.observe(r);
        return;
      case 'rebalanced':
        this.group(r.group).rebalances++;
        return;
      case 'routed': {
        const broker = this.broker(r.broker);
        if (broker.kind === 'topic') broker.subscriptions.get(r.consumer)!.routed++;
        else increment(broker.routedTo, r.consumer);
        return;
      }
      case 'filtered':
        this.broker(r.broker).subscriptions.get(r.consumer)!.filtered++;
        return;
      case 'unmatched':
        this.broker(r.broker).unmatched++;
        return;
      case 'retrying':
        this.broker(r.broker).retried++;
        return;
      case 'polled': {
        const group = this.group(r.group);
        group.receives++;
        if (r.reason === 'empty') group.emptyReceives++;
        return;
      }
      case 'skipped': {
        const group = this.group(r.group);
        group.skipped++;
        group.backlog?.add(r.time, -1);
        return;
      }
      case 'scaled':
        // 'ready' (a cold start ended) changes what the instance does, not whether it exists.
        if (r.reason === 'up') this.group(r.group).instances.add(r.time, 1);
        else if (r.reason === 'down') this.group(r.group).instances.add(r.time, -1);
        return;
      case 'delayed':
        // A consumer's retry with backoff leaves flight; a delivery delay on a new message is in no level yet.
        if (r.reason === 'retry') {
          this.broker(r.broker).inflight.add(r.time, -1);
          this.retried(r);
        }
        return;
      case 'failed':
        increment(this.group(r.group).failedBy, r.reason);
        return;
      case 'effect': {
        const effects = this.group(r.group).sideEffects;
        if (r.reason === 'applied') effects.applied++;
        else if (r.reason === 'duplicate') {
          effects.applied++;
          effects.duplicates++;
        } else effects.avoided++;
        return;
      }
      case 'state':
        if (r.reason !== 'stale') this.group(r.group).keys.applied(r.attempt, r.offset, r.reason === 'out-of-order');
        else this.group(r.group).keys.stale++;
        return;
      case 'circuit':
        this.group(r.group).circuit.change(r.reason, r.time);
        return;
      case 'broker-crashed':
        this.broker(r.broker).crashes++;
        return;
      case 'alert':
        this.alerts.observe(r);
        return;
      case 'consumer-active': {
        const broker = this.broker(r.broker);
        broker.activations++;
        if (r.reason === 'failover') broker.failovers++;
        return;
      }
      case 'consumer-refused':
        this.broker(r.broker).refusedConsumers++;
        return;
      case 'broker-restarted':
      case 'outage':
      case 'restarted':
      case 'autoscaled':
      case 'policy':
        return;
    }
  };

  /** A consumer retried a failed delivery (requeued at once, or after a backoff). */
  private retried(r: Readonly<TraceRecord>): void {
    const group = this.group(r.group);
    group.retries++;
    group.storms.retry(r.time);
  }

  /** A dropped or dead-lettered message leaves the level its reason says it was in. */
  private leave(broker: BrokerStats, r: Readonly<TraceRecord>): void {
    const from = removedFrom(r.reason);
    if (from === 'ready') broker.depth.add(r.time, -1);
    else if (from === 'inflight') broker.inflight.add(r.time, -1);
  }

  /** Current levels and counters; cheap enough to call every animation frame. */
  frame(): Pick<RunFrameCounters, 'brokers' | 'producers' | 'groups'> {
    const brokers = this.brokerLevels();
    const producers: RunFrameCounters['producers'] = {};
    for (const [id, p] of this.producers.entries()) producers[id] = { published: p.published, rejected: sum(p.rejectedBy) };
    const groups: RunFrameCounters['groups'] = {};
    for (const [id, g] of this.groups.entries()) groups[id] = { delivered: g.delivered, acked: g.acked };
    return { brokers, producers, groups };
  }

  /** Each broker's current ready depth and in-flight count (the part of a frame a chart sample needs). */
  brokerLevels(): RunFrameCounters['brokers'] {
    const brokers: RunFrameCounters['brokers'] = {};
    for (const [id, b] of this.brokers.entries()) brokers[id] = { depth: b.depth.current, inflight: b.inflight.current };
    return brokers;
  }

  /** The metrics at virtual time `end`; `observed` is what the model itself reports, for the auditor to compare. */
  report(end: number, observed: ObservedModel = {}): MetricsReport {
    this.series.advanceTo(end, true);
    const producers: Record<string, ProducerReport> = {};
    for (const [id, p] of this.producers.entries()) {
      const rejected = sum(p.rejectedBy);
      producers[id] = {
        attempted: p.published + rejected + p.flow.stillWaiting,
        published: p.published,
        rejected,
        rejectedBy: Object.fromEntries(p.rejectedBy),
        ...p.flow.report(end),
      };
    }
    const brokers: Record<string, BrokerReport> = {};
    for (const [id, b] of this.brokers.entries()) {
      brokers[id] = {
        kind: b.kind,
        published: b.published,
        enqueued: b.enqueued,
        depth: { mean: b.depth.meanUntil(end), max: b.depth.max, final: b.depth.current },
        inflight: { mean: b.inflight.meanUntil(end), max: b.inflight.max, final: b.inflight.current },
        dropped: sum(b.droppedBy),
        droppedBy: Object.fromEntries(b.droppedBy),
        requeued: sum(b.requeuedBy),
        requeuedBy: Object.fromEntries(b.requeuedBy),
        deadLettered: sum(b.deadLetteredBy),
        deadLetteredBy: Object.fromEntries(b.deadLetteredBy),
        expired: b.expired,
        redriven: b.redriven,
        flagged: b.flagged,
        oversizeRejected: b.oversizeRejected,
        ...(b.kind === 'queue' || b.kind === 'subscription' ? { crashes: b.crashes } : {}),
        // Only a single-active or exclusive queue emits these: a competing queue's report stays as it was.
        ...(b.activations > 0 || b.refusedConsumers > 0 ? { failovers: b.failovers, refusedConsumers: b.refusedConsumers } : {}),
        ...this.kindReport(b),
        ...(b.kind === 'queue' || b.kind === 'subscription' ? { alerts: this.alerts.ofBroker(id) } : {}),
      };
    }
    const groups: Record<string, GroupReport> = {};
    for (const [id, g] of this.groups.entries()) {
      const duplicatesBy = this.auditor.duplicatesOf(id);
      const source = this.broker(g.source);
      const partitions = this.streamLag.partitions(id);
      groups[id] = {
        delivered: g.delivered,
        acked: g.acked,
        wait: g.wait.summary(),
        endToEnd: g.endToEnd.summary(),
        throughput: end > 0 ? g.acked / end : 0,
        redelivered: g.redelivered,
        duplicates: sum(duplicatesBy),
        duplicatesBy: Object.fromEntries(duplicatesBy),
        lateAcks: g.lateAcks,
        crashes: g.crashes,
        lag: this.streamLag.summary(id, end) ?? {
          mean: (g.backlog ?? source.depth).meanUntil(end),
          max: (g.backlog ?? source.depth).max,
          final: (g.backlog ?? source.depth).current,
          maxSeconds: g.wait.summary().max,
        },
        deadLettered: source.kind === 'stream' ? 0 : sum(source.deadLetteredBy),
        expired: source.expired,
        filtered: this.auditor.filteredAt(g.source),
        oversizeRejected: source.oversizeRejected,
        skipped: g.skipped,
        ...(g.backlog !== undefined ? { shared: true as const } : {}),
        idleMembers: 0,
        rebalances: g.rebalances,
        ...(partitions !== undefined ? { partitions } : {}),
        receives: g.receives,
        emptyReceives: g.emptyReceives,
        ...this.outcomeReport(g, end),
        instanceSeconds: g.instances.areaUntil(end),
        instances: { mean: g.instances.meanUntil(end), max: g.instances.max, final: g.instances.current },
        alerts: this.alerts.ofGroup(id),
      };
    }
    const invariants: InvariantReport = this.auditor.finish(end, observed);
    return { traceHash: this.hasher.digest(), producers, brokers, groups, invariants, series: this.series.report() };
  }

  /** What a group's attempts came to: failures, retries, losses, the breaker, side effects and key order. */
  private outcomeReport(g: GroupStats, end: number): Pick<GroupReport, 'failed' | 'failedBy' | 'retries' | 'retryStorms' | 'lostByConsumer' | 'circuit' | 'sideEffects' | 'outOfOrder' | 'staleSkipped' | 'wrongFinalState'> {
    g.storms.finish(end);
    return {
      failed: sum(g.failedBy),
      failedBy: Object.fromEntries(g.failedBy),
      retries: g.retries,
      retryStorms: g.storms.count,
      lostByConsumer: g.lostByConsumer,
      circuit: { opens: g.circuit.opens, openSeconds: g.circuit.openSeconds(end) },
      sideEffects: { ...g.sideEffects },
      outOfOrder: g.keys.outOfOrder,
      staleSkipped: g.keys.stale,
      wrongFinalState: g.keys.wrongFinalState(),
    };
  }

  /** The part of a broker's report only its kind has. */
  private kindReport(b: BrokerStats): Pick<BrokerReport, 'stream' | 'subscriptions' | 'bus'> {
    switch (b.kind) {
      case 'stream':
        return {
          stream: { partitions: b.logStart.length, appended: b.enqueued, deleted: b.deleted, retainedEntries: b.enqueued - b.deleted },
        };
      case 'topic':
        return { subscriptions: Object.fromEntries([...b.subscriptions].map(([id, sub]) => [id, { ...sub }])) };
      case 'bus':
        return {
          bus: { matched: b.published - b.unmatched, unmatched: b.unmatched, routed: sum(b.routedTo), routedTo: Object.fromEntries(b.routedTo), retried: b.retried },
        };
      default:
        return {};
    }
  }

  private producer(id: string): ProducerStats {
    return this.producers.get(id);
  }

  private broker(id: string): BrokerStats {
    return this.brokers.get(id);
  }

  private group(id: string): GroupStats {
    return this.groups.get(id);
  }
}

/**
 * Stats per component id, looked up on every record. Consecutive records usually name the same
 * component, so the last lookup is remembered: a string comparison instead of a hash lookup.
 */
class StatsById<T> {
  private readonly byId = new Map<string, T>();
  private lastId: string | undefined;
  private last: T | undefined;

  constructor(private readonly what: string) {}

  set(id: string, stats: T): void {
    this.byId.set(id, stats);
  }

  get(id: string): T {
    if (id === this.lastId) return this.last!;
    const stats = this.byId.get(id);
    if (stats === undefined) throw new Error(`trace names ${this.what} "${id}" that is not in the topology`);
    this.lastId = id;
    this.last = stats;
    return stats;
  }

  entries(): IterableIterator<[string, T]> {
    return this.byId.entries();
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sum(counts: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}
