import { javaUtf8Bytes } from './utf8';

/**
 * MurmurHash2, 32-bit, exactly as Kafka's `Utils.murmur2` computes it (seed 0x9747b28c, little-endian
 * 4-byte blocks, the tail mixed in after the blocks), returning the same signed 32-bit integer as the
 * Java `int`. Java's int multiplication wraps modulo 2^32, which is what Math.imul does.
 */
export function murmur2(data: ArrayLike<number>): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = (0x9747b28c ^ length) | 0;
  const blocks = length >> 2;
  for (let i = 0; i < blocks; i++) {
    const at = i * 4;
    let k = (data[at]! & 0xff) | ((data[at + 1]! & 0xff) << 8) | ((data[at + 2]! & 0xff) << 16) | ((data[at + 3]! & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const tail = length & ~3;
  // The last 1–3 bytes, highest first (Java's switch falls through from case 3 to case 1).
  const rest = length & 3;
  if (rest > 0) {
    if (rest === 3) h ^= (data[tail + 2]! & 0xff) << 16;
    if (rest >= 2) h ^= (data[tail + 1]! & 0xff) << 8;
    h ^= data[tail]! & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `Utils.toPositive`: clears the sign bit (not Math.abs, which fails for the minimum int). */
export function toPositive(value: number): number {
  return value & 0x7fffffff;
}

/** Kafka's partition for a string key: toPositive(murmur2(UTF-8 bytes of key)) mod partitions. */
export function kafkaKeyPartition(key: string, partitions: number): number {
  return toPositive(murmur2(javaUtf8Bytes(key))) % partitions;
}
