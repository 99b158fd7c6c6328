import type { ScalingMetric } from './metric';

/** What LagSecondsMetric reads: a stream group's per-partition lag age. */
export interface LagAgeSource {
  readonly partitionCount: number;
  /** Age in seconds of the oldest retained record of `partition` not yet committed; 0 when caught up. */
  lagSeconds(partition: number): number;
}

/**
 * The age of the oldest record a stream group has not committed, over every partition (a time-lag
 * target such as "no event waits more than 30 s"). Adding members shortens it in proportion, so the
 * target is a value for the whole group, not a share per member.
 */
export class LagSecondsMetric implements ScalingMetric {
  readonly name = 'lag-seconds';
  readonly targetType = 'value';

  constructor(private readonly group: LagAgeSource) {}

  start(): void {}

  read(): number {
    let oldest = 0;
    for (let p = 0; p < this.group.partitionCount; p++) oldest = Math.max(oldest, this.group.lagSeconds(p));
    return oldest;
  }
}
