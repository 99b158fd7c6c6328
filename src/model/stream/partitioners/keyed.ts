import { kafkaKeyPartition } from './murmur2';
import { checkPartitionCount, type Partitioner } from './partitioner';

/**
 * Distinct keys whose partition is remembered; beyond this, further keys are hashed every time. A
 * Map lookup costs a fraction of hashing the key's UTF-8 bytes, and scenarios draw from at most a
 * million keys, so the cache covers typical key spaces (a few MiB at most).
 */
const CACHED_KEYS = 1 << 18;

/**
 * Kafka's default partitioning: a message with a key goes to toPositive(murmur2(UTF-8 key)) mod
 * partitions, so equal keys always share a partition (and their order); a message without a key is
 * left to the `unkeyed` partitioner.
 */
export class KeyedPartitioner implements Partitioner {
  readonly partitions: number;
  private readonly cache = new Map<string, number>();

  constructor(
    partitions: number,
    private readonly unkeyed: Partitioner,
  ) {
    this.partitions = checkPartitionCount(partitions);
    if (unkeyed.partitions !== this.partitions) {
      throw new RangeError(`the unkeyed partitioner must spread over the same ${this.partitions} partitions, not ${unkeyed.partitions}`);
    }
  }

  partition(key: string, size: number, now: number): number {
    if (key === '') return this.unkeyed.partition(key, size, now);
    let chosen = this.cache.get(key);
    if (chosen === undefined) {
      chosen = kafkaKeyPartition(key, this.partitions);
      if (this.cache.size < CACHED_KEYS) this.cache.set(key, chosen);
    }
    return chosen;
  }
}
