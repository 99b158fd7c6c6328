import { checkPartitionCount, type Partitioner } from './partitioner';

/** Partitions 0, 1, …, n − 1, 0, 1, … in turn, one message each (Kafka's RoundRobinPartitioner). */
export class RoundRobinPartitioner implements Partitioner {
  readonly partitions: number;
  private next = 0;

  constructor(partitions: number) {
    this.partitions = checkPartitionCount(partitions);
  }

  partition(): number {
    const chosen = this.next;
    this.next = chosen + 1 === this.partitions ? 0 : chosen + 1;
    return chosen;
  }
}
