import type { RandomStream } from '../../../engine';
import { KeyedPartitioner } from './keyed';
import type { Partitioner } from './partitioner';
import { RoundRobinPartitioner } from './round-robin';
import { StickyPartitioner, type StickyOptions } from './sticky';

/** Partitioning of messages without a key. */
export type UnkeyedPartitionerSpec = { type: 'round-robin' } | ({ type: 'sticky' } & StickyOptions);

/** How a producer picks partitions; `keyed` hashes keys and hands keyless messages to `unkeyed`. */
export type PartitionerSpec = UnkeyedPartitionerSpec | { type: 'keyed'; unkeyed?: UnkeyedPartitionerSpec | undefined };

/** Kafka's producer defaults for keyless messages: sticky batches of batch.size 16384 bytes, linger.ms 5. */
export const DEFAULT_UNKEYED: UnkeyedPartitionerSpec = { type: 'sticky', batchBytes: 16384, lingerSeconds: 0.005 };

/**
 * Builds the partitioner `spec` describes for a stream of `partitions` partitions. `random` is the
 * stream a sticky partitioner draws its next partition from (without one it moves in order).
 */
export function createPartitioner(spec: PartitionerSpec, partitions: number, random?: RandomStream): Partitioner {
  switch (spec.type) {
    case 'round-robin':
      return new RoundRobinPartitioner(partitions);
    case 'sticky':
      return new StickyPartitioner(partitions, spec, random);
    case 'keyed': {
      const unkeyed = spec.unkeyed ?? DEFAULT_UNKEYED;
      if (unkeyed.type !== 'round-robin' && unkeyed.type !== 'sticky') {
        throw new RangeError(`unkeyed.type must be "round-robin" or "sticky", got ${JSON.stringify((unkeyed as { type: unknown }).type)}`);
      }
      return new KeyedPartitioner(partitions, createPartitioner(unkeyed, partitions, random));
    }
    default:
      throw new RangeError(`partitioner type must be "keyed", "round-robin" or "sticky", got ${JSON.stringify((spec as { type: unknown }).type)}`);
  }
}
