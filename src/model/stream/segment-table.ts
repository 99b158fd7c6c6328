/**
 * The segments of one partition log, oldest first, as a ring of two numeric columns (16 bytes a
 * segment): where each segment starts (its base offset) and how many retained payload bytes it holds.
 * The last segment is the active one: appends go there. A segment ends where the next one starts; the
 * active one ends at the log's end offset.
 *
 * The ring doubles when full and halves when a quarter full, so after a burst is deleted its space is
 * returned as well.
 */
export class SegmentTable {
  private bases = new Float64Array(MIN_CAPACITY);
  private byteCounts = new Float64Array(MIN_CAPACITY);
  private head = 0;
  private count = 0;

  /** Segments held, the active one included. */
  get length(): number {
    return this.count;
  }

  /** Segments the ring has room for (a memory figure, for tests and reports). */
  get capacity(): number {
    return this.bases.length;
  }

  /** Base offset of segment `index` (0 = oldest). */
  baseAt(index: number): number {
    return this.bases[this.slot(index)]!;
  }

  /** Retained payload bytes of segment `index`. */
  bytesAt(index: number): number {
    return this.byteCounts[this.slot(index)]!;
  }

  /** Opens a new active segment starting at `base`. */
  open(base: number): void {
    if (this.count === this.bases.length) this.resize(this.bases.length * 2);
    const slot = (this.head + this.count) & (this.bases.length - 1);
    this.bases[slot] = base;
    this.byteCounts[slot] = 0;
    this.count++;
  }

  /** Adds `bytes` to segment `index`'s byte count (negative to remove). */
  addBytes(index: number, bytes: number): void {
    this.byteCounts[this.slot(index)]! += bytes;
  }

  /** Forgets the oldest segment. */
  dropOldest(): void {
    this.head = (this.head + 1) & (this.bases.length - 1);
    this.count--;
    if (this.bases.length > MIN_CAPACITY && this.count <= this.bases.length / 4) this.resize(this.bases.length / 2);
  }

  private slot(index: number): number {
    return (this.head + index) & (this.bases.length - 1);
  }

  private resize(capacity: number): void {
    const bases = new Float64Array(capacity);
    const byteCounts = new Float64Array(capacity);
    for (let i = 0; i < this.count; i++) {
      const from = this.slot(i);
      bases[i] = this.bases[from]!;
      byteCounts[i] = this.byteCounts[from]!;
    }
    this.bases = bases;
    this.byteCounts = byteCounts;
    this.head = 0;
  }
}

/** Capacity stays a power of two so that wrapping is a mask. */
const MIN_CAPACITY = 8;
