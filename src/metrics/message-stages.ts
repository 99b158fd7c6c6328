/**
 * A non-zero 32-bit number per live message id: the auditor's record of where each message is.
 *
 * Message ids are handed out in publish order and most messages finish soon after they start, so the
 * live ids form a narrow band that moves forward. A ring of bytes indexed by id covers that band; a
 * message that outlives the band (it waits in a queue nobody reads, say) moves to a Map. The ring only
 * grows while it is more than half full, so memory follows the number of live messages, never the
 * length of the run, and the common case costs a typed-array access instead of a hash lookup.
 * Values are unsigned 32-bit: bit patterns, not arithmetic.
 */
export class MessageStages {
  private ring = new Uint32Array(1024);
  /** The lowest id the ring can hold; it holds ids [base, base + ring.length). */
  private base = 0;
  /** Live entries in the ring. */
  private inRing = 0;
  /** Live ids below `base`, and ids the ring cannot index (negative or fractional). */
  private readonly stragglers = new Map<number, number>();

  /** Live messages. */
  get size(): number {
    return this.inRing + this.stragglers.size;
  }

  /** The value stored for `id`, or 0 when it has none. */
  get(id: number): number {
    if (this.inWindow(id)) return this.ring[id & (this.ring.length - 1)]!;
    return this.stragglers.get(id) ?? 0;
  }

  /** Stores `value` (a non-zero unsigned 32-bit number) for `id`. */
  set(id: number, value: number): void {
    if (!Number.isSafeInteger(id) || id < this.base) {
      this.stragglers.set(id, value);
      return;
    }
    if (id >= this.base + this.ring.length) this.makeRoomFor(id);
    const slot = id & (this.ring.length - 1);
    if (this.ring[slot] === 0) this.inRing++;
    this.ring[slot] = value;
  }

  delete(id: number): void {
    if (this.inWindow(id)) {
      const slot = id & (this.ring.length - 1);
      if (this.ring[slot] !== 0) {
        this.ring[slot] = 0;
        this.inRing--;
      }
      return;
    }
    this.stragglers.delete(id);
  }

  /** Visits every live id and its value: the stragglers first (the oldest), then the ring in id order. */
  forEach(visit: (id: number, value: number) => void): void {
    for (const [id, value] of this.stragglers) visit(id, value);
    const mask = this.ring.length - 1;
    for (let id = this.base; id < this.base + this.ring.length; id++) {
      const value = this.ring[id & mask]!;
      if (value !== 0) visit(id, value);
    }
  }

  private inWindow(id: number): boolean {
    return id >= this.base && id < this.base + this.ring.length && Number.isSafeInteger(id);
  }

  /** Slides the window forward until `id` fits, growing the ring or moving old entries out. */
  private makeRoomFor(id: number): void {
    while (id >= this.base + this.ring.length) {
      if (this.inRing === 0) {
        this.base = id;
        return;
      }
      const slot = this.base & (this.ring.length - 1);
      const value = this.ring[slot]!;
      if (value !== 0) {
        if (2 * this.inRing > this.ring.length) {
          this.grow();
          continue;
        }
        this.stragglers.set(this.base, value);
        this.ring[slot] = 0;
        this.inRing--;
      }
      this.base++;
    }
  }

  private grow(): void {
    const old = this.ring;
    const oldMask = old.length - 1;
    const ring = new Uint32Array(old.length * 2);
    const mask = ring.length - 1;
    for (let id = this.base; id < this.base + old.length; id++) ring[id & mask] = old[id & oldMask]!;
    this.ring = ring;
  }
}
