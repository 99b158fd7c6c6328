import { Autoscaler, DepthMetric, LagMetric, LagSecondsMetric, UtilizationMetric, type ModelContext, type QueueBroker, type ScalingMetric } from '../model';
import type { BuiltGroup } from './build-groups';
import { AUTOSCALE_METRIC_DEFAULTS, AUTOSCALE_TARGET_DEFAULTS, type AutoscaleSpec } from './schema-autoscale';

/** The autoscaler `spec` describes for `group`, which reads `reads` (validated: the metric suits the source). */
export function createAutoscaler(context: ModelContext, group: BuiltGroup, reads: string, spec: AutoscaleSpec, queue: (id: string) => Pick<QueueBroker, 'depth'>): Autoscaler {
  const name = spec.metric ?? AUTOSCALE_METRIC_DEFAULTS[group.kind];
  let metric: ScalingMetric;
  if (name === 'utilization') metric = new UtilizationMetric(context.sim, group, spec.interval);
  else if (group.kind === 'queue') {
    if (name !== 'depth') throw new Error(`group "${group.id}" reads a queue and cannot scale on ${name} (validate the scenario first)`);
    metric = new DepthMetric(queue(reads));
  } else if (name === 'depth') throw new Error(`group "${group.id}" reads a stream and cannot scale on depth (validate the scenario first)`);
  else metric = name === 'lag' ? new LagMetric(group) : new LagSecondsMetric(group);
  return new Autoscaler(context, group, {
    broker: reads,
    metric,
    target: spec.target ?? AUTOSCALE_TARGET_DEFAULTS[name],
    minInstances: spec.minInstances,
    maxInstances: spec.maxInstances,
    interval: spec.interval,
    cooldown: spec.cooldown,
    coldStart: spec.coldStart,
    tolerance: spec.tolerance,
    maxStepOut: spec.maxStepOut,
    maxStepIn: spec.maxStepIn,
  });
}
