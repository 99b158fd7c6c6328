import { Deque } from '../deque';
import type { Message } from '../message';
import { LogChunk } from './log-chunk';
import { nextRetentionTime, retentionPolicy, retentionTarget, type RetainedLog, type RetentionOptions, type RetentionPolicy } from './retention';
import { SegmentTable } from './segment-table';
import { StringTable } from './string-table';

/** What the log keeps of a message: everything else (delivery counts, consumer state) lives elsewhere. */
export type LogMessage = Pick<Message, 'id' | 'key' | 'size' | 'producer' | 'type'> & Partial<Pick<Message, 'version'>>;

/** One entry read back in full (see `PartitionLog.readInto`). */
export interface LogEntry {
  offset: number;
  id: number;
  /** Append time, in virtual seconds. */
  time: number;
  size: number;
  /** '' when the message had no key. */
  key: string;
  producer: string;
  type: string;
}

/** The string tables behind a log's key, producer and event-type columns. */
export interface LogStrings {
  readonly keys: StringTable;
  readonly producers: StringTable;
  readonly types: StringTable;
}

/** Fresh tables; pass one set to every partition of a stream so each string is stored once. */
export function createLogStrings(): LogStrings {
  return {
    keys: new StringTable('key', 0x7fffffff),
    producers: new StringTable('producer', 0x10000),
    types: new StringTable('event type', 0x10000),
  };
}

export interface PartitionLogOptions {
  /** Names the log in error messages, e.g. "orders/2". */
  name: string;
  /** Retention limits and segmenting; see retention.ts. Default: keep everything. */
  retention?: RetentionOptions;
  /**
   * Entries per storage chunk: a power of two from 16 to 2^20 (default 1024). Deleted entries'
   * memory is returned a whole chunk at a time.
   */
  chunkEntries?: number;
  /** String tables, to share among partitions (default: the log's own). */
  strings?: LogStrings;
}

const DEFAULT_CHUNK_ENTRIES = 1024;
/** The first chunk of a log starts this small and doubles, so a short log costs little. */
const FIRST_CHUNK_ENTRIES = 16;

/**
 * The append-only log of one partition.
 *
 * Offsets are absolute and only grow: the first entry ever appended has offset 0, `endOffset` is the
 * offset the next append gets, and `startOffset` is the first entry still retained. Entries in
 * [startOffset, endOffset) can be read by offset; retention moves `startOffset` forward and never
 * consults readers (consumer groups keep their own positions and compare them with `startOffset`).
 *
 * Storage is struct-of-arrays in fixed-size chunks (28 bytes an entry, see LogChunk), kept in a ring:
 * appending adds a chunk when the last is full, and a chunk is released once every entry in it is
 * deleted (one emptied chunk is kept for reuse). A log that retains a bounded window over an endless
 * run therefore holds a bounded amount of memory, and a long log grows without ever copying its
 * entries. Append times must not decrease (virtual time does not), which keeps the log in time order.
 */
export class PartitionLog implements RetainedLog {
  readonly name: string;
  readonly policy: RetentionPolicy;
  readonly strings: LogStrings;
  private readonly chunks = new Deque<LogChunk>();
  private readonly chunkEntries: number;
  private readonly chunkShift: number;
  private spare: LogChunk | undefined = undefined;
  /** Offset of the first entry of the first chunk in `chunks`: a multiple of chunkEntries. */
  private chunkBase = 0;
  private start = 0;
  private end = 0;
  private bytes = 0;
  private lastTime = -Infinity;
  private allocated = 0;
  private readonly segments = new SegmentTable();
  /** Bytes ever written to the active segment, deleted ones included: rolling goes by this, as Kafka's file size. */
  private activeWritten = 0;
  /** Append time of the active segment's first entry: rolling by time measures from it. */
  private activeFirstTime = 0;

  constructor(options: PartitionLogOptions) {
    this.name = options.name;
    this.policy = retentionPolicy(options.retention);
    this.strings = options.strings ?? createLogStrings();
    const chunkEntries = options.chunkEntries ?? DEFAULT_CHUNK_ENTRIES;
    if (!Number.isSafeInteger(chunkEntries) || chunkEntries < 16 || chunkEntries > 1 << 20 || (chunkEntries & (chunkEntries - 1)) !== 0) {
      throw new RangeError(`chunkEntries must be a power of two from 16 to ${1 << 20}, got ${chunkEntries}`);
    }
    this.chunkEntries = chunkEntries;
    this.chunkShift = 31 - Math.clz32(chunkEntries);
  }

  /** The first retained offset. Equals `endOffset` when the log holds nothing. */
  get startOffset(): number {
    return this.start;
  }

  /** The offset the next append will get; also the number of entries ever appended. */
  get endOffset(): number {
    return this.end;
  }

  get retainedEntries(): number {
    return this.end - this.start;
  }

  /** Payload bytes of the retained entries. */
  get retainedBytes(): number {
    return this.bytes;
  }

  /** Entries deleted so far (they are exactly the offsets below `startOffset`). */
  get deletedEntries(): number {
    return this.start;
  }

  /** Append time of the newest entry ever appended, or -Infinity before the first. */
  get lastAppendTime(): number {
    return this.lastTime;
  }

  /** Entries the storage has room for without allocating, the spare chunk included: a memory figure. */
  get allocatedEntries(): number {
    return this.allocated;
  }

  /** Bytes of entry storage allocated (excluding string tables and the segment ring). */
  get allocatedBytes(): number {
    return this.allocated * LogChunk.BYTES_PER_ENTRY;
  }

  /**
   * Appends `message` at virtual time `time` and returns its offset. `time` must be at least the
   * previous append's; `size` must be a whole number of bytes below 2^32. Does not apply retention:
   * call `enforceRetention` afterwards (limits by count and bytes are due right after an append).
   * `keyIndex` is the key's index in `strings.keys` (-1 for no key) when the caller has interned it
   * already, so the key is looked up once per append.
   */
  append(message: LogMessage, time: number, keyIndex?: number): number {
    if (!(time >= this.lastTime) || !Number.isFinite(time)) {
      throw new RangeError(`log ${this.name}: append time must be finite and not before the previous append (${this.lastTime}), got ${time}`);
    }
    const size = message.size;
    if (!Number.isInteger(size) || size < 0 || size > 0xffffffff) {
      throw new RangeError(`log ${this.name}: message ${message.id} size must be a whole number of bytes from 0 to 4294967295, got ${size}`);
    }
    if (!Number.isFinite(message.id)) throw new RangeError(`log ${this.name}: message id must be a finite number, got ${message.id}`);
    const strings = this.strings;
    const key = keyIndex ?? (message.key === '' ? -1 : strings.keys.intern(message.key));
    const producer = strings.producers.intern(message.producer);
    const type = strings.types.intern(message.type);
    const offset = this.end;
    if (this.policy.segmented) this.rollIfDue(size, time);

    const relative = offset - this.chunkBase;
    const chunkIndex = relative >>> this.chunkShift;
    const index = relative & (this.chunkEntries - 1);
    const chunk = chunkIndex < this.chunks.length ? this.chunks.at(chunkIndex)! : this.addChunk();
    if (index >= chunk.capacity) this.growChunk(chunk, index);
    chunk.ids[index] = message.id;
    chunk.times[index] = time;
    chunk.sizes[index] = size;
    chunk.keys[index] = key;
    chunk.versions[index] = message.version ?? 0;
    chunk.producers[index] = producer;
    chunk.types[index] = type;

    this.end = offset + 1;
    this.bytes += size;
    this.lastTime = time;
    if (this.policy.segmented) {
      this.segments.addBytes(this.segments.length - 1, size);
      this.activeWritten += size;
    }
    return offset;
  }

  /** Message id of the entry at `offset`. Throws when `offset` is not retained. */
  idAt(offset: number): number {
    const relative = this.relative(offset);
    return this.chunks.at(relative >>> this.chunkShift)!.ids[relative & (this.chunkEntries - 1)]!;
  }

  /** Append time of the entry at `offset`. */
  timeAt(offset: number): number {
    const relative = this.relative(offset);
    return this.chunks.at(relative >>> this.chunkShift)!.times[relative & (this.chunkEntries - 1)]!;
  }

  /** Payload bytes of the entry at `offset`. */
  sizeAt(offset: number): number {
    const relative = this.relative(offset);
    return this.chunks.at(relative >>> this.chunkShift)!.sizes[relative & (this.chunkEntries - 1)]!;
  }

  /** Key-table index of the entry at `offset`, or -1 when it has no key. */
  keyIndexAt(offset: number): number {
    const relative = this.relative(offset);
    return this.chunks.at(relative >>> this.chunkShift)!.keys[relative & (this.chunkEntries - 1)]!;
  }

  /** Per-key version of the entry at `offset` (0 when it has no key). */
  versionAt(offset: number): number {
    const relative = this.relative(offset);
    return this.chunks.at(relative >>> this.chunkShift)!.versions[relative & (this.chunkEntries - 1)]!;
  }

  /** Key of the entry at `offset`, or '' when it has none. */
  keyAt(offset: number): string {
    const index = this.keyIndexAt(offset);
    return index < 0 ? '' : this.strings.keys.at(index);
  }

  /** Producer id of the entry at `offset`. */
  producerAt(offset: number): string {
    const relative = this.relative(offset);
    return this.strings.producers.at(this.chunks.at(relative >>> this.chunkShift)!.producers[relative & (this.chunkEntries - 1)]!);
  }

  /** Event type of the entry at `offset`. */
  typeAt(offset: number): string {
    const relative = this.relative(offset);
    return this.strings.types.at(this.chunks.at(relative >>> this.chunkShift)!.types[relative & (this.chunkEntries - 1)]!);
  }

  /** Copies every field of the entry at `offset` into `target` (reuse one object on hot paths) and returns it. */
  readInto(offset: number, target: LogEntry): LogEntry {
    const relative = this.relative(offset);
    const chunk = this.chunks.at(relative >>> this.chunkShift)!;
    const index = relative & (this.chunkEntries - 1);
    const key = chunk.keys[index]!;
    target.offset = offset;
    target.id = chunk.ids[index]!;
    target.time = chunk.times[index]!;
    target.size = chunk.sizes[index]!;
    target.key = key < 0 ? '' : this.strings.keys.at(key);
    target.producer = this.strings.producers.at(chunk.producers[index]!);
    target.type = this.strings.types.at(chunk.types[index]!);
    return target;
  }

  /**
   * The first retained offset whose append time is at least `time` (Kafka's offsetsForTimes), or
   * `endOffset` when every retained entry is older. Used to seek a group to a timestamp.
   */
  offsetForTime(time: number): number {
    if (Number.isNaN(time)) throw new RangeError(`log ${this.name}: offsetForTime needs a time, got NaN`);
    let low = this.start;
    let high = this.end;
    while (low < high) {
      const mid = low + Math.floor((high - low) / 2);
      if (this.timeAt(mid) < time) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Segments held, the active one included; 0 when the log is not segmented or never written. */
  get segmentCount(): number {
    return this.segments.length;
  }

  /** Base offset of segment `index` (0 = oldest retained). It may be below `startOffset` for the oldest. */
  segmentBaseAt(index: number): number {
    this.checkSegment(index);
    return this.segments.baseAt(index);
  }

  /** One past the last offset of segment `index` (the next segment's base, or `endOffset` for the active one). */
  segmentEndAt(index: number): number {
    this.checkSegment(index);
    return index + 1 < this.segments.length ? this.segments.baseAt(index + 1) : this.end;
  }

  /** Retained payload bytes of segment `index`. */
  segmentBytesAt(index: number): number {
    this.checkSegment(index);
    return this.segments.bytesAt(index);
  }

  /** Segment slots allocated (a memory figure). */
  get segmentCapacity(): number {
    return this.segments.capacity;
  }

  /** The start offset retention calls for at `now` (the current start when nothing is due); deletes nothing. */
  retentionTarget(now: number): number {
    return retentionTarget(this, this.policy, now);
  }

  /** When retention by age next deletes something (+Infinity if never without more appends); see retention.ts. */
  nextRetentionTime(): number {
    return nextRetentionTime(this, this.policy);
  }

  /**
   * Applies every retention limit at virtual time `now` and returns how many entries it deleted;
   * `startOffset` is then the new start. A caller that needs the deleted entries (to report records
   * that a group skipped) reads them first: `retentionTarget(now)`, then reads, then `truncateBefore`.
   */
  enforceRetention(now: number): number {
    return this.truncateBefore(this.retentionTarget(now));
  }

  /**
   * Deletes every entry below `offset` (as Kafka's deleteRecords or Redis's XTRIM MINID do) and
   * returns how many it deleted. An offset at or below `startOffset` deletes nothing; one above
   * `endOffset` is an error. Segments wholly below `offset` are forgotten; the active one is kept.
   */
  truncateBefore(offset: number): number {
    if (!Number.isSafeInteger(offset) || offset > this.end) {
      throw new RangeError(`log ${this.name}: can only delete up to a whole offset <= endOffset (${this.end}), got ${offset}`);
    }
    const from = this.start;
    if (offset <= from) return 0;
    let deletedBytes = 0;
    for (let o = from; o < offset; o++) deletedBytes += this.sizeAt(o);
    if (this.policy.segmented) this.forgetSegmentsBefore(offset, deletedBytes);
    this.start = offset;
    this.bytes -= deletedBytes;
    this.releaseChunks();
    return offset - from;
  }

  /** Drops the segments that end at or below `offset` and takes the rest of `deletedBytes` off the new oldest one. */
  private forgetSegmentsBefore(offset: number, deletedBytes: number): void {
    const segments = this.segments;
    let remaining = deletedBytes;
    while (segments.length > 1 && segments.baseAt(1) <= offset) {
      remaining -= segments.bytesAt(0);
      segments.dropOldest();
    }
    if (remaining !== 0) segments.addBytes(0, -remaining);
  }

  private rollIfDue(size: number, time: number): void {
    const segments = this.segments;
    const active = segments.length - 1;
    if (active < 0) {
      this.openSegment(time);
      return;
    }
    const written = this.end > segments.baseAt(active);
    if (!written) return;
    const tooBig = this.activeWritten + size > this.policy.segmentBytes;
    const tooOld = time - this.activeFirstTime > this.policy.segmentSeconds;
    if (!tooBig && !tooOld) return;
    // An active segment whose entries were all deleted (by truncateBefore) is not kept as a closed
    // segment: closed segments always hold at least one retained entry.
    if (this.start === this.end) segments.dropOldest();
    this.openSegment(time);
  }

  private openSegment(time: number): void {
    this.segments.open(this.end);
    this.activeWritten = 0;
    this.activeFirstTime = time;
  }

  /** Offset relative to the first chunk, after checking that `offset` is retained. */
  private relative(offset: number): number {
    if (!(offset >= this.start && offset < this.end) || offset % 1 !== 0) throw this.outOfRange(offset);
    return offset - this.chunkBase;
  }

  private outOfRange(offset: number): RangeError {
    let where = 'it has not been written yet';
    if (offset % 1 !== 0 || Number.isNaN(offset)) where = 'offsets are whole numbers';
    else if (offset < 0) where = 'offsets start at 0';
    else if (offset < this.start) where = 'it was deleted by retention';
    return new RangeError(`log ${this.name}: offset ${offset} is outside the retained range [${this.start}, ${this.end}): ${where}`);
  }

  private checkSegment(index: number): void {
    if (!(index >= 0 && index < this.segments.length) || index % 1 !== 0) {
      throw new RangeError(`log ${this.name}: segment ${index} does not exist (there are ${this.segments.length})`);
    }
  }

  private addChunk(): LogChunk {
    let chunk: LogChunk;
    if (this.spare !== undefined) {
      chunk = this.spare;
      this.spare = undefined;
    } else {
      // Only a log's first chunk starts small: a log that fills one chunk is likely to fill more.
      chunk = new LogChunk(this.chunks.length === 0 && this.end < this.chunkEntries ? Math.min(FIRST_CHUNK_ENTRIES, this.chunkEntries) : this.chunkEntries);
      this.allocated += chunk.capacity;
    }
    this.chunks.push(chunk);
    return chunk;
  }

  private growChunk(chunk: LogChunk, index: number): void {
    let capacity = chunk.capacity;
    while (capacity <= index) capacity *= 2;
    this.allocated += capacity - chunk.capacity;
    chunk.resize(capacity, index);
  }

  /** Releases chunks whose entries are all deleted, keeping one full-size chunk for reuse. */
  private releaseChunks(): void {
    const chunks = this.chunks;
    while (chunks.length > 0 && this.chunkBase + this.chunkEntries <= this.start) {
      const chunk = chunks.shift()!;
      this.chunkBase += this.chunkEntries;
      if (this.spare === undefined && chunk.capacity === this.chunkEntries) this.spare = chunk;
      else this.allocated -= chunk.capacity;
    }
  }
}
