import type { Catalog, GroupEntry } from './catalog';
import type { PolicyAction } from './check-policy-actions';
import type { ScenarioError } from './errors';
import { closestMatch } from './suggest';

type SetFailure = Extract<PolicyAction, { action: 'set-failure' }>;
type SetIdempotency = Extract<PolicyAction, { action: 'set-idempotency' }>;
type AddPartitions = Extract<PolicyAction, { action: 'add-partitions' }>;

/**
 * What the schema cannot check about set-failure: the group takes a failure model (it reads a queue, a
 * subscription, or is a shared stream group), and the model in force after it (the group's own,
 * changed by the set-failure actions before it) keeps probability + fatal at most 1, as the group
 * schema requires.
 */
export function checkSetFailure(a: SetFailure, path: string, group: GroupEntry | undefined, earlier: readonly PolicyAction[], catalog: Catalog, errors: ScenarioError[]): void {
  if (group === undefined || !takesQueueFields(group, a.action, path, catalog, errors)) return;
  let probability = group.spec.failure?.probability ?? 0;
  let fatal = group.spec.failure?.fatal ?? 0;
  for (const b of [...earlier, a]) {
    if (b.action !== 'set-failure' || b.group !== a.group) continue;
    probability = b.probability ?? probability;
    fatal = b.fatal ?? fatal;
  }
  if (probability + fatal > 1) {
    errors.push({
      path: `${path}.${a.fatal !== undefined ? 'fatal' : 'probability'}`,
      message: `leaves probability ${probability} and fatal ${fatal}, which add up to more than 1; together they must be at most 1`,
    });
  }
}

/** What the schema cannot check about set-idempotency: the group has a side effect for a store to guard. */
export function checkSetIdempotency(a: SetIdempotency, path: string, group: GroupEntry | undefined, catalog: Catalog, errors: ScenarioError[]): void {
  if (group === undefined || !takesQueueFields(group, a.action, path, catalog, errors)) return;
  if (group.spec.sideEffect === undefined) {
    errors.push({
      path: `${path}.group`,
      message: `group "${a.group}" has no side effect, so there is no idempotency store to switch; give it sideEffect (e.g. "sideEffect": { "name": "charges" }), which set-idempotency can then guard`,
    });
  }
}

/**
 * What the schema cannot check about add-partitions: the stream exists, and the new count is above
 * the one in force at the action's time (the stream's own, grown by the add-partitions before it).
 */
export function checkAddPartitions(a: AddPartitions, path: string, earlier: readonly PolicyAction[], catalog: Catalog, errors: ScenarioError[]): void {
  const endpoint = catalog.endpoints.get(a.stream);
  if (endpoint?.stream === undefined) {
    const streams = [...catalog.endpoints.values()].filter((e) => e.kind === 'stream').map((e) => e.id);
    const guess = closestMatch(a.stream, streams);
    const hint = guess !== undefined ? `did you mean "${guess}"?` : streams.length > 0 ? `streams are: ${streams.join(', ')}` : 'there are no streams';
    const what = endpoint === undefined ? `no stream has id "${a.stream}"` : `"${a.stream}" is not a stream (it is a ${endpoint.kind}); add-partitions grows a stream`;
    errors.push({ path: `${path}.stream`, message: `${what}; ${hint}` });
    return;
  }
  let count = endpoint.stream.partitions;
  for (const b of earlier) if (b.action === 'add-partitions' && b.stream === a.stream) count = Math.max(count, b.partitions);
  if (a.partitions <= count) {
    errors.push({ path: `${path}.partitions`, message: `must be more than the ${count} partitions "${a.stream}" has at ${a.at} s; partitions can only grow` });
  }
}

/** True when `group` takes queue-group fields; otherwise an error saying which groups do. */
function takesQueueFields(group: GroupEntry, action: string, path: string, catalog: Catalog, errors: ScenarioError[]): boolean {
  const { spec } = group;
  if (catalog.endpoints.get(spec.reads)?.kind !== 'stream' || spec.share !== undefined) return true;
  errors.push({
    path: `${path}.group`,
    message: `group "${spec.id}" reads stream "${spec.reads}" and owns partitions; ${action} applies to groups reading a queue or a subscription, or to shared stream groups (share)`,
  });
  return false;
}
