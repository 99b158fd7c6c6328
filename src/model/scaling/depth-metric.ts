import type { ScalingMetric } from './metric';

/**
 * Ready messages waiting in the queue the group reads (KEDA's queue-length scalers: RabbitMQ,
 * SQS ApproximateNumberOfMessages). A total the instances share, so the target is messages per instance.
 */
export class DepthMetric implements ScalingMetric {
  readonly name = 'depth';
  readonly targetType = 'average-value';

  constructor(private readonly source: { readonly depth: number }) {}

  start(): void {}

  read(): number {
    return this.source.depth;
  }
}
