/**
 * The keys (message origins, which are small positive integers) a consumer group has applied a side
 * effect for, as a growable bitset. This is the observer's ground truth, not the consumer's store: it
 * never forgets, so a duplicate side effect is recognised whenever it happens. One bit per message.
 */
export class AppliedSet {
  private bits = new Uint32Array(1024);

  /** Marks `key` applied; returns true if it already was. */
  markApplied(key: number): boolean {
    const word = key >>> 5;
    if (word >= this.bits.length) {
      const bigger = new Uint32Array(Math.max(word + 1, this.bits.length * 2));
      bigger.set(this.bits);
      this.bits = bigger;
    }
    const mask = 1 << (key & 31);
    const before = this.bits[word]! & mask;
    this.bits[word] = this.bits[word]! | mask;
    return before !== 0;
  }
}
