import type { Catalog, Endpoint, EndpointKind, GroupEntry } from './catalog';
import type { ScenarioError } from './errors';
import type { Scenario } from './schema';
import type { AlertSpec } from './schema-alerts';

/** The reference lookups of the scenario's semantic checks, which report a missing id with a suggestion. */
export interface AlertRefs {
  readonly catalog: Catalog;
  group(ref: string, path: string): GroupEntry | undefined;
  endpointOf(ref: string, path: string, kinds: readonly EndpointKind[], what: string): Endpoint | undefined;
}

/** Which target each metric watches, and what that target must read or be. */
const TARGET_OF = {
  depth: 'broker',
  'dlq-growth': 'broker',
  lag: 'group',
  'lag-seconds': 'group',
  'error-rate': 'group',
} as const;

/**
 * What the schema cannot check about `alerts`: unique names; exactly one target, of the kind the
 * metric watches (a group for lag, lag-seconds and error-rate; a queue or subscription for depth and
 * dlq-growth), that exists, with a suggestion for a likely typo; lag-seconds only on a group reading
 * a stream and error-rate only on one reading a queue; dlq-growth only on a queue something
 * dead-letters into; an error-rate threshold an alert can exceed; and an interval the run reaches.
 */
export function checkAlerts(s: Scenario, refs: AlertRefs, errors: ScenarioError[]): void {
  const names = new Set<string>();
  s.alerts.forEach((alert, i) => {
    const path = `alerts[${i}]`;
    if (names.has(alert.name)) errors.push({ path: `${path}.name`, message: `alert name "${alert.name}" is already used; alert names must be unique` });
    names.add(alert.name);
    if (alert.interval > s.duration) {
      errors.push({ path: `${path}.interval`, message: `is ${alert.interval} s, longer than the run (duration ${s.duration}), so the alert would never be evaluated; use at most ${s.duration}` });
    }
    if (alert.metric === 'error-rate' && alert.above >= 1) {
      errors.push({ path: `${path}.above`, message: `is ${alert.above}, but an error rate is a share between 0 and 1 and can never be above it; use e.g. 0.5` });
    }
    if (!hasOneTarget(alert, path, errors)) return;
    if (TARGET_OF[alert.metric] === 'group') checkGroupTarget(alert, path, refs, errors);
    else checkBrokerTarget(alert, path, s, refs, errors);
  });
}

/** Exactly one of group and broker, the one the metric watches. */
function hasOneTarget(alert: AlertSpec, path: string, errors: ScenarioError[]): boolean {
  const wanted = TARGET_OF[alert.metric];
  const other = wanted === 'group' ? 'broker' : 'group';
  if (alert[other] !== undefined) {
    const hint = alert.metric === 'depth' ? '; for how far a group is behind its queue use metric "lag" with group' : '';
    errors.push({ path: `${path}.${other}`, message: `metric "${alert.metric}" watches a ${wanted}, not a ${other}; give ${wanted} instead${hint}` });
    return false;
  }
  if (alert[wanted] === undefined) {
    errors.push({ path, message: `metric "${alert.metric}" needs ${wanted === 'group' ? 'a group' : 'a broker'} to watch; give "${wanted}"` });
    return false;
  }
  return true;
}

function checkGroupTarget(alert: AlertSpec, path: string, refs: AlertRefs, errors: ScenarioError[]): void {
  const id = alert.group!;
  const entry = refs.group(id, `${path}.group`);
  if (entry === undefined) return;
  const source = refs.catalog.endpoints.get(entry.spec.reads);
  if (source === undefined) return; // the group's own check reports its reads
  const onStream = source.kind === 'stream';
  if (alert.metric === 'lag-seconds' && !onStream) {
    errors.push({ path: `${path}.metric`, message: `"lag-seconds" is the age of a stream group's oldest uncommitted record, but group "${id}" reads a queue ("${source.id}"); use "lag"` });
  } else if (alert.metric === 'error-rate' && onStream) {
    errors.push({ path: `${path}.metric`, message: `"error-rate" counts a queue group's failed attempts, but group "${id}" reads stream "${source.id}", whose members do not fail; use "lag" or "lag-seconds"` });
  }
}

function checkBrokerTarget(alert: AlertSpec, path: string, s: Scenario, refs: AlertRefs, errors: ScenarioError[]): void {
  const id = alert.broker!;
  const hint = `metric "${alert.metric}" watches a queue or subscription (for a stream, watch a group reading it with metric "lag")`;
  if (refs.endpointOf(id, `${path}.broker`, ['queue', 'subscription'], hint) === undefined) return;
  if (alert.metric !== 'dlq-growth') return;
  const dlqs = deadLetterTargets(s, refs.catalog);
  if (dlqs.has(id)) return;
  errors.push({
    path: `${path}.broker`,
    message: `"${id}" is no dead-letter queue: no queue, subscription or bus target names it in deadLetterTo${dlqs.size > 0 ? `; dead-letter queues are: ${[...dlqs].join(', ')}` : ''}`,
  });
}

/** Every queue something dead-letters into: a queue's or subscription's deadLetterTo, or a bus target's. */
function deadLetterTargets(s: Scenario, catalog: Catalog): Set<string> {
  const ids = new Set<string>();
  for (const endpoint of catalog.endpoints.values()) if (endpoint.queue?.deadLetterTo !== undefined) ids.add(endpoint.queue.deadLetterTo);
  for (const broker of s.brokers) {
    if (broker.kind !== 'bus') continue;
    for (const rule of broker.rules) for (const target of rule.targets) if (target.deadLetterTo !== undefined) ids.add(target.deadLetterTo);
  }
  return ids;
}
