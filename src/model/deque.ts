/** A growable ring buffer: O(1) push and shift at both ends, no per-item allocation. */
export class Deque<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(16);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = item;
    this.count++;
  }

  unshift(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.head = (this.head - 1) & (this.items.length - 1);
    this.items[this.head] = item;
    this.count++;
  }

  /** Removes and returns the first item, or undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return item;
  }

  /**
   * Inserts `item` so that it ends up at position `index` (0 = front), moving the items before it one
   * step towards the front. O(index): meant for positions near the front.
   */
  insertAt(index: number, item: T): void {
    if (index < 0 || index > this.count) throw new RangeError(`insertAt: index must be 0…${this.count}, got ${index}`);
    this.unshift(item);
    const mask = this.items.length - 1;
    for (let i = 0; i < index; i++) {
      const here = (this.head + i) & mask;
      const next = (this.head + i + 1) & mask;
      const t = this.items[here];
      this.items[here] = this.items[next];
      this.items[next] = t;
    }
  }

  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  /** The item at position `index` from the front, or undefined. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.head + index) & (this.items.length - 1)];
  }

  private grow(): void {
    // Capacity stays a power of two so that wrapping is a mask.
    const bigger = new Array<T | undefined>(this.items.length * 2);
    for (let i = 0; i < this.count; i++) bigger[i] = this.items[(this.head + i) & (this.items.length - 1)];
    this.items = bigger;
    this.head = 0;
  }
}
