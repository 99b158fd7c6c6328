/**
 * A consumer's idempotency store: the keys of messages whose side effect has been applied, each
 * remembered for `ttl` seconds (a Redis SET with EX, a DynamoDB item with a TTL). A message whose key
 * is still remembered is a duplicate and is skipped; once the entry expires, a late duplicate gets
 * through again, which is why the TTL has to outlast the redelivery window.
 *
 * It is consulted twice per message on a hot path, so it is an open-addressing hash table of integer
 * keys (linear probing, deletion by backward shift, so no tombstones) over typed arrays. Every entry
 * lives exactly `ttl`, so entries expire in the order they were written: a FIFO ring of (key, expiry)
 * finds the expired ones without a scan, and memory follows the keys of the last `ttl` seconds, not
 * the run length.
 */
export class IdempotencyStore {
  /** Keys (message ids or origins, >= 1); 0 marks an empty slot. */
  private keys = new Int32Array(1024);
  private expiries = new Float64Array(1024);
  private mask = 1023;
  /** 32 − log2(table size): the hash takes the product's high bits, which mix every bit of the key. */
  private shift = 22;
  private count = 0;
  // The FIFO of writes: ring[head … head + length) in write order.
  private ringKeys = new Int32Array(1024);
  private ringTimes = new Float64Array(1024);
  private head = 0;
  private length = 0;

  constructor(private readonly ttl: number) {
    if (!(ttl > 0)) throw new RangeError(`idempotency.ttl must be a number of seconds > 0 (Infinity to keep keys forever), got ${ttl}`);
  }

  /** Whether `key` (a whole number >= 1) was stored and has not expired at `now`. */
  has(key: number, now: number): boolean {
    this.expire(now);
    return this.slotOf(key) >= 0;
  }

  /** Remembers `key` until now + ttl. */
  put(key: number, now: number): void {
    if (!(key >= 1 && key <= 0x7fffffff && Number.isInteger(key))) throw new RangeError(`idempotency keys are whole numbers from 1 to 2^31 − 1, got ${key}`);
    this.expire(now);
    const until = now + this.ttl;
    let slot = this.slotOf(key);
    if (slot < 0) {
      if (2 * (this.count + 1) > this.keys.length) this.growTable();
      slot = this.hash(key);
      while (this.keys[slot] !== 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.count++;
    }
    this.expiries[slot] = until;
    this.pushRing(key, until);
  }

  /** Keys remembered now. */
  get size(): number {
    return this.count;
  }

  private hash(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  /** The slot holding `key`, or -1. */
  private slotOf(key: number): number {
    const keys = this.keys;
    let slot = this.hash(key);
    for (;;) {
      const k = keys[slot]!;
      if (k === key) return slot;
      if (k === 0) return -1;
      slot = (slot + 1) & this.mask;
    }
  }

  private expire(now: number): void {
    while (this.length > 0) {
      const until = this.ringTimes[this.head]!;
      if (until > now) return;
      const key = this.ringKeys[this.head]!;
      this.head = (this.head + 1) & (this.ringKeys.length - 1);
      this.length--;
      // A key written again later has a later expiry of its own: only the matching entry goes.
      const slot = this.slotOf(key);
      if (slot >= 0 && this.expiries[slot] === until) this.removeAt(slot);
    }
  }

  /** Empties `slot` and moves later entries of its probe run back, so lookups never stop short. */
  private removeAt(slot: number): void {
    const keys = this.keys;
    const mask = this.mask;
    let hole = slot;
    let next = (hole + 1) & mask;
    while (keys[next] !== 0) {
      const home = this.hash(keys[next]!);
      // The entry at `next` may fill the hole unless its home lies cyclically in (hole, next].
      const stays = hole <= next ? home > hole && home <= next : home > hole || home <= next;
      if (!stays) {
        keys[hole] = keys[next]!;
        this.expiries[hole] = this.expiries[next]!;
        hole = next;
      }
      next = (next + 1) & mask;
    }
    keys[hole] = 0;
    this.count--;
  }

  private growTable(): void {
    const oldKeys = this.keys;
    const oldExpiries = this.expiries;
    this.keys = new Int32Array(oldKeys.length * 2);
    this.expiries = new Float64Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    this.shift--;
    for (let i = 0; i < oldKeys.length; i++) {
      const key = oldKeys[i]!;
      if (key === 0) continue;
      let slot = this.hash(key);
      while (this.keys[slot] !== 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.expiries[slot] = oldExpiries[i]!;
    }
  }

  private pushRing(key: number, until: number): void {
    if (this.length === this.ringKeys.length) {
      const size = this.ringKeys.length;
      const keys = new Int32Array(size * 2);
      const times = new Float64Array(size * 2);
      for (let i = 0; i < this.length; i++) {
        keys[i] = this.ringKeys[(this.head + i) & (size - 1)]!;
        times[i] = this.ringTimes[(this.head + i) & (size - 1)]!;
      }
      this.ringKeys = keys;
      this.ringTimes = times;
      this.head = 0;
    }
    const at = (this.head + this.length) & (this.ringKeys.length - 1);
    this.ringKeys[at] = key;
    this.ringTimes[at] = until;
    this.length++;
  }
}
