import type { Catalog, GroupEntry } from './catalog';
import type { ScenarioError } from './errors';
import { closestMatch } from './suggest';

/**
 * What the schema cannot check about a queue group's failure handling: dependencies that exist, a
 * retry policy the failure action uses, and a breaker that can retry only through that policy.
 */
export function checkResilience(group: GroupEntry, catalog: Catalog, errors: ScenarioError[]): void {
  const { spec, path } = group;
  if (spec.dependency !== undefined) checkDependencyRef(spec.dependency, `${path}.dependency`, catalog, errors);
  spec.handler?.calls.forEach((call, j) => {
    if (call.dependency !== undefined) checkDependencyRef(call.dependency, `${path}.handler.calls[${j}].dependency`, catalog, errors);
  });
  if (spec.dependency !== undefined && spec.handler !== undefined) {
    errors.push({ path: `${path}.dependency`, message: 'applies to groups with processing; a handler names the dependency of each call (handler.calls[].dependency)' });
  }
  const action = spec.failure?.action ?? (spec.retry !== undefined ? 'retry' : 'requeue');
  if (action === 'retry' && spec.retry === undefined) {
    errors.push({ path: `${path}.failure.action`, message: '"retry" needs a retry policy: add retry (backoff, delay, maxRetries…) to the group' });
  }
  if (spec.retry !== undefined && action !== 'retry') {
    errors.push({ path: `${path}.retry`, message: `is only used by failure action "retry", but the action is "${action}"; set failure.action to "retry" or remove retry` });
  }
  if (spec.breaker?.whenOpen === 'retry' && action !== 'retry') {
    errors.push({ path: `${path}.breaker.whenOpen`, message: '"retry" retries refused messages with the retry policy, so it needs failure action "retry" and a retry policy; or use "reject"' });
  }
  if (spec.breaker?.whenOpen === 'retry' && spec.retry !== undefined && (spec.retry.backoff === 'immediate' || spec.retry.delay === 0)) {
    errors.push({
      path: `${path}.retry.delay`,
      message: 'an open circuit fails a call at once, so retrying it without a delay would only spin through the retries; give retry a delay > 0 (fixed or exponential backoff)',
    });
  }
}

/** Dependencies must be unique; an outage must name one. */
export function checkDependencies(dependencies: readonly { id: string }[], errors: ScenarioError[]): void {
  const seen = new Set<string>();
  dependencies.forEach((d, i) => {
    if (seen.has(d.id)) errors.push({ path: `dependencies[${i}].id`, message: `dependency id "${d.id}" is already used; ids must be unique` });
    seen.add(d.id);
  });
}

export function checkDependencyRef(ref: string, path: string, catalog: Catalog, errors: ScenarioError[]): void {
  if (catalog.dependencies.has(ref)) return;
  const ids = [...catalog.dependencies.keys()];
  const guess = closestMatch(ref, ids);
  const hint = guess !== undefined ? `; did you mean "${guess}"?` : ids.length > 0 ? `; dependencies are: ${ids.join(', ')}` : '; declare it in dependencies first';
  errors.push({ path, message: `no dependency has id "${ref}"${hint}` });
}
