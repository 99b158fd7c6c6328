import type { RandomStream } from '../../../engine';
import { checkPartitionCount, type Partitioner } from './partitioner';

/** When a sticky batch is complete. At least one limit is required. */
export interface StickyOptions {
  /** Messages per batch (a whole number >= 1). */
  batchMessages?: number | undefined;
  /** Payload bytes per batch (> 0): the batch is complete once it holds at least this many (Kafka batch.size). */
  batchBytes?: number | undefined;
  /** Seconds a batch stays open after its first message (>= 0; Kafka linger.ms). */
  lingerSeconds?: number | undefined;
}

/**
 * Kafka's sticky partitioning for messages without a key: fill one partition with a batch, then move
 * to another, so that batches are large and few.
 *
 * A batch is complete once it holds `batchMessages` messages or at least `batchBytes` bytes; a message
 * published more than `lingerSeconds` after the batch's first message also starts a new batch (with
 * `lingerSeconds` 0, the messages published at one instant share a batch). The next batch goes to a
 * partition drawn uniformly from the others with `random`, or, without a stream, to the next partition
 * in order.
 *
 * Simplification: a real producer closes a batch when it is sent, which depends on broker round
 * trips and in-flight limits, and since Kafka 3.3 (KIP-794) chooses the next partition weighted by how
 * little each broker has queued. Here batches close by count, bytes or linger alone, and the choice is
 * uniform.
 */
export class StickyPartitioner implements Partitioner {
  readonly partitions: number;
  private readonly batchMessages: number;
  private readonly batchBytes: number;
  private readonly lingerSeconds: number;
  private current = -1;
  private count = 0;
  private bytes = 0;
  private openedAt = 0;

  constructor(
    partitions: number,
    options: StickyOptions,
    private readonly random?: RandomStream,
  ) {
    this.partitions = checkPartitionCount(partitions);
    const { batchMessages, batchBytes, lingerSeconds } = options;
    if (batchMessages === undefined && batchBytes === undefined && lingerSeconds === undefined) {
      throw new RangeError('a sticky partitioner needs batchMessages, batchBytes or lingerSeconds to know when a batch is complete');
    }
    if (batchMessages !== undefined && !(Number.isSafeInteger(batchMessages) && batchMessages >= 1)) {
      throw new RangeError(`batchMessages must be a whole number >= 1, got ${String(batchMessages)}`);
    }
    if (batchBytes !== undefined && !(Number.isFinite(batchBytes) && batchBytes > 0)) {
      throw new RangeError(`batchBytes must be a finite number > 0, got ${String(batchBytes)}`);
    }
    if (lingerSeconds !== undefined && !(Number.isFinite(lingerSeconds) && lingerSeconds >= 0)) {
      throw new RangeError(`lingerSeconds must be a finite number >= 0, got ${String(lingerSeconds)}`);
    }
    this.batchMessages = batchMessages ?? Infinity;
    this.batchBytes = batchBytes ?? Infinity;
    this.lingerSeconds = lingerSeconds ?? Infinity;
  }

  partition(_key: string, size: number, now: number): number {
    if (this.current < 0 || this.count >= this.batchMessages || this.bytes >= this.batchBytes || now > this.openedAt + this.lingerSeconds) {
      this.current = this.choose();
      this.count = 0;
      this.bytes = 0;
      this.openedAt = now;
    }
    this.count++;
    this.bytes += size;
    return this.current;
  }

  private choose(): number {
    const n = this.partitions;
    const random = this.random;
    if (this.current < 0) return random === undefined ? 0 : random.nextInt(n);
    if (n === 1) return 0;
    // Any partition but the current one: a draw over the n − 1 others, shifted past the current.
    const step = random === undefined ? 1 : 1 + random.nextInt(n - 1);
    return (this.current + step) % n;
  }
}
