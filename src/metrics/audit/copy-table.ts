import { MessageStages } from '../message-stages';

/** Marks an id with more than one copy in the table; the copies' entries then live in `extra`. */
const MANY = 0x8000_0000;

/**
 * The entries (32-bit, never 0, below 2^31) of the copies of each message one queue holds. Almost
 * always a message has at most one copy in a queue, and that case costs one typed-array access. A
 * topic or bus can put several copies of one message in the same queue (two subscriptions sharing a
 * dead-letter queue, two rules with the same target); those ids move to a side table of lists. The
 * copies of one message are interchangeable: which one a record means does not matter to the books.
 */
export class CopyTable {
  /**
   * The entry of each message with exactly one copy here (MANY for those with several). While no
   * message has several (`hasMany` false), callers may read and write it directly: the fast path.
   */
  readonly single = new MessageStages();
  private readonly extra = new Map<number, number[]>();

  /** Whether some message has several copies here right now. */
  get hasMany(): boolean {
    return this.extra.size > 0;
  }

  /** The entry of the only copy of `id`, 0 if none, or -1 if there are several (use `find`). */
  get(id: number): number {
    const value = this.single.get(id);
    return value === MANY ? -1 : value;
  }

  /** Replaces the only copy's entry (after `get` returned it). */
  set(id: number, entry: number): void {
    this.single.set(id, entry);
  }

  /** Adds the first copy of `id`; false (and nothing changes) if it already has one. */
  addFirst(id: number, entry: number): boolean {
    if (this.single.get(id) !== 0) return false;
    this.single.set(id, entry);
    return true;
  }

  /** Adds one more copy of `id`. */
  add(id: number, entry: number): void {
    const value = this.single.get(id);
    if (value === 0) this.single.set(id, entry);
    else if (value === MANY) this.extra.get(id)!.push(entry);
    else {
      this.single.set(id, MANY);
      this.extra.set(id, [value, entry]);
    }
  }

  /** The entries of every copy of `id`, in the order they came (empty if none). */
  copies(id: number): readonly number[] {
    const value = this.single.get(id);
    if (value === 0) return [];
    return value === MANY ? this.extra.get(id)! : [value];
  }

  /** Replaces the `index`-th copy's entry of `id` (0 for a single copy). */
  replace(id: number, index: number, entry: number): void {
    // Almost always no message has two copies here: skip the side table's lookup then.
    const list = this.extra.size === 0 ? undefined : this.extra.get(id);
    if (list === undefined) this.single.set(id, entry);
    else list[index] = entry;
  }

  /** Removes the `index`-th copy of `id` (0 for a single copy). */
  remove(id: number, index: number): void {
    const list = this.extra.size === 0 ? undefined : this.extra.get(id);
    if (list === undefined) {
      this.single.delete(id);
      return;
    }
    list.splice(index, 1);
    if (list.length === 1) {
      this.extra.delete(id);
      this.single.set(id, list[0]!);
    }
  }

  /** Visits every copy: id and entry. */
  forEach(visit: (id: number, entry: number) => void): void {
    this.single.forEach((id, value) => {
      if (value !== MANY) visit(id, value);
      else for (const entry of this.extra.get(id)!) visit(id, entry);
    });
  }
}
