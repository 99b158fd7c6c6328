import type { Catalog, Endpoint, GroupEntry, QueueLikeSpec } from './catalog';
import type { ScenarioError } from './errors';
import type { Scenario, TimelineAction } from './schema';
import { AUTOSCALE_METRIC_DEFAULTS } from './schema-autoscale';
import { checkAddPartitions, checkSetFailure, checkSetIdempotency } from './check-live-actions';
import { closestMatch } from './suggest';

/**
 * The timeline actions that switch a backpressure policy (schema-policy-actions.ts) or change a group's
 * failure model, its idempotency store or a stream's partitions (schema-live-actions.ts).
 */
export type PolicyAction = Extract<
  TimelineAction,
  { action: 'set-queue-limits' | 'set-producer-flow' | 'set-prefetch' | 'set-pull' | 'set-autoscale' | 'set-breaker' | 'set-failure' | 'set-idempotency' | 'add-partitions' }
>;

const POLICY_ACTIONS: ReadonlySet<string> = new Set(['set-queue-limits', 'set-producer-flow', 'set-prefetch', 'set-pull', 'set-autoscale', 'set-breaker', 'set-failure', 'set-idempotency', 'add-partitions']);

export function isPolicyAction(a: TimelineAction): a is PolicyAction {
  return POLICY_ACTIONS.has(a.action);
}

/** How the checks resolve names; each reports a name that does not resolve, and returns undefined then. */
export interface PolicyActionRefs {
  readonly catalog: Catalog;
  /** The group `ref` names, if it exists at the action's time. */
  group(ref: string): GroupEntry | undefined;
  /** The queue or subscription `ref` names. */
  queue(ref: string, path: string): Endpoint | undefined;
}

/** What a field left out means to the action: the fields that would change something. */
const CHANGES: { [K in PolicyAction['action']]: readonly string[] } = {
  'set-queue-limits': ['maxLength', 'maxBytes', 'overflow', 'keepOneIn', 'conflate'],
  'set-producer-flow': ['whenFull', 'rateLimit', 'maxBacklog'],
  'set-prefetch': ['prefetch'],
  'set-pull': ['batchSize', 'refill'],
  'set-autoscale': ['enabled', 'target', 'minInstances', 'maxInstances'],
  'set-breaker': ['enabled'],
  'set-failure': ['probability', 'fatal', 'poison'],
  'set-idempotency': ['enabled'],
  'add-partitions': ['partitions'],
};

/**
 * What the schema cannot check about a policy switch: the target exists at the action's time and is
 * of the right kind (a push group for set-prefetch, a pull group for set-pull, a group with an
 * autoscaler or a breaker), the action changes something, and the settings it leads to make sense.
 *
 * How strict: the settings in force at an action are the scenario's own, changed by the policy
 * switches that run before it (earlier in time, or earlier in the file at the same time). So
 * whenFull "block" is accepted on a queue that an earlier set-queue-limits gave a bound and
 * reject-publish, and refused if the queue cannot refuse a publish for being full at that moment. A
 * later switch that takes the bound away is allowed: the blocked producer then simply stops waiting.
 */
export function checkPolicyAction(s: Scenario, a: PolicyAction, path: string, refs: PolicyActionRefs, errors: ScenarioError[]): void {
  const fields = CHANGES[a.action];
  if (!fields.some((field) => (a as Record<string, unknown>)[field] !== undefined)) {
    errors.push({ path, message: `changes nothing: give at least one of ${fields.join(', ')}` });
  }
  const earlier = before(s, a);
  switch (a.action) {
    case 'set-queue-limits': {
      const queue = refs.queue(a.queue, `${path}.queue`);
      if (queue !== undefined && queue.from > a.at) errors.push({ path: `${path}.queue`, message: `"${a.queue}" only exists from ${queue.from} s` });
      if (a.conflate === true && !s.producers.some((p) => p.keys > 0)) {
        errors.push({ path: `${path}.conflate`, message: 'works on message keys, but no producer gives its messages a key; set keys on a producer (e.g. "keys": 100) or leave this off' });
      }
      return;
    }
    case 'set-producer-flow':
      checkProducerFlow(s, a, path, earlier, refs.catalog, errors);
      return;
    case 'set-prefetch':
    case 'set-pull': {
      const group = refs.group(a.group);
      if (group === undefined) return;
      if (refs.catalog.endpoints.get(group.spec.reads)?.kind === 'stream' && group.spec.share === undefined) {
        errors.push({ path: `${path}.group`, message: `group "${a.group}" reads stream "${group.spec.reads}"; ${a.action} applies to groups reading a queue or a subscription` });
      } else if (a.action === 'set-prefetch' && group.spec.pull !== undefined) {
        errors.push({ path: `${path}.group`, message: `group "${a.group}" pulls, so it has no prefetch window; change its pull.batchSize with set-pull` });
      } else if (a.action === 'set-pull' && group.spec.pull === undefined) {
        errors.push({ path: `${path}.group`, message: `group "${a.group}" is pushed to (it has no pull settings); change its window with set-prefetch` });
      }
      return;
    }
    case 'set-autoscale': {
      const group = refs.group(a.group);
      if (group === undefined) return;
      if (group.spec.autoscale === undefined) {
        errors.push({ path: `${path}.group`, message: `group "${a.group}" has no autoscaler; give it autoscale to switch one` });
        return;
      }
      checkAutoscaleRange(a, path, group, earlier, refs.catalog, errors);
      return;
    }
    case 'set-breaker': {
      const group = refs.group(a.group);
      if (group !== undefined && group.spec.breaker === undefined) {
        errors.push({ path: `${path}.group`, message: `group "${a.group}" has no circuit breaker; give it breaker to switch one` });
      }
      return;
    }
    case 'set-failure':
      checkSetFailure(a, path, refs.group(a.group), earlier, refs.catalog, errors);
      return;
    case 'set-idempotency':
      checkSetIdempotency(a, path, refs.group(a.group), refs.catalog, errors);
      return;
    case 'add-partitions':
      checkAddPartitions(a, path, earlier, refs.catalog, errors);
      return;
  }
}

/** The policy switches that run before `a`: earlier in time, or at the same time earlier in the file. */
function before(s: Scenario, a: TimelineAction): PolicyAction[] {
  const index = s.timeline.indexOf(a);
  return s.timeline.filter((b, i): b is PolicyAction => isPolicyAction(b) && (b.at < a.at || (b.at === a.at && i < index)));
}

function checkProducerFlow(s: Scenario, a: Extract<PolicyAction, { action: 'set-producer-flow' }>, path: string, earlier: readonly PolicyAction[], catalog: Catalog, errors: ScenarioError[]): void {
  const producer = s.producers.find((p) => p.id === a.producer);
  if (producer === undefined) {
    const ids = s.producers.map((p) => p.id);
    const guess = closestMatch(a.producer, ids);
    errors.push({ path: `${path}.producer`, message: `no producer has id "${a.producer}"${guess !== undefined ? `; did you mean "${guess}"?` : `; producers are: ${ids.join(', ')}`}` });
    return;
  }
  if (a.whenFull !== 'block') return;
  const target = catalog.endpoints.get(producer.target);
  // A target that does not exist (or is not there at the start) is reported at the producer.
  if (target === undefined || target.kind === 'subscription') return;
  if (target.queue === undefined) {
    errors.push({ path: `${path}.whenFull`, message: `"block" waits for room in a full queue, but producer "${a.producer}" publishes to ${target.kind} "${target.id}", which never refuses for being full; use it with a queue` });
    return;
  }
  const limits = queueLimitsAt(target.queue, earlier);
  if (limits.overflow !== 'reject-publish' || (limits.maxLength === undefined && limits.maxBytes === undefined)) {
    errors.push({
      path: `${path}.whenFull`,
      message: `"block" waits for room in a full queue, but at ${a.at} s "${target.id}" never refuses a publish for being full; give it maxLength (or maxBytes) and overflow "reject-publish", from the start or by an earlier set-queue-limits`,
    });
  }
}

/** A queue's bounds and overflow after the set-queue-limits actions in `earlier`. */
function queueLimitsAt(queue: QueueLikeSpec, earlier: readonly PolicyAction[]): { maxLength: number | undefined; maxBytes: number | undefined; overflow: string } {
  let { maxLength, maxBytes, overflow } = queue;
  for (const b of earlier) {
    if (b.action !== 'set-queue-limits' || b.queue !== queue.id) continue;
    if (b.maxLength !== undefined) maxLength = b.maxLength ?? undefined;
    if (b.maxBytes !== undefined) maxBytes = b.maxBytes ?? undefined;
    if (b.overflow !== undefined) overflow = b.overflow;
  }
  return { maxLength, maxBytes, overflow };
}

/** The autoscaler's range and target after this action (and those before it) make sense for its metric. */
function checkAutoscaleRange(
  a: Extract<PolicyAction, { action: 'set-autoscale' }>,
  path: string,
  group: GroupEntry,
  earlier: readonly PolicyAction[],
  catalog: Catalog,
  errors: ScenarioError[],
): void {
  const spec = group.spec.autoscale!;
  let { minInstances, maxInstances } = spec;
  for (const b of [...earlier, a]) {
    if (b.action !== 'set-autoscale' || b.group !== a.group) continue;
    minInstances = b.minInstances ?? minInstances;
    maxInstances = b.maxInstances ?? maxInstances;
  }
  if (minInstances > maxInstances) {
    const field = a.minInstances !== undefined ? 'minInstances' : 'maxInstances';
    errors.push({ path: `${path}.${field}`, message: `leaves minInstances ${minInstances} above maxInstances ${maxInstances}; the range must not be empty` });
  }
  const metric = spec.metric ?? AUTOSCALE_METRIC_DEFAULTS[catalog.endpoints.get(group.spec.reads)?.kind === 'stream' && group.spec.share === undefined ? 'stream' : 'queue'];
  if ((metric === 'utilization' || metric === 'lag-seconds') && minInstances < 1 && a.minInstances !== undefined) {
    errors.push({ path: `${path}.minInstances`, message: `must be at least 1 with metric "${metric}": it scales the current count in proportion, so it cannot wake a group from 0` });
  }
  if (metric === 'utilization' && a.target !== undefined && a.target > 1) {
    errors.push({ path: `${path}.target`, message: `is ${a.target}, but utilization is a share of busy workers between 0 and 1; use e.g. 0.7` });
  }
}
