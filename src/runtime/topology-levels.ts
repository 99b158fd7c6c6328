import { removedFrom, type TraceRecord } from '../model';
import { INSTANCE_STATE, type GroupLevels, type OffsetLevels, type StreamLevels } from './movement';
import { InstanceNumbers } from './movement-buffer';
import type { TopologyGraph } from './topology-graph';

/** Instances tracked per group at most: the canvas cannot draw more legibly anyway. */
export const MAX_TRACKED_INSTANCES = 256;

interface GroupState {
  node: number;
  stream: boolean;
  held: number[];
  state: number[];
  owned: number[];
}

interface StreamState {
  node: number;
  start: number[];
  end: number[];
}

interface OffsetState {
  group: number;
  stream: number;
  committed: number[];
  position: number[];
}

/**
 * The levels the canvas draws that a queue's depth does not give, kept from the trace alone: what
 * each group instance holds and whether it is up, crashed or (on a stream) idle; each partition's log
 * start and end; each stream group's committed offset and read position. Reading the trace rather than
 * the model keeps the runtime independent of how the model stores its state.
 */
export class TopologyLevels {
  private readonly instances = new InstanceNumbers();
  private readonly groups = new Map<string, GroupState>();
  private lastGroupId = '';
  private lastGroup: GroupState | undefined;
  private readonly streams = new Map<string, StreamState>();
  /** By `group` id (a group reads one stream). */
  private readonly offsets = new Map<string, OffsetState>();

  constructor(private readonly graph: TopologyGraph) {
    for (const node of graph.nodes) {
      if (node.kind === 'stream') {
        this.streams.set(node.id, { node: node.index, start: zeros(node.partitions), end: zeros(node.partitions) });
      } else if (node.kind === 'group') {
        const reads = graph.nodes[node.reads];
        const stream = reads?.kind === 'stream';
        const live = node.from === 0 ? Math.min(node.instances, MAX_TRACKED_INSTANCES) : 0;
        this.groups.set(node.id, {
          node: node.index,
          stream,
          held: zeros(live),
          state: new Array<number>(live).fill(INSTANCE_STATE.live),
          owned: new Array<number>(live).fill(stream ? 0 : -1),
        });
        if (stream) {
          const n = reads.partitions;
          this.offsets.set(node.id, { group: node.index, stream: reads.index, committed: new Array<number>(n).fill(-1), position: new Array<number>(n).fill(-1) });
        }
      }
    }
  }

  readonly observe = (r: Readonly<TraceRecord>): void => {
    switch (r.kind) {
      case 'delivered':
        this.hold(r, 1);
        if (r.partition >= 0) {
          const o = this.offsets.get(r.group);
          if (o && r.partition < o.position.length) o.position[r.partition] = Math.max(o.position[r.partition]!, r.offset + 1);
        }
        return;
      case 'acked':
      case 'requeued':
      case 'flagged':
        this.hold(r, -1);
        return;
      case 'delayed':
      case 'dropped':
      case 'dead-lettered':
        // Only a message leaving an instance's hands names the instance.
        if (r.consumer !== '' && r.group !== '' && (r.kind === 'delayed' || removedFrom(r.reason) === 'inflight')) this.hold(r, -1);
        return;
      case 'scaled':
        // A cold-starting instance is drawn as up: it exists and is counted, and takes work at 'ready'.
        if (r.reason === 'up' || r.reason === 'ready') this.setState(r, INSTANCE_STATE.live);
        else if (r.reason === 'down') this.setState(r, INSTANCE_STATE.absent);
        return;
      case 'crashed':
        this.setState(r, INSTANCE_STATE.crashed);
        return;
      case 'restarted':
        this.setState(r, INSTANCE_STATE.live);
        return;
      case 'assigned':
      case 'revoked': {
        const g = this.groupOf(r.group);
        const i = g ? this.instanceIndex(g, r.consumer) : -1;
        if (g && i >= 0) g.owned[i] = Math.max(0, (g.owned[i] ?? 0) + (r.kind === 'assigned' ? 1 : -1));
        return;
      }
      case 'appended': {
        const s = this.streams.get(r.broker);
        if (s && r.partition < s.end.length) s.end[r.partition] = Math.max(s.end[r.partition]!, r.offset + 1);
        return;
      }
      case 'truncated': {
        const s = this.streams.get(r.broker);
        if (s && r.partition < s.start.length) s.start[r.partition] = r.offset;
        return;
      }
      case 'committed': {
        const o = this.offsets.get(r.group);
        if (o && r.partition < o.committed.length) o.committed[r.partition] = r.offset;
        return;
      }
      case 'reset': {
        const o = this.offsets.get(r.group);
        if (o && r.partition < o.position.length) o.position[r.partition] = r.offset;
        return;
      }
      default:
    }
  };

  /** The levels now, as fresh typed arrays (safe to transfer). */
  snapshot(): { groups: GroupLevels[]; streams: StreamLevels[]; offsets: OffsetLevels[] } {
    return {
      groups: [...this.groups.values()].map((g) => ({ node: g.node, held: Int32Array.from(g.held), state: Uint8Array.from(g.state), owned: Int32Array.from(g.owned) })),
      streams: [...this.streams.values()].map((s) => ({ node: s.node, start: Float64Array.from(s.start), end: Float64Array.from(s.end) })),
      offsets: [...this.offsets.values()].map((o) => ({ group: o.group, stream: o.stream, committed: Float64Array.from(o.committed), position: Float64Array.from(o.position) })),
    };
  }

  /** The group's state, remembering the last one found: a group's records come in runs. */
  private groupOf(id: string): GroupState | undefined {
    if (id !== this.lastGroupId) {
      this.lastGroupId = id;
      this.lastGroup = this.groups.get(id);
    }
    return this.lastGroup;
  }

  /**
   * The array index of instance `consumer` in group `g`, growing the group's arrays to include it, or
   * -1 when it is not tracked. It runs for most records, so it hands back a bare index, not a pair.
   */
  private instanceIndex(g: GroupState, consumer: string): number {
    const n = this.instances.of(consumer);
    if (n < 1 || n > MAX_TRACKED_INSTANCES) return -1;
    while (g.held.length < n) {
      g.held.push(0);
      g.state.push(INSTANCE_STATE.absent);
      g.owned.push(g.stream ? 0 : -1);
    }
    return n - 1;
  }

  private hold(r: Readonly<TraceRecord>, delta: number): void {
    const g = this.groupOf(r.group);
    if (!g) return;
    const i = this.instanceIndex(g, r.consumer);
    if (i < 0) return;
    // A record of an instance we had not heard of yet means it exists.
    if (g.state[i] === INSTANCE_STATE.absent) g.state[i] = INSTANCE_STATE.live;
    g.held[i] = Math.max(0, g.held[i]! + delta);
  }

  private setState(r: Readonly<TraceRecord>, state: number): void {
    const g = this.groupOf(r.group);
    if (!g) return;
    const i = this.instanceIndex(g, r.consumer);
    if (i < 0) return;
    g.state[i] = state;
    if (state === INSTANCE_STATE.crashed || state === INSTANCE_STATE.absent) g.held[i] = 0;
  }
}

function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}
