import type { ScalingMetric } from './metric';

/**
 * A stream group's lag in records: appended and not yet committed, over every partition (KEDA's
 * Kafka scaler, lagThreshold). A total the members share, so the target is records per member.
 */
export class LagMetric implements ScalingMetric {
  readonly name = 'lag';
  readonly targetType = 'average-value';

  constructor(private readonly group: { readonly totalLag: number }) {}

  start(): void {}

  read(): number {
    return this.group.totalLag;
  }
}
