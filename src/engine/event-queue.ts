/**
 * A binary min-heap of scheduled events, ordered by (time, seq).
 *
 * Stored as parallel arrays rather than one object per event so that the hot loop allocates nothing:
 * `times` and `seqs` are typed arrays that double when full, `handlers` and `args` are plain arrays kept
 * at the same length. `seq` is assigned by the caller and is strictly increasing, which makes the order
 * total: two events at the same time run in the order they were scheduled, never at random.
 */
export type EventHandler = (arg: number) => void;

export class EventQueue {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private handlers: (EventHandler | undefined)[] = new Array<EventHandler | undefined>(1024);
  private args = new Float64Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The time of the earliest event, or +Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Infinity : this.times[0]!;
  }

  /** The seq of the earliest event, or -1 when empty. */
  peekSeq(): number {
    return this.count === 0 ? -1 : this.seqs[0]!;
  }

  push(time: number, seq: number, handler: EventHandler, arg: number): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const handlers = this.handlers;
    const args = this.args;
    // Sift up: move parents down until the hole is where the new event belongs.
    let hole = this.count++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[hole] = pt;
      seqs[hole] = seqs[parent]!;
      handlers[hole] = handlers[parent];
      args[hole] = args[parent]!;
      hole = parent;
    }
    times[hole] = time;
    seqs[hole] = seq;
    handlers[hole] = handler;
    args[hole] = arg;
  }

  /**
   * Removes the earliest event. The caller reads it first with peekTime/peekSeq/peekHandler/peekArg;
   * splitting read and remove keeps the hot path free of result objects.
   */
  pop(): void {
    const n = --this.count;
    const times = this.times;
    const seqs = this.seqs;
    const handlers = this.handlers;
    const args = this.args;
    if (n === 0) {
      handlers[0] = undefined;
      return;
    }
    const time = times[n]!;
    const seq = seqs[n]!;
    const handler = handlers[n];
    const arg = args[n]!;
    handlers[n] = undefined;
    // Sift down the last element from the root.
    let hole = 0;
    const half = n >> 1;
    while (hole < half) {
      let child = 2 * hole + 1;
      let ct = times[child]!;
      let cs = seqs[child]!;
      const right = child + 1;
      if (right < n) {
        const rt = times[right]!;
        if (rt < ct || (rt === ct && seqs[right]! < cs)) {
          child = right;
          ct = rt;
          cs = seqs[right]!;
        }
      }
      if (time < ct || (time === ct && seq < cs)) break;
      times[hole] = ct;
      seqs[hole] = cs;
      handlers[hole] = handlers[child];
      args[hole] = args[child]!;
      hole = child;
    }
    times[hole] = time;
    seqs[hole] = seq;
    handlers[hole] = handler;
    args[hole] = arg;
  }

  peekHandler(): EventHandler | undefined {
    return this.handlers[0];
  }

  peekArg(): number {
    return this.args[0]!;
  }

  /** Visits the seq of every waiting event, in no particular order. */
  forEachSeq(visit: (seq: number) => void): void {
    for (let i = 0; i < this.count; i++) visit(this.seqs[i]!);
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    const args = new Float64Array(capacity);
    args.set(this.args);
    this.times = times;
    this.seqs = seqs;
    this.args = args;
    this.handlers.length = capacity;
  }
}
