/** Partitioners: one strategy per file behind the `Partitioner` protocol. */
export { checkPartitionCount, type Partitioner } from './partitioner';
export { createPartitioner, DEFAULT_UNKEYED, type PartitionerSpec, type UnkeyedPartitionerSpec } from './create';
export { KeyedPartitioner } from './keyed';
export { RoundRobinPartitioner } from './round-robin';
export { StickyPartitioner, type StickyOptions } from './sticky';
export { kafkaKeyPartition, murmur2, toPositive } from './murmur2';
export { javaUtf8Bytes } from './utf8';
