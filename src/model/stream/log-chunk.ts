/**
 * A block of consecutive log entries stored column by column (struct of arrays): 32 bytes per entry
 * and no object per message. Entry i of the block is entry i of every column.
 *
 * - ids:       the message id (a double, so any safe integer fits);
 * - times:     the append time in virtual seconds;
 * - sizes:     the payload size in bytes (0 … 2^32 − 1);
 * - keys:      an index into the log's key table, or -1 for a message without a key;
 * - versions:  the message's per-key version (0 without a key), for consumers that keep per-key state;
 * - producers: an index into the log's producer table (up to 65,536 producers);
 * - types:     an index into the log's event-type table (up to 65,536 types).
 *
 * A block starts small and doubles up to its full capacity, so that a log with a handful of entries
 * does not pay for a full block.
 */
export class LogChunk {
  ids: Float64Array;
  times: Float64Array;
  sizes: Uint32Array;
  keys: Int32Array;
  versions: Int32Array;
  producers: Uint16Array;
  types: Uint16Array;

  constructor(capacity: number) {
    this.ids = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
    this.sizes = new Uint32Array(capacity);
    this.keys = new Int32Array(capacity);
    this.versions = new Int32Array(capacity);
    this.producers = new Uint16Array(capacity);
    this.types = new Uint16Array(capacity);
  }

  /** Bytes one entry costs in a chunk. */
  static readonly BYTES_PER_ENTRY = 8 + 8 + 4 + 4 + 4 + 2 + 2;

  get capacity(): number {
    return this.ids.length;
  }

  /** Reallocates every column with room for `capacity` entries, keeping the first `count`. */
  resize(capacity: number, count: number): void {
    this.ids = copyInto(new Float64Array(capacity), this.ids, count);
    this.times = copyInto(new Float64Array(capacity), this.times, count);
    this.sizes = copyInto(new Uint32Array(capacity), this.sizes, count);
    this.keys = copyInto(new Int32Array(capacity), this.keys, count);
    this.versions = copyInto(new Int32Array(capacity), this.versions, count);
    this.producers = copyInto(new Uint16Array(capacity), this.producers, count);
    this.types = copyInto(new Uint16Array(capacity), this.types, count);
  }
}

function copyInto<T extends Float64Array | Uint32Array | Int32Array | Uint16Array>(target: T, source: T, count: number): T {
  target.set(source.subarray(0, count));
  return target;
}
