import type { TraceRecord } from '../model';
import type { LagSummary, PartitionLagReport } from './report';
import { TimeWeightedLevel } from './time-average';
import type { Topology } from './topology';

/**
 * Append times of one partition's records from offset `base` on: what the age of a group's oldest
 * unconsumed record needs. Offsets every group has committed past are dropped, so memory follows
 * the slowest group's lag, not the log.
 */
class AppendTimes {
  private times = new Float64Array(64);
  /** Offset of the oldest time kept; times live in a ring starting at `head`. */
  private base = 0;
  private head = 0;
  private count = 0;

  push(time: number): void {
    if (this.count === this.times.length) this.grow();
    this.times[(this.head + this.count) & (this.times.length - 1)] = time;
    this.count++;
  }

  /** Append time of `offset`, or NaN when it is no longer (or not yet) kept. */
  at(offset: number): number {
    const i = offset - this.base;
    return i >= 0 && i < this.count ? this.times[(this.head + i) & (this.times.length - 1)]! : NaN;
  }

  dropBefore(offset: number): void {
    while (this.count > 0 && this.base < offset) {
      this.head = (this.head + 1) & (this.times.length - 1);
      this.base++;
      this.count--;
    }
  }

  private grow(): void {
    const bigger = new Float64Array(this.times.length * 2);
    for (let i = 0; i < this.count; i++) bigger[i] = this.times[(this.head + i) & (this.times.length - 1)]!;
    this.times = bigger;
    this.head = 0;
  }
}

interface GroupLag {
  readonly id: string;
  /** Per partition: the committed offset (the start position before the first commit), or -1 before the group starts. */
  readonly committed: number[];
  readonly owner: string[];
  readonly level: TimeWeightedLevel;
  maxSeconds: number;
}

interface StreamState {
  readonly start: number[];
  readonly end: number[];
  readonly times: AppendTimes[];
  readonly groups: GroupLag[];
}

/**
 * Consumer lag of stream groups, from the trace: per partition, records appended and not yet
 * committed (as Kafka tools report it: log end − committed offset, counting only retained records),
 * summed over partitions into a time-weighted level; and the largest age the oldest uncommitted
 * record reached. That age grows linearly between commits, so its maximum is reached just before a
 * commit or at the end, which is where it is measured.
 */
export class StreamLag {
  private readonly streams = new Map<string, StreamState>();
  private readonly groups = new Map<string, { group: GroupLag; stream: StreamState }>();

  constructor(topology: Topology) {
    for (const b of topology.brokers) {
      if (b.kind !== 'stream') continue;
      const n = b.partitions ?? 1;
      this.streams.set(b.id, {
        start: new Array<number>(n).fill(0),
        end: new Array<number>(n).fill(0),
        times: Array.from({ length: n }, () => new AppendTimes()),
        groups: [],
      });
    }
    for (const g of topology.groups) {
      const stream = this.streams.get(g.broker);
      if (stream === undefined) continue;
      const n = stream.end.length;
      const group: GroupLag = { id: g.id, committed: new Array<number>(n).fill(-1), owner: new Array<string>(n).fill(''), level: new TimeWeightedLevel(), maxSeconds: 0 };
      stream.groups.push(group);
      this.groups.set(g.id, { group, stream });
    }
  }

  get active(): boolean {
    return this.streams.size > 0;
  }

  observe(r: Readonly<TraceRecord>): void {
    switch (r.kind) {
      case 'appended': {
        const stream = this.streams.get(r.broker);
        if (stream === undefined) return;
        stream.end[r.partition]!++;
        stream.times[r.partition]!.push(r.time);
        for (const group of stream.groups) if (group.committed[r.partition]! >= 0) group.level.add(r.time, 1);
        return;
      }
      case 'truncated': {
        const stream = this.streams.get(r.broker);
        if (stream === undefined) return;
        for (const group of stream.groups) {
          const before = this.lagOf(stream, group, r.partition);
          stream.start[r.partition] = r.offset;
          group.level.add(r.time, this.lagOf(stream, group, r.partition) - before);
        }
        stream.start[r.partition] = r.offset;
        return;
      }
      case 'reset':
      case 'committed': {
        const found = this.groups.get(r.group);
        if (found === undefined || r.partition < 0) return;
        const { group, stream } = found;
        // Falling off the log moves the position only; the committed offset follows at the next commit.
        if (r.kind === 'reset' && r.reason === 'out-of-range' && group.committed[r.partition]! >= 0) return;
        if (r.kind === 'committed') this.noteAge(stream, group, r.partition, r.time);
        const before = this.lagOf(stream, group, r.partition);
        group.committed[r.partition] = r.offset;
        group.level.add(r.time, this.lagOf(stream, group, r.partition) - before);
        this.trim(stream, r.partition);
        return;
      }
      case 'assigned':
      case 'revoked': {
        const found = this.groups.get(r.group);
        if (found !== undefined && r.partition >= 0) found.group.owner[r.partition] = r.kind === 'assigned' ? r.consumer : '';
        return;
      }
      default:
        return;
    }
  }

  /** The group's lag at `end`, or undefined for a group that does not read a stream. */
  summary(id: string, end: number): LagSummary | undefined {
    const found = this.groups.get(id);
    if (found === undefined) return undefined;
    const { group, stream } = found;
    for (let p = 0; p < stream.end.length; p++) this.noteAge(stream, group, p, end);
    const level = group.level;
    return { mean: level.meanUntil(end), max: level.max, final: level.current, maxSeconds: group.maxSeconds };
  }

  /** Per partition lag and offsets of a stream group at the end. */
  partitions(id: string): Record<string, PartitionLagReport> | undefined {
    const found = this.groups.get(id);
    if (found === undefined) return undefined;
    const { group, stream } = found;
    const out: Record<string, PartitionLagReport> = {};
    for (let p = 0; p < stream.end.length; p++) {
      out[String(p)] = { lag: this.lagOf(stream, group, p), committed: group.committed[p]!, owner: group.owner[p]!, logEnd: stream.end[p]! };
    }
    return out;
  }

  private lagOf(stream: StreamState, group: GroupLag, p: number): number {
    const committed = group.committed[p]!;
    if (committed < 0) return 0;
    return stream.end[p]! - Math.max(committed, stream.start[p]!);
  }

  /** The age at `now` of the oldest record `group` has not committed on partition `p`. */
  private noteAge(stream: StreamState, group: GroupLag, p: number, now: number): void {
    const committed = group.committed[p]!;
    if (committed < 0) return;
    const oldest = Math.max(committed, stream.start[p]!);
    if (oldest >= stream.end[p]!) return;
    const appendedAt = stream.times[p]!.at(oldest);
    if (!Number.isNaN(appendedAt)) group.maxSeconds = Math.max(group.maxSeconds, now - appendedAt);
  }

  /** Forgets append times below every group's committed offset; a group not started yet keeps them all. */
  private trim(stream: StreamState, p: number): void {
    let lowest = Infinity;
    for (const group of stream.groups) lowest = Math.min(lowest, group.committed[p]! < 0 ? stream.start[p]! : group.committed[p]!);
    stream.times[p]!.dropBefore(lowest);
  }
}
