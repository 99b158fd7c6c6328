import { checkMaxMessageBytes, sizeRefusal, type Broker, type RejectReason } from '../broker';
import type { ModelContext } from '../context';
import type { Message } from '../message';
import type { RandomStream } from '../../engine';
import { createLogStrings, PartitionLog, type PartitionLogOptions } from './partition-log';
import { checkPartitionCount, createPartitioner, kafkaKeyPartition, type Partitioner, type PartitionerSpec } from './partitioners';
import type { StringTable } from './string-table';
import type { RetentionOptions } from './retention';

/** A partition log as readers see it: everything but the calls that change it. */
export type PartitionLogView = Omit<PartitionLog, 'append' | 'truncateBefore' | 'enforceRetention'>;

/**
 * What a stream tells the consumer groups reading it. Calls are synchronous, in the order the
 * changes happen, and carry only numbers, so notifying costs no allocation.
 */
export interface StreamReader {
  /** An entry was appended to `partition` (retention due at that append has already run). */
  appended(partition: number): void;
  /**
   * Retention is about to delete the entries [from, to) of `partition`; they can still be read
   * (this is the reader's last chance to see which records it will never read).
   */
  truncating(partition: number, from: number, to: number): void;
  /**
   * The stream grew from `from` partitions to its new partitionCount (StreamBroker.addPartitions); the
   * new ones are empty. Optional for a reader that follows only the partitions it was given.
   */
  partitionsAdded?(from: number): void;
}

export interface StreamBrokerOptions {
  id: string;
  /** Number of partitions: a whole number >= 1. */
  partitions: number;
  /**
   * How messages are spread over partitions (default: keyed, with Kafka's sticky partitioning for
   * messages without a key). Simplification: one partitioner per stream, shared by every producer,
   * where Kafka has one per producer.
   */
  partitioner?: PartitionerSpec | undefined;
  /** Retention limits, applied to each partition separately (default: keep everything). */
  retention?: RetentionOptions | undefined;
  /** Storage chunk size of each partition log (see PartitionLogOptions.chunkEntries). */
  chunkEntries?: number | undefined;
  /** Largest record the stream takes, in bytes (Kafka message.max.bytes, about 1 MiB); undefined for no limit. */
  maxMessageBytes?: number | undefined;
}

const DEFAULT_PARTITIONER: PartitionerSpec = { type: 'keyed' };

/**
 * A partitioned append-only log (Kafka topic, Redis stream, Pulsar partitioned topic). A published
 * message is appended to one partition and never removed by reading: consumer groups (StreamGroup)
 * keep their own positions. Retention by age, bytes or count deletes old entries on virtual time,
 * whoever has or has not read them.
 *
 * Trace: `appended` for every accepted message; `truncated` (offset = the new log start) whenever
 * retention deletes entries of a partition, before the readers' `skipped` records for them.
 * A stream never refuses a publish.
 *
 * Simplification: the log keeps the append time, not the publish time; records read back from the
 * log report the append time as `publishedAt`. They are equal for a producer publishing straight to
 * the stream (appending is immediate).
 */
export class StreamBroker implements Broker {
  readonly kind = 'stream';
  readonly id: string;
  /** Largest message taken, in bytes; undefined for no limit. */
  readonly maxMessageBytes: number | undefined;
  private readonly logs: PartitionLog[] = [];
  /** Spreads records without a key (and all records, unless keyed); rebuilt for the new count by addPartitions. */
  private partitioner: Partitioner;
  private readonly partitionerSpec: PartitionerSpec;
  private readonly partitionerRandom: RandomStream;
  /** What every partition log is built with (addPartitions makes more of the same). */
  private readonly logOptions: Omit<PartitionLogOptions, 'name'>;
  /** Keyed partitioning: the interned key table. */
  private readonly keys: StringTable;
  private readonly keyed: boolean;
  /**
   * Per run-wide key number (Message.keyId), two slots side by side: the key's index in `keys` and its
   * keyed partition (each -1 until first needed), so known keys skip the string lookup and the hash.
   * Side by side because keys arrive in random order: with many keys, each table read at random
   * misses the cache, and one pair costs one miss where two tables cost two.
   */
  private keySlots: Int32Array = new Int32Array(2048).fill(-1);
  private readonly readers: StreamReader[] = [];
  /** Whether any retention limit is set: without one, appends skip the retention check entirely. */
  private readonly retains: boolean;
  /** Per partition: the pending retention event, or -1. */
  private retentionTimers: Float64Array;
  private readonly onRetentionDue = (partition: number): void => {
    this.retentionTimers[partition] = -1;
    this.enforce(partition);
  };

  constructor(
    private readonly ctx: ModelContext,
    options: StreamBrokerOptions,
  ) {
    this.id = options.id;
    this.maxMessageBytes = checkMaxMessageBytes(options.maxMessageBytes, `stream '${options.id}'`);
    const partitions = checkPartitionCount(options.partitions);
    this.partitionerSpec = options.partitioner ?? DEFAULT_PARTITIONER;
    this.partitionerRandom = ctx.random.stream(`stream:${options.id}:partitioner`);
    this.partitioner = createPartitioner(this.partitionerSpec, partitions, this.partitionerRandom);
    const strings = createLogStrings();
    this.keys = strings.keys;
    this.keyed = this.partitionerSpec.type === 'keyed';
    this.logOptions = { retention: options.retention, chunkEntries: options.chunkEntries, strings };
    for (let p = 0; p < partitions; p++) this.logs.push(new PartitionLog({ name: `${options.id}/${p}`, ...this.logOptions }));
    const policy = this.logs[0]!.policy;
    this.retains = policy.retentionSeconds !== Infinity || policy.retentionBytes !== Infinity || policy.maxEntries !== Infinity;
    this.retentionTimers = new Float64Array(partitions).fill(-1);
  }

  get partitionCount(): number {
    return this.logs.length;
  }

  /** The log of `partition`, for reading. Throws a RangeError for a partition that does not exist. */
  log(partition: number): PartitionLogView {
    const log = this.logs[partition];
    if (log === undefined) throw new RangeError(`stream ${this.id} has partitions 0 to ${this.logs.length - 1}, not ${partition}`);
    return log;
  }

  /** Entries retained over all partitions. */
  get retainedEntries(): number {
    let n = 0;
    for (const log of this.logs) n += log.retainedEntries;
    return n;
  }

  /** Payload bytes retained over all partitions. */
  get retainedBytes(): number {
    let n = 0;
    for (const log of this.logs) n += log.retainedBytes;
    return n;
  }

  /** Entries ever appended over all partitions. */
  get appendedEntries(): number {
    let n = 0;
    for (const log of this.logs) n += log.endOffset;
    return n;
  }

  /**
   * Grows the stream to `total` partitions now, as `kafka-topics --alter --partitions` does: the new
   * partitions start empty at offset 0, and records published from now on are spread over all of them.
   * A key's partition is its hash modulo the new count, so a key may move to another partition: order
   * per key holds within each partition, not across the change (real Kafka behaves the same). The
   * partitioner for records without a key starts afresh over the new count (a sticky batch in progress
   * ends; round-robin starts again at partition 0). Every reader is told (partitionsAdded), after the
   * `policy` record (reason 'add-partitions', attempt the new count). Throws a RangeError unless `total`
   * is a whole number above the current count.
   */
  addPartitions(total: number): void {
    const from = this.logs.length;
    if (!(Number.isSafeInteger(total) && total > from)) throw new RangeError(`stream ${this.id}: partitions can only grow, from ${from} to a whole number above it, got ${total}`);
    checkPartitionCount(total);
    const { sim, tracer } = this.ctx;
    tracer.emitPolicy(sim.now, 'add-partitions', this.id, '', '', total);
    for (let p = from; p < total; p++) this.logs.push(new PartitionLog({ name: `${this.id}/${p}`, ...this.logOptions }));
    const timers = new Float64Array(total).fill(-1);
    timers.set(this.retentionTimers);
    this.retentionTimers = timers;
    this.partitioner = createPartitioner(this.partitionerSpec, total, this.partitionerRandom);
    // Remembered keyed partitions were for the old count; the interned key indexes stay valid.
    for (let i = 1; i < this.keySlots.length; i += 2) this.keySlots[i] = -1;
    const readers = this.readers;
    for (let i = 0; i < readers.length; i++) readers[i]!.partitionsAdded?.(from);
  }

  /** Starts notifying `reader` of appends and truncations. */
  addReader(reader: StreamReader): void {
    if (!this.readers.includes(reader)) this.readers.push(reader);
  }

  removeReader(reader: StreamReader): void {
    const i = this.readers.indexOf(reader);
    if (i >= 0) this.readers.splice(i, 1);
  }

  /** A stream is never full; it refuses only records over its size limit. */
  refusal(message?: Message): RejectReason | undefined {
    return sizeRefusal(message, this.maxMessageBytes);
  }

  accept(message: Message): void {
    const { sim, tracer } = this.ctx;
    const now = sim.now;
    // The key is interned once: its index goes into the log, and its keyed partition is cached beside it.
    // A message with a key number has a key (Message.keyId), so the string itself is not read here. One
    // without a number (none of the model's producers makes such a keyed message) hashes its key each time.
    const keyId = message.keyId;
    const keyIndex = keyId >= 0 ? this.keyIndexOf(keyId, message.key) : message.key === '' ? -1 : this.keys.intern(message.key);
    const partition =
      keyIndex >= 0 && this.keyed
        ? keyId >= 0
          ? this.partitionOfKey(keyId, message.key)
          : kafkaKeyPartition(message.key, this.logs.length)
        : this.partitioner.partition(message.key, message.size, now);
    const offset = this.logs[partition]!.append(message, now, keyIndex);
    tracer.emitLog('appended', now, message, this.id, partition, offset);
    // Count and byte limits are due right after the append; an age limit may be due at once too.
    if (this.retains) this.enforce(partition);
    const readers = this.readers;
    for (let i = 0; i < readers.length; i++) readers[i]!.appended(partition);
  }

  /** The index in `keys` of the key numbered `keyId` (Message.keyId). */
  private keyIndexOf(keyId: number, key: string): number {
    if (2 * keyId >= this.keySlots.length) this.keySlots = grown(this.keySlots, 2 * keyId + 1);
    let index = this.keySlots[2 * keyId]!;
    if (index < 0) {
      index = this.keys.intern(key);
      this.keySlots[2 * keyId] = index;
    }
    return index;
  }

  /** The keyed partition of the key numbered `keyId` (the same as the keyed partitioner's, remembered); after keyIndexOf. */
  private partitionOfKey(keyId: number, key: string): number {
    let partition = this.keySlots[2 * keyId + 1]!;
    if (partition < 0) {
      partition = kafkaKeyPartition(key, this.logs.length);
      this.keySlots[2 * keyId + 1] = partition;
    }
    return partition;
  }

  /** Deletes what retention calls for in `partition` now, then keeps one timer for the next deletion by age. */
  private enforce(partition: number): void {
    const log = this.logs[partition]!;
    const now = this.ctx.sim.now;
    const from = log.startOffset;
    const to = log.retentionTarget(now);
    if (to > from) {
      this.ctx.tracer.emitPartition('truncated', now, this.id, partition, to);
      const readers = this.readers;
      for (let i = 0; i < readers.length; i++) readers[i]!.truncating(partition, from, to);
      log.truncateBefore(to);
    }
    // The next age deletion only moves later with appends (see nextRetentionTime), so a pending timer stays valid.
    if (this.retentionTimers[partition] === -1) {
      const next = log.nextRetentionTime();
      if (next !== Infinity) this.retentionTimers[partition] = this.ctx.sim.scheduleAt(Math.max(next, now), this.onRetentionDue, partition);
    }
  }
}

/** A copy of `array` long enough for `index`, the new slots -1. */
function grown(array: Int32Array, index: number): Int32Array {
  const bigger = new Int32Array(Math.max(array.length * 2, index + 1));
  bigger.fill(-1);
  bigger.set(array);
  return bigger;
}
