import { LatencyHistogram } from '../metrics/latency';
import type { TraceRecord } from '../model';
import type { Scenario } from '../scenario';
import { mostPartitions } from '../scenario/partitions';
import type { AlertMark, DepthSample, SeriesSample } from './protocol';

interface GroupTrack {
  readonly id: string;
  /** The broker it reads (a queue, a subscription or a stream). */
  readonly reads: string;
  /** When the group joins the run (a timeline add-group), else 0: it has no lag before. */
  readonly from: number;
  /** Per partition, for a group reading a stream; null for a queue group. */
  readonly committed: Float64Array | null;
  /** Where the group reads from before its first commit (a reset moves it), per partition. */
  readonly start: Float64Array | null;
  /** End-to-end latencies of this interval's acks. */
  latency: LatencyHistogram;
  acked: number;
}

/** Counter slots, so each record bumps one typed-array cell. */
const PUBLISHED = 0;
const ACKED = 1;
const DROPPED = 2;
const DEAD_LETTERED = 3;
const REDELIVERED = 4;
const RETRIED = 5;
const COUNTERS = 6;

/**
 * The worker's listener for the lab's charts: it counts, per sample interval, what the trace says
 * happened (publishes, acks, drops, dead letters, redeliveries, retries, per-group end-to-end
 * latency, alert changes) and keeps each stream's log end and each stream group's committed offsets,
 * so that `sample` can give one `SeriesSample` at each of SampledRun's sample times. Per record it
 * only bumps counters and reads maps: nothing is allocated, except for the rare alert record.
 */
export class ChartTap {
  private readonly counts = new Float64Array(COUNTERS);
  private readonly groups: GroupTrack[] = [];
  private readonly groupIndex = new Map<string, number>();
  /** The group the last lookup found: acks come in runs from one group, and a string compare beats a Map lookup. */
  private lastGroupId = '';
  private lastGroup: GroupTrack | undefined;
  /** Log end offset per partition, by stream id. */
  private readonly logEnd = new Map<string, Float64Array>();
  private alerts: AlertMark[] = [];

  constructor(scenario: Scenario) {
    const partitions = new Map<string, number>();
    for (const b of scenario.brokers) {
      if (b.kind === 'stream') {
        const most = mostPartitions(scenario, b.id, b.partitions);
        partitions.set(b.id, most);
        this.logEnd.set(b.id, new Float64Array(most));
      }
    }
    const specs = scenario.consumers.map((spec) => ({ spec, from: 0 }));
    for (const a of scenario.timeline) if (a.action === 'add-group') specs.push({ spec: a.group, from: a.at });
    for (const { spec, from } of specs) {
      if (this.groupIndex.has(spec.id)) continue;
      const n = partitions.get(spec.reads);
      this.groupIndex.set(spec.id, this.groups.length);
      this.groups.push({
        id: spec.id,
        reads: spec.reads,
        from,
        committed: n === undefined ? null : new Float64Array(n).fill(-1),
        start: n === undefined ? null : new Float64Array(n),
        latency: new LatencyHistogram(),
        acked: 0,
      });
    }
  }

  /** The ids of the consumer groups, in the order their series come. */
  get groupIds(): string[] {
    return this.groups.map((g) => g.id);
  }

  readonly observe = (r: Readonly<TraceRecord>): void => {
    switch (r.kind) {
      case 'published':
        this.counts[PUBLISHED]!++;
        // A producer repeating a publish whose confirm was lost is a retry too.
        if (r.reason === 'retry') this.counts[RETRIED]!++;
        return;
      case 'acked': {
        this.counts[ACKED]!++;
        const g = this.groupOf(r.group);
        if (g !== undefined) {
          g.acked++;
          if (r.time >= r.publishedAt) g.latency.record(r.time - r.publishedAt);
        }
        return;
      }
      case 'dropped':
      case 'expired':
        this.counts[DROPPED]!++;
        return;
      case 'dead-lettered':
        this.counts[DEAD_LETTERED]!++;
        return;
      case 'delivered':
        if (r.attempt > 1) this.counts[REDELIVERED]!++;
        return;
      case 'delayed':
        if (r.reason === 'retry') this.counts[RETRIED]!++;
        return;
      case 'retrying':
        this.counts[RETRIED]!++;
        return;
      case 'appended': {
        const end = this.logEnd.get(r.broker);
        if (end && r.partition < end.length && r.offset + 1 > end[r.partition]!) end[r.partition] = r.offset + 1;
        return;
      }
      case 'committed':
      case 'reset': {
        const g = this.groupOf(r.group);
        if (!g?.committed || r.partition < 0 || r.partition >= g.committed.length) return;
        if (r.kind === 'committed') g.committed[r.partition] = r.offset;
        else if (g.committed[r.partition]! < 0) g.start![r.partition] = r.offset;
        return;
      }
      case 'alert':
        this.alerts.push({ time: r.time, name: r.reason, firing: r.attempt === 1, group: r.group, broker: r.broker, value: r.offset });
        return;
      default:
    }
  };

  /**
   * Closes the interval ending at `time`: its counts, each group's latency percentiles and lag now
   * (`brokers` are the broker levels of the depth sample taken at the same time), and its alert changes.
   */
  sample(time: number, brokers: DepthSample['brokers']): SeriesSample {
    const c = this.counts;
    const groups: SeriesSample['groups'] = {};
    for (const g of this.groups) {
      const summary = g.latency.summary();
      const none = summary.count === 0;
      groups[g.id] = {
        acked: g.acked,
        p50: none ? NaN : summary.p50,
        p95: none ? NaN : summary.p95,
        p99: none ? NaN : summary.p99,
        ...(time < g.from ? { lag: NaN } : this.lagOf(g, brokers)),
      };
      if (!none) g.latency = new LatencyHistogram();
      g.acked = 0;
    }
    const sample: SeriesSample = {
      time,
      published: c[PUBLISHED]!,
      acked: c[ACKED]!,
      dropped: c[DROPPED]!,
      deadLettered: c[DEAD_LETTERED]!,
      redelivered: c[REDELIVERED]!,
      retried: c[RETRIED]!,
      groups,
      alerts: this.alerts,
    };
    c.fill(0);
    this.alerts = [];
    return sample;
  }

  private groupOf(id: string): GroupTrack | undefined {
    if (id !== this.lastGroupId) {
      const i = this.groupIndex.get(id);
      this.lastGroupId = id;
      this.lastGroup = i === undefined ? undefined : this.groups[i];
    }
    return this.lastGroup;
  }

  /** A queue group's lag is what waits in its queue (ready and in flight); a stream group's, log end − committed per partition. */
  private lagOf(g: GroupTrack, brokers: DepthSample['brokers']): { lag: number; partitions?: number[] } {
    if (!g.committed) {
      const levels = brokers[g.reads];
      return { lag: levels ? levels.depth + levels.inflight : 0 };
    }
    const end = this.logEnd.get(g.reads)!;
    const partitions: number[] = [];
    let lag = 0;
    for (let p = 0; p < g.committed.length; p++) {
      const from = g.committed[p]! >= 0 ? g.committed[p]! : g.start![p]!;
      const behind = Math.max(0, end[p]! - from);
      partitions.push(behind);
      lag += behind;
    }
    return { lag, partitions };
  }
}
