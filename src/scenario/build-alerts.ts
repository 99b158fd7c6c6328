import {
  AlertMonitor,
  DepthMetric,
  DlqGrowthMetric,
  ErrorRateMetric,
  GaugeMetric,
  LagMetric,
  LagSecondsMetric,
  type AlertMetric,
  type AlertRule,
  type ModelContext,
  type QueueBroker,
  type StreamGroup,
} from '../model';
import type { BuiltGroup } from './build-groups';
import type { Catalog } from './catalog';
import type { AlertSpec } from './schema-alerts';

/** The model objects alerts watch, by id; groups and subscriptions a timeline action adds appear later. */
export interface AlertTargets {
  readonly queues: ReadonlyMap<string, QueueBroker>;
  readonly groups: ReadonlyMap<string, BuiltGroup>;
}

/**
 * Starts a monitor of the scenario's alerts (validated: each names one target that suits its metric),
 * or nothing when there are none, so a scenario without alerts schedules no event for them.
 */
export function startAlerts(context: ModelContext, specs: readonly AlertSpec[], catalog: Catalog, targets: AlertTargets): AlertMonitor | undefined {
  if (specs.length === 0) return undefined;
  const monitor = new AlertMonitor(
    context,
    specs.map((spec) => ruleOf(spec, catalog, targets)),
  );
  monitor.start();
  return monitor;
}

function ruleOf(spec: AlertSpec, catalog: Catalog, targets: AlertTargets): AlertRule {
  const reads = spec.group === undefined ? undefined : catalog.groups.find((g) => g.spec.id === spec.group)?.spec.reads;
  const broker = spec.broker ?? reads;
  if (broker === undefined) throw new Error(`alert "${spec.name}" names no known group or broker (validate the scenario first)`);
  return {
    name: spec.name,
    metric: metricOf(spec, broker, catalog, targets),
    above: spec.above,
    for: spec.for,
    interval: spec.interval,
    group: spec.group ?? '',
    broker,
  };
}

/** The reader for `spec`'s metric; `broker` is the broker watched, or the one the watched group reads. */
function metricOf(spec: AlertSpec, broker: string, catalog: Catalog, { queues, groups }: AlertTargets): AlertMetric {
  const queue = (): QueueBroker | undefined => queues.get(broker);
  const group = (): BuiltGroup | undefined => (spec.group === undefined ? undefined : groups.get(spec.group));
  const streamGroup = (): StreamGroup | undefined => {
    const g = group();
    return g?.kind === 'stream' ? g : undefined;
  };
  switch (spec.metric) {
    case 'depth':
      return new GaugeMetric('depth', () => optional(queue(), (q) => new DepthMetric(q)));
    case 'lag':
      // A queue group is behind by its queue's ready depth, once it exists; a stream group by its uncommitted records.
      return catalog.endpoints.get(broker)?.kind === 'stream'
        ? new GaugeMetric('lag', () => optional(streamGroup(), (g) => new LagMetric(g)))
        : new GaugeMetric('lag', () => (group() === undefined ? undefined : optional(queue(), (q) => new DepthMetric(q))));
    case 'lag-seconds':
      return new GaugeMetric('lag-seconds', () => optional(streamGroup(), (g) => new LagSecondsMetric(g)));
    case 'error-rate':
      return new ErrorRateMetric(() => {
        const g = group();
        return g?.kind === 'queue' ? g : undefined;
      });
    case 'dlq-growth':
      return new DlqGrowthMetric(queue, spec.interval);
  }
}

function optional<T, R>(value: T | undefined, make: (value: T) => R): R | undefined {
  return value === undefined ? undefined : make(value);
}
