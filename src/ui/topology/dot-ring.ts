/**
 * The active animations of the topology canvas, kept in preallocated typed arrays: a dot travelling
 * from (x0, y0) to (x1, y1) between wall times `start` and `start + duration`, with a style code.
 * Spawning overwrites the oldest entry once the ring is full, so the canvas never allocates per dot
 * and never holds more than `capacity` of them, however many messages move.
 */
export class DotRing {
  readonly x0: Float32Array;
  readonly y0: Float32Array;
  readonly x1: Float32Array;
  readonly y1: Float32Array;
  readonly start: Float64Array;
  readonly duration: Float32Array;
  readonly style: Uint16Array;
  /** The message each dot carries (0 for none), so a click on a dot can ask about it. */
  readonly message: Float64Array;
  /** Index of the oldest live entry, and how many entries from there on are live. */
  private tail = 0;
  private length = 0;
  /** Entries overwritten before they finished, since the last reset: the canvas shows it drops some. */
  overwritten = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
    this.x0 = new Float32Array(capacity);
    this.y0 = new Float32Array(capacity);
    this.x1 = new Float32Array(capacity);
    this.y1 = new Float32Array(capacity);
    this.start = new Float64Array(capacity);
    this.duration = new Float32Array(capacity);
    this.style = new Uint16Array(capacity);
    this.message = new Float64Array(capacity);
  }

  /** Entries spawned and not yet retired (some may not have started yet). */
  get size(): number {
    return this.length;
  }

  spawn(x0: number, y0: number, x1: number, y1: number, start: number, duration: number, style: number, message = 0): void {
    let at: number;
    if (this.length === this.capacity) {
      at = this.tail;
      this.tail = (this.tail + 1) % this.capacity;
      this.overwritten++;
    } else {
      at = (this.tail + this.length) % this.capacity;
      this.length++;
    }
    this.x0[at] = x0;
    this.y0[at] = y0;
    this.x1[at] = x1;
    this.y1[at] = y1;
    this.start[at] = start;
    this.duration[at] = duration;
    this.style[at] = style;
    this.message[at] = message;
  }

  /**
   * Retires finished entries from the old end. Entries are spawned in roughly increasing end time, so
   * this stops at the first one still running; a stray long one only delays the others' retirement.
   */
  retire(now: number): void {
    while (this.length > 0 && this.start[this.tail]! + this.duration[this.tail]! <= now) {
      this.tail = (this.tail + 1) % this.capacity;
      this.length--;
    }
  }

  /** Index of the k-th live entry (0 = oldest), for loops over `size` entries. */
  at(k: number): number {
    return (this.tail + k) % this.capacity;
  }

  clear(): void {
    this.tail = 0;
    this.length = 0;
    this.overwritten = 0;
  }
}

/** Progress of entry `i` at wall time `now`: < 0 before it starts, ≥ 1 once done. */
export function progressOf(ring: DotRing, i: number, now: number): number {
  return (now - ring.start[i]!) / ring.duration[i]!;
}
