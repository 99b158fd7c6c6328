import { z } from 'zod';
import { nonNegative, positive } from './schema-common';

/**
 * Defaults of the autoscaler's target per metric, from the scalers people start with: KEDA's RabbitMQ
 * queue-length default (20 messages per replica), its Kafka lagThreshold default (10 records per
 * replica), a 70 % utilisation target as in most HPA examples, and a 30 s age objective.
 */
export const AUTOSCALE_TARGET_DEFAULTS = { depth: 20, lag: 10, utilization: 0.7, 'lag-seconds': 30 } as const;

/** The metric an autoscaler reads when none is given: the natural backlog measure of what the group reads. */
export const AUTOSCALE_METRIC_DEFAULTS = { queue: 'depth', stream: 'lag' } as const;

/** A consumer group's autoscaler (Kubernetes HPA as driven by KEDA), see src/model/scaling. */
export const autoscaleSchema = z
  .strictObject({
    metric: z
      .enum(['depth', 'lag', 'lag-seconds', 'utilization'])
      .optional()
      .meta({
        description:
          'What to scale on. depth: ready messages in the queue (queues); lag: records not yet committed over all partitions (streams); lag-seconds: age of the oldest uncommitted record (streams); utilization: share of workers busy over the last interval (both). Default: depth on a queue, lag on a stream.',
      }),
    target: positive.optional().meta({
      description:
        'The value wanted. For depth and lag, per instance: desired = ceil(total / target). For utilization (0–1) and lag-seconds, for the group: desired = ceil(current × value / target). This is the HPA rule. Default: depth 20, lag 10, utilization 0.7, lag-seconds 30.',
    }),
    minInstances: z
      .int()
      .min(0)
      .max(1000)
      .default(1)
      .meta({ description: 'Fewest instances (HPA minReplicas, default 1). 0 allows scale to zero (depth and lag only, as KEDA: a backlog wakes the group).' }),
    maxInstances: z
      .int()
      .min(1)
      .max(1000)
      .default(10)
      .meta({ description: 'Most instances. On a stream, members beyond the partition count get no partition and sit idle (the report shows them).' }),
    interval: positive
      .max(3600)
      .default(15)
      .meta({ description: 'Seconds between evaluations (HPA sync period, 15 s; KEDA pollingInterval is 30 s).' }),
    cooldown: nonNegative
      .max(86_400)
      .default(300)
      .meta({ description: 'Seconds after a scale action before the count may go down (KEDA cooldownPeriod and the HPA scale-down window, both 300 s). Scaling out is never held back.' }),
    coldStart: nonNegative
      .max(3600)
      .default(5)
      .meta({ description: 'Seconds a new instance takes to start before it takes work (container start, warm-up). It exists and costs from the moment it is asked for.' }),
    tolerance: z
      .number()
      .min(0)
      .lt(1)
      .default(0.1)
      .meta({ description: 'Keep the count while the proposed change is within this fraction of it (HPA tolerance, 0.1), so noise does not flap it.' }),
    maxStepOut: z.int().min(1).max(1000).optional().meta({ description: 'Most instances one evaluation adds. Absent: no limit.' }),
    maxStepIn: z.int().min(1).max(1000).optional().meta({ description: 'Most instances one evaluation removes. Absent: no limit.' }),
  })
  .meta({
    description:
      'Dynamic scaling: every interval, read the metric and set the instance count in proportion to it over the target, within [minInstances, maxInstances]. The report gives instanceSeconds (the cost) and instances over time.',
  });

export type AutoscaleSpec = z.output<typeof autoscaleSchema>;
