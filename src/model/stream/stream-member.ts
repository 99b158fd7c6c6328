/**
 * One member (consumer process) of a StreamGroup: its membership, the partitions it owns, and the
 * batch its last poll returned. The batch is held column by column in buffers that grow (doubling,
 * up to maxPollRecords) only when a poll returns more than ever before, so polling allocates nothing
 * in the steady state; it keeps each record's id, time and producer so that
 * the member can still process a record that retention deletes from the log meanwhile (as a Kafka
 * consumer holds fetched records in memory).
 */
const FIRST_BATCH_CAPACITY = 16;

export class StreamMember {
  /** The process is running (false between a crash and its restart, and after scale-in). */
  up = true;
  /** The group coordinator counts it as a member (a crash is noticed only after the session timeout). */
  joined = true;
  /** Scaled in: it never restarts. */
  removed = false;
  /** Partitions it owns, ascending. */
  readonly partitions: number[] = [];

  batchPartitions: Int32Array;
  batchOffsets: Float64Array;
  batchIds: Float64Array;
  batchTimes: Float64Array;
  /** Key-table index (-1 without a key) and per-key version of each batch record, for per-key state. */
  batchKeys: Int32Array;
  batchVersions: Int32Array;
  readonly batchProducers: string[];
  /** Records in the batch; a record whose partition was taken away has partition -1. */
  batchLength = 0;
  /** Index of the next batch record to start. */
  next = 0;
  /** Index of the record being processed, or -1. */
  current = -1;
  /** Attempt number of the record being processed. */
  currentAttempt = 0;
  /** True while it has nothing to read and waits for an append or an assignment. */
  waiting = false;
  /** Which owned partition the next poll starts with, so no partition is always served first. */
  rotation = 0;
  /** Auto-commit: the earliest time the next commit is due. */
  nextAutoCommit = 0;

  // Pending events (or -1).
  completion = -1;
  commitTimer = -1;
  crashTimer = -1;
  restartTimer = -1;
  sessionTimer = -1;

  constructor(
    readonly index: number,
    readonly id: string,
  ) {
    const capacity = FIRST_BATCH_CAPACITY;
    this.batchPartitions = new Int32Array(capacity);
    this.batchOffsets = new Float64Array(capacity);
    this.batchIds = new Float64Array(capacity);
    this.batchTimes = new Float64Array(capacity);
    this.batchKeys = new Int32Array(capacity);
    this.batchVersions = new Int32Array(capacity);
    this.batchProducers = new Array<string>(capacity).fill('');
  }

  /** Room for a batch record at `index` (doubles the buffers when they are full). */
  reserve(index: number): void {
    if (index < this.batchPartitions.length) return;
    const capacity = this.batchPartitions.length * 2;
    this.batchPartitions = grow(new Int32Array(capacity), this.batchPartitions);
    this.batchOffsets = grow(new Float64Array(capacity), this.batchOffsets);
    this.batchIds = grow(new Float64Array(capacity), this.batchIds);
    this.batchTimes = grow(new Float64Array(capacity), this.batchTimes);
    this.batchKeys = grow(new Int32Array(capacity), this.batchKeys);
    this.batchVersions = grow(new Int32Array(capacity), this.batchVersions);
    while (this.batchProducers.length < capacity) this.batchProducers.push('');
  }

  /** Running and counted as a member: it takes part in assignment and consumes what it owns. */
  get active(): boolean {
    return this.up && this.joined;
  }

  /** Offset of the first record of `partition` it has not finished (in progress or not started), or -1. */
  firstUnfinished(partition: number): number {
    if (this.current >= 0 && this.batchPartitions[this.current] === partition) return this.batchOffsets[this.current]!;
    for (let i = this.next; i < this.batchLength; i++) if (this.batchPartitions[i] === partition) return this.batchOffsets[i]!;
    return -1;
  }

  addPartition(partition: number): void {
    let i = this.partitions.length;
    this.partitions.push(partition);
    while (i > 0 && this.partitions[i - 1]! > partition) {
      this.partitions[i] = this.partitions[i - 1]!;
      i--;
    }
    this.partitions[i] = partition;
  }

  removePartition(partition: number): void {
    const i = this.partitions.indexOf(partition);
    if (i >= 0) this.partitions.splice(i, 1);
  }
}

function grow<T extends Int32Array | Float64Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
