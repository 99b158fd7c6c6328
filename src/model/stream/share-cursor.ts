import type { ConsumerInstance } from '../consumer-instance';
import type { ModelContext } from '../context';
import type { DeliverySource } from '../delivery';
import { createMessage, type Message } from '../message';
import type { QueueBroker } from '../queue-broker';
import type { ConsumerRejectReason, ReturnCause } from '../trace';
import type { StartFrom } from './stream-group';
import type { PartitionLogView, StreamBroker, StreamReader } from './stream-broker';

/**
 * The id of the queue of shared group `group` on stream `stream`: `stream/group`. Scenario ids cannot
 * contain '/', so it never clashes with a broker's id; trace records and reports name it.
 */
export function shareQueueId(stream: string, group: string): string {
  return `${stream}/${group}`;
}

export interface ShareCursorOptions {
  /** The id of the consumer group that reads through this cursor (named on its `skipped` records). */
  group: string;
  stream: StreamBroker;
  /**
   * The group's own queue, built by the caller with the share group's delivery knobs: `ackTimeout`
   * is the min-idle time after which an unacknowledged entry goes to another consumer (XAUTOCLAIM),
   * `maxDeliveries` / `onMaxDeliveries` the delivery limit. It must hold nothing yet, have no drop
   * policies (no maxLength, sampling or conflation: entries wait in the log, not in it) and no
   * delivery delay.
   */
  queue: QueueBroker;
  /** Where the group starts reading: the log start ('earliest') or its end ('latest', the default, as XGROUP CREATE … $). */
  startFrom?: StartFrom | undefined;
  /**
   * What happens to the entries a crashed member held. 'keep-pending' (the default, Redis): they stay
   * in the pending entries list, still its own, until their lease runs out and another member claims
   * them (never, without an ackTimeout). 'release' (Kafka share groups, once the member's session
   * has expired): they are handed back at once.
   */
  onCrash?: ShareCrashPolicy | undefined;
}

/** See ShareCursorOptions.onCrash. */
export type ShareCrashPolicy = 'keep-pending' | 'release';

/** What a crash hands back under 'keep-pending': nothing. */
const NOTHING_HANDED_BACK: readonly { message: Message; token: number }[] = Object.freeze([]);

/**
 * A shared consumer group's position in a stream (a Redis Streams consumer group, a Kafka share
 * group): every member of the group competes for the entries of the log, one entry at a time.
 *
 * The cursor keeps the group's last-delivered position per partition and moves entries out of the
 * log into the group's own queue **only when a consumer of the group has room for one** (a live
 * prefetch credit) and nothing is waiting in the queue already. So unread entries stay in the log,
 * where trimming (MAXLEN, retention) can still reach them, and the queue holds just the pending
 * entries list: entries delivered and not yet acknowledged (plus those handed back for redelivery).
 * The queue supplies the rest of the delivery lifecycle: ack (XACK), the lease that hands an idle
 * entry to the next consumer with its delivery count raised (XAUTOCLAIM after min-idle-time),
 * the delivery limit, and a dead-letter queue only if the caller configured one (Redis has none).
 *
 * Partitions are read round-robin: each move takes the next unread entry of the partition after the
 * one read last that has any (a Redis stream has a single partition, so this is plain log order).
 *
 * The cursor is the group's DeliverySource: it forwards every call to the queue, then tops the
 * queue up. It listens to the stream for appends (to top up) and truncations.
 *
 * Trace records: for each entry moved, `routed` (broker = the stream, consumer = the queue), then
 * the queue's own `enqueued` and `delivered`. For each entry trimmed before the cursor reached it,
 * `skipped` (broker = the stream, with its partition and offset, group = the group, reason
 * 'retention'), before the stream deletes it: every entry appended after the group started ends up
 * moved to the queue or skipped, or is still unread.
 *
 * Simplifications: an entry keeps no attributes (the log does not store them) and its origin is its
 * own id; an entry already moved to the queue stays deliverable after the log trims it (Redis 7 drops
 * deleted entries from the PEL when they are claimed).
 */
export class ShareCursor implements DeliverySource, StreamReader {
  /** The queue's id: the group's deliveries, acks and redeliveries name it. */
  readonly id: string;
  readonly group: string;
  private readonly stream: StreamBroker;
  private readonly queue: QueueBroker;
  private readonly logs: PartitionLogView[] = [];
  /** Per partition: the next offset to move to the queue (the last-delivered id, plus one); longer when the stream grows. */
  private positions: Float64Array;
  /** Per partition: entries trimmed before the cursor reached them. */
  private skippedOn: Float64Array;
  private skippedCount = 0;
  private movedCount = 0;
  /** The partition to look at first on the next move. */
  private rotation = 0;
  /** Guards against topping up from inside a top-up (a delivery can settle at once and free a credit). */
  private filling = false;
  private readonly keepPendingOnCrash: boolean;
  /** The one reused record for `skipped` records. */
  private readonly record = { id: 0, publishedAt: 0, producer: '' };

  constructor(
    private readonly ctx: ModelContext,
    options: ShareCursorOptions,
  ) {
    const startFrom = options.startFrom ?? 'latest';
    if (startFrom !== 'earliest' && startFrom !== 'latest') {
      throw new RangeError(`share group ${options.group}: startFrom must be 'earliest' or 'latest', got ${String(startFrom)}`);
    }
    const onCrash = options.onCrash ?? 'keep-pending';
    if (onCrash !== 'keep-pending' && onCrash !== 'release') {
      throw new RangeError(`share group ${options.group}: onCrash must be 'keep-pending' or 'release', got ${String(onCrash)}`);
    }
    this.keepPendingOnCrash = onCrash === 'keep-pending';
    if (options.queue.depth !== 0) throw new RangeError(`share group ${options.group}: its queue ${options.queue.id} must start empty, it holds ${options.queue.depth}`);
    this.group = options.group;
    this.stream = options.stream;
    this.queue = options.queue;
    this.id = options.queue.id;
    const n = options.stream.partitionCount;
    this.positions = new Float64Array(n);
    this.skippedOn = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      const log = options.stream.log(p);
      this.logs.push(log);
      this.positions[p] = startFrom === 'earliest' ? log.startOffset : log.endOffset;
    }
    options.stream.addReader(this);
  }

  /** Entries waiting for a consumer: ready in the queue (handed back for redelivery) plus unread in the log. */
  get depth(): number {
    return this.queue.depth + this.unread;
  }

  /** Entries of the log the group has not reached yet. */
  get unread(): number {
    let n = 0;
    for (let p = 0; p < this.logs.length; p++) n += this.logs[p]!.endOffset - this.positions[p]!;
    return n;
  }

  /** Entries moved from the log to the group's queue so far (first deliveries). */
  get moved(): number {
    return this.movedCount;
  }

  /** Entries trimmed from the log before the group reached them. */
  get skipped(): number {
    return this.skippedCount;
  }

  /** Skipped entries of `partition`. */
  skippedOnPartition(partition: number): number {
    return this.skippedOn[this.checkPartition(partition)]!;
  }

  /** The next offset of `partition` the group will read. */
  position(partition: number): number {
    return this.positions[this.checkPartition(partition)]!;
  }

  // ---- DeliverySource: the queue's lifecycle, then a top-up -------------------------------------

  grant(instance: ConsumerInstance, credits: number): void {
    this.queue.grant(instance, credits);
    this.fill();
  }

  releaseCredit(instance: ConsumerInstance): void {
    this.queue.releaseCredit(instance);
    this.fill();
  }

  ack(instance: ConsumerInstance, message: Message, token: number, reason?: '' | 'ack-on-failure'): void {
    this.queue.ack(instance, message, token, reason);
  }

  nack(instance: ConsumerInstance, message: Message, token: number, requeue: boolean, reason?: ConsumerRejectReason): void {
    this.queue.nack(instance, message, token, requeue, reason);
  }

  retryLater(instance: ConsumerInstance, message: Message, token: number, delay: number): void {
    this.queue.retryLater(instance, message, token, delay);
  }

  /**
   * A member crashed or left. Its credits are withdrawn either way; what it held goes back at once,
   * except after a crash under 'keep-pending', where the leases run on (see ShareCursorOptions.onCrash).
   */
  reclaim(instance: ConsumerInstance, held: readonly { message: Message; token: number }[], cause: ReturnCause): void {
    this.queue.reclaim(instance, cause === 'crash' && this.keepPendingOnCrash ? NOTHING_HANDED_BACK : held, cause);
  }

  // ---- StreamReader -----------------------------------------------------------------------------

  /** @internal Called by the stream after an append. */
  appended(): void {
    this.fill();
  }

  /** @internal Called by the stream before trimming deletes [from, to) of `partition`. */
  truncating(partition: number, from: number, to: number): void {
    const position = this.positions[partition]!;
    const first = Math.max(from, position);
    if (first >= to) return;
    const count = to - first;
    this.skippedCount += count;
    this.skippedOn[partition]! += count;
    this.positions[partition] = to;
    const { sim, tracer } = this.ctx;
    if (!tracer.active) return;
    const log = this.logs[partition]!;
    const record = this.record;
    for (let offset = first; offset < to; offset++) {
      record.id = log.idAt(offset);
      record.publishedAt = log.timeAt(offset);
      record.producer = log.producerAt(offset);
      tracer.emitLog('skipped', sim.now, record, this.stream.id, partition, offset, this.group, '', 'retention');
    }
  }

  /**
   * @internal Called by the stream after it grew from `from` partitions: the cursor reads the new ones
   * from their beginning (offset 0), so every entry appended to them reaches the group.
   */
  partitionsAdded(from: number): void {
    const total = this.stream.partitionCount;
    for (let p = from; p < total; p++) this.logs.push(this.stream.log(p));
    const positions = new Float64Array(total);
    positions.set(this.positions);
    this.positions = positions;
    const skippedOn = new Float64Array(total);
    skippedOn.set(this.skippedOn);
    this.skippedOn = skippedOn;
  }

  // ---- Moving entries ---------------------------------------------------------------------------

  /**
   * Moves entries into the queue while a consumer has a live credit and nothing waits there. The
   * queue delivers each at once, so it never holds unread entries the log could still trim.
   */
  private fill(): void {
    if (this.filling) return;
    this.filling = true;
    const queue = this.queue;
    while (queue.depth === 0 && queue.hasLiveCredit() && !queue.isDown) {
      const partition = this.nextPartition();
      if (partition < 0) break;
      this.move(partition);
    }
    this.filling = false;
  }

  /** The first partition from the rotation with an unread entry (and moves the rotation past it), or -1. */
  private nextPartition(): number {
    const n = this.logs.length;
    for (let k = 0; k < n; k++) {
      const p = (this.rotation + k) % n;
      if (this.positions[p]! < this.logs[p]!.endOffset) {
        this.rotation = (p + 1) % n;
        return p;
      }
    }
    return -1;
  }

  private move(partition: number): void {
    const log = this.logs[partition]!;
    const offset = this.positions[partition]!;
    this.positions[partition] = offset + 1;
    this.movedCount++;
    const key = log.keyAt(offset);
    const message = createMessage(
      log.idAt(offset),
      log.timeAt(offset),
      log.producerAt(offset),
      log.typeAt(offset),
      key,
      log.sizeAt(offset),
      undefined,
      key === '' ? -1 : this.ctx.keyIds.idOf(key),
      log.versionAt(offset),
    );
    const { sim, tracer } = this.ctx;
    tracer.emit('routed', sim.now, message, this.stream.id, '', this.queue.id);
    this.queue.accept(message);
  }

  private checkPartition(partition: number): number {
    if (!(partition >= 0 && partition < this.logs.length) || partition % 1 !== 0) {
      throw new RangeError(`stream ${this.stream.id} has partitions 0 to ${this.logs.length - 1}, not ${partition}`);
    }
    return partition;
  }
}
