import type { TraceRecord } from '../model';
import { MOVE, reasonCode, type MovementBatch } from './movement';
import type { TopologyGraph } from './topology-graph';

/** Entries one frame carries at most: enough for the canvas's 5,000 animated dots. */
export const DEFAULT_MOVEMENT_CAP = 5000;

/**
 * Collects the animation-relevant trace records between two frames into typed columns (see
 * MovementBatch). Past the cap it keeps a uniform sample of the frame's records (reservoir sampling
 * with a fixed-seed generator, so the same run gives the same batches) and counts the rest.
 *
 * Some records only complete an earlier one: a stream's `appended` names the partition its `published`
 * went to, and the `enqueued` after a `dead-lettered` or `redriven` names the queue it went to. Those
 * patch the entry they complete instead of adding one.
 */
export class MovementBuffer {
  private readonly kind: Uint8Array;
  private readonly reason: Uint8Array;
  private readonly colour: Uint8Array;
  private readonly time: Float64Array;
  private readonly message: Float64Array;
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly slot: Int32Array;
  private readonly partition: Int32Array;
  private count = 0;
  /** Records offered since the last take, kept or not. */
  private seen = 0;
  private start = 0;
  /** The entry the next completing record may patch (-1: none), and the message it is about. */
  private openEntry = -1;
  private openMessage = -1;
  private rng = 0x9e3779b9;
  private readonly instances = new InstanceNumbers();

  constructor(
    private readonly graph: TopologyGraph,
    readonly capacity = DEFAULT_MOVEMENT_CAP,
  ) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
    this.kind = new Uint8Array(capacity);
    this.reason = new Uint8Array(capacity);
    this.colour = new Uint8Array(capacity);
    this.time = new Float64Array(capacity);
    this.message = new Float64Array(capacity);
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
    this.slot = new Int32Array(capacity);
    this.partition = new Int32Array(capacity);
  }

  /** A trace listener; bind-free so it can be passed to Run's `onTrace` directly. */
  readonly observe = (r: Readonly<TraceRecord>): void => {
    const node = this.graph.byId;
    switch (r.kind) {
      case 'published': {
        const at = this.push(MOVE.published, r, this.nodeOf(r.producer), node.get(r.broker) ?? -1, 0, -1, 0);
        this.open(at, r.message);
        return;
      }
      case 'rejected':
        this.push(MOVE.rejected, r, this.nodeOf(r.producer), this.nodeOf(r.broker), 0, -1, reasonCode(r.reason));
        return;
      case 'routed': {
        // A bus names the rule in `reason`; a shared stream group's cursor routes within the stream itself.
        const from = node.get(`${r.broker}/${r.reason}`) ?? this.nodeOf(r.broker);
        const to = this.nodeOf(r.consumer);
        if (from === to) return;
        this.open(this.push(MOVE.routed, r, from, to, 0, -1, 0), r.message);
        return;
      }
      case 'filtered':
        this.push(MOVE.filtered, r, this.nodeOf(r.broker), this.nodeOf(r.consumer), 0, -1, 0);
        return;
      case 'appended': {
        const open = this.openFor(r.message);
        if (open >= 0 && this.to[open] === this.nodeOf(r.broker)) this.partition[open] = r.partition;
        else this.push(MOVE.appended, r, this.nodeOf(r.broker), this.nodeOf(r.broker), 0, r.partition, 0);
        return;
      }
      case 'delivered': {
        const repeat = r.attempt > 1 || r.reason !== '';
        this.push(repeat ? MOVE.redelivered : MOVE.delivered, r, this.nodeOf(r.broker), this.nodeOf(r.group), this.instances.of(r.consumer), r.partition, reasonCode(r.reason));
        return;
      }
      case 'acked': {
        const group = this.nodeOf(r.group);
        this.push(MOVE.acked, r, group, group, this.instances.of(r.consumer), r.partition, 0);
        return;
      }
      case 'requeued':
        this.push(MOVE.requeued, r, this.nodeOf(r.group), this.nodeOf(r.broker), this.instances.of(r.consumer), -1, reasonCode(r.reason));
        return;
      case 'dropped':
        this.push(MOVE.dropped, r, this.nodeOf(r.broker), this.nodeOf(r.broker), this.instances.of(r.consumer), -1, reasonCode(r.reason));
        return;
      case 'expired':
        this.push(MOVE.expired, r, this.nodeOf(r.broker), this.nodeOf(r.broker), 0, -1, reasonCode('expired'));
        return;
      case 'dead-lettered': {
        // The record does not name the DLQ; the `enqueued` there that follows does.
        const from = this.nodeOf(r.broker);
        this.open(this.push(MOVE['dead-lettered'], r, from, from, 0, -1, reasonCode(r.reason)), r.message);
        return;
      }
      case 'redriven': {
        const from = this.nodeOf(r.broker);
        this.open(this.push(MOVE.redriven, r, from, from, 0, -1, 0), r.message);
        return;
      }
      case 'enqueued': {
        const open = this.openFor(r.message);
        if (open >= 0 && (this.kind[open] === MOVE['dead-lettered'] || this.kind[open] === MOVE.redriven)) this.to[open] = this.nodeOf(r.broker);
        return;
      }
      default:
    }
  };

  /** The entries since the last take, as fresh arrays (safe to transfer), covering virtual time up to `end`. */
  take(end: number): MovementBatch {
    const n = this.count;
    const batch: MovementBatch = {
      count: n,
      omitted: this.seen - n,
      start: this.start,
      end,
      kind: this.kind.slice(0, n),
      reason: this.reason.slice(0, n),
      colour: this.colour.slice(0, n),
      time: this.time.slice(0, n),
      message: this.message.slice(0, n),
      from: this.from.slice(0, n),
      to: this.to.slice(0, n),
      slot: this.slot.slice(0, n),
      partition: this.partition.slice(0, n),
    };
    this.count = 0;
    this.seen = 0;
    this.start = end;
    this.openEntry = -1;
    this.openMessage = -1;
    return batch;
  }

  private nodeOf(id: string): number {
    return this.graph.byId.get(id) ?? -1;
  }

  private open(entry: number, message: number): void {
    this.openEntry = entry;
    this.openMessage = entry >= 0 ? message : -1;
  }

  /** The open entry if it is still about `message` (it may have been replaced by sampling since). */
  private openFor(message: number): number {
    const at = this.openEntry;
    return at >= 0 && this.openMessage === message && this.message[at] === message ? at : -1;
  }

  /** Stores one entry (or samples it out); returns its index, or -1 when it was left out. */
  private push(kind: number, r: Readonly<TraceRecord>, from: number, to: number, slot: number, partition: number, reason: number): number {
    const at = this.reserve();
    if (at < 0) return -1;
    this.kind[at] = kind;
    this.reason[at] = reason;
    this.colour[at] = this.graph.producerType.get(r.producer) ?? 0;
    this.time[at] = r.time;
    this.message[at] = r.message;
    this.from[at] = from;
    this.to[at] = to;
    this.slot[at] = slot;
    this.partition[at] = partition;
    return at;
  }

  /** Counts one record and picks its entry: the next free one, or past the cap a random kept one (or none, -1). */
  private reserve(): number {
    this.seen++;
    if (this.count < this.capacity) return this.count++;
    // Reservoir sampling: the seen-th record replaces a random kept one with probability capacity / seen.
    const at = this.nextRandom() % this.seen;
    return at < this.capacity ? at : -1;
  }

  /** xorshift32: a fixed-seed sequence, so sampling is as deterministic as the run. */
  private nextRandom(): number {
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng;
  }
}

/** The instance number in a consumer id such as `email#2` (0 when there is none). */
export function instanceNumber(consumer: string): number {
  const hash = consumer.lastIndexOf('#');
  if (hash < 0) return 0;
  const n = Number(consumer.slice(hash + 1));
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * Instance numbers by consumer id, parsed once per id: the trace names the instance on every delivery
 * and ack, and parsing the id each time would allocate a string per record on the worker's hot path.
 */
export class InstanceNumbers {
  private readonly known = new Map<string, number>();

  of(consumer: string): number {
    let n = this.known.get(consumer);
    if (n === undefined) this.known.set(consumer, (n = instanceNumber(consumer)));
    return n;
  }
}
