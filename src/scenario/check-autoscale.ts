import type { Endpoint } from './catalog';
import type { ScenarioError } from './errors';
import type { ConsumerGroupSpec } from './schema';
import { AUTOSCALE_METRIC_DEFAULTS } from './schema-autoscale';

/** The metrics a group can scale on, by what it reads. */
const METRICS_FOR = {
  queue: ['depth', 'utilization'],
  stream: ['lag', 'lag-seconds', 'utilization'],
} as const;

/**
 * What the schema cannot check about a group's autoscale: minInstances ≤ maxInstances, the starting
 * instances within them, a metric that suits what the group reads, and minInstances ≥ 1 for the
 * metrics that cannot wake a group from zero. `source` is what the group reads, once resolved.
 */
export function checkAutoscale(spec: ConsumerGroupSpec, path: string, source: Endpoint | undefined, errors: ScenarioError[]): void {
  const a = spec.autoscale;
  if (a === undefined) return;
  const at = `${path}.autoscale`;
  if (a.minInstances > a.maxInstances) {
    errors.push({ path: `${at}.minInstances`, message: `is ${a.minInstances}, above maxInstances ${a.maxInstances}; use at most ${a.maxInstances} or raise maxInstances` });
  } else if (spec.instances < a.minInstances || spec.instances > a.maxInstances) {
    errors.push({ path: `${path}.instances`, message: `is ${spec.instances}, outside the autoscaler's range ${a.minInstances}–${a.maxInstances}; start within it` });
  }
  if (source === undefined) return;
  // A shared group on a stream scales as a queue group does: on its depth (unread plus handed back).
  const kind = source.kind === 'stream' && spec.share === undefined ? 'stream' : 'queue';
  const metric = a.metric ?? AUTOSCALE_METRIC_DEFAULTS[kind];
  const valid: readonly string[] = METRICS_FOR[kind];
  if (!valid.includes(metric)) {
    errors.push({ path: `${at}.metric`, message: `"${metric}" does not apply to a group reading ${kind === 'stream' ? 'a stream' : 'a queue'} ("${source.id}"); use ${valid.map((m) => `"${m}"`).join(' or ')}` });
  } else if ((metric === 'utilization' || metric === 'lag-seconds') && a.minInstances < 1) {
    errors.push({ path: `${at}.minInstances`, message: `must be at least 1 with metric "${metric}": it scales the current count in proportion, so it cannot wake a group from 0 (use "${AUTOSCALE_METRIC_DEFAULTS[kind]}" to scale to zero)` });
  }
  if (metric === 'utilization' && a.target !== undefined && a.target > 1) {
    errors.push({ path: `${at}.target`, message: `is ${a.target}, but utilization is a share of busy workers between 0 and 1; use e.g. 0.7` });
  }
}
