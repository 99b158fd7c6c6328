/**
 * The partitioner protocol: picks the partition of each message a producer publishes to a stream.
 * Instances keep state (a round-robin counter, the current sticky batch), so each producer has its
 * own, as each Kafka producer has its own partitioner.
 */
export interface Partitioner {
  /** Partitions of the stream; `partition` returns a whole number in [0, partitions). */
  readonly partitions: number;
  /**
   * The partition for a message with `key` ('' when it has none) of `size` payload bytes, published
   * at virtual time `now`. Calls must come in publish order.
   */
  partition(key: string, size: number, now: number): number;
}

/** Checks a partition count: a whole number from 1 to 2^31 − 1. */
export function checkPartitionCount(partitions: number): number {
  if (!Number.isSafeInteger(partitions) || partitions < 1 || partitions > 0x7fffffff) {
    throw new RangeError(`partitions must be a whole number >= 1, got ${String(partitions)}`);
  }
  return partitions;
}
