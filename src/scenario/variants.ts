import type { ScenarioError } from './errors';
import { catalogOf } from './catalog';
import { applyOverrides, type OverrideResult } from './overrides';
import { parseReportPath, WILDCARD } from './report-path';
import type { Scenario } from './schema';
import { BASE_VARIANT, type VariantSpec } from './schema-expect';
import { closestMatch } from './suggest';

/** A variant's `set` as --set assignments: each value written as JSON, which applyOverrides reads back exactly. */
export function variantAssignments(variant: VariantSpec): string[] {
  return Object.entries(variant.set).map(([path, value]) => `${path}=${JSON.stringify(value)}`);
}

/**
 * Applies the named variant's overrides to raw scenario data (before validation), returning a copy;
 * `undefined` or "base" returns the data unchanged. An unknown name is an error listing the known ones.
 * It reuses the --set machinery, so a variant says exactly what a command line could.
 */
export function applyVariant(data: unknown, name: string | undefined): OverrideResult {
  if (name === undefined || name === BASE_VARIANT) return { ok: true, data };
  const variants = rawVariants(data);
  const variant = variants[name];
  if (variant === undefined || typeof variant !== 'object' || variant === null) {
    const known = Object.keys(variants);
    const guess = closestMatch(name, known);
    const hint = known.length === 0 ? 'this scenario has no variants' : `known: ${known.join(', ')}${guess !== undefined ? ` (did you mean "${guess}"?)` : ''}`;
    return { ok: false, errors: [{ path: 'variants', message: `has no variant "${name}"; ${hint}` }] };
  }
  const set = (variant as { set?: unknown }).set;
  if (typeof set !== 'object' || set === null || Array.isArray(set)) {
    return { ok: false, errors: [{ path: `variants.${name}.set`, message: 'must be an object of path: value overrides' }] };
  }
  const applied = applyOverrides(data, variantAssignments({ set: set as Record<string, unknown> }));
  if (applied.ok) return applied;
  return { ok: false, errors: applied.errors.map((e) => ({ path: `variants.${name}.set["${e.path}"]`, message: e.message })) };
}

/** The variant names of a validated scenario, in file order. */
export function variantNames(s: Scenario): string[] {
  return Object.keys(s.variants);
}

function rawVariants(data: unknown): Record<string, unknown> {
  const variants = typeof data === 'object' && data !== null ? (data as { variants?: unknown }).variants : undefined;
  return typeof variants === 'object' && variants !== null && !Array.isArray(variants) ? (variants as Record<string, unknown>) : {};
}

/** The report's top-level keys (src/metrics/report.ts); a path must start with one of them. */
const REPORT_ROOTS = ['scenario', 'seed', 'duration', 'events', 'traceHash', 'producers', 'brokers', 'groups', 'invariants', 'series'];

/**
 * What the schema cannot check about `expect` and `variants`: that paths start at the report's real
 * fields and name producers, brokers and groups the scenario has; that an expectation's variants exist;
 * that "base" is not used as a variant name; and that each variant's overrides land somewhere.
 * (Whether a variant gives a valid scenario is checked when it is run.)
 */
export function checkExpectationsAndVariants(s: Scenario, errors: ScenarioError[]): void {
  const names = variantNames(s);
  if (names.includes(BASE_VARIANT)) {
    errors.push({ path: `variants.${BASE_VARIANT}`, message: `"${BASE_VARIANT}" names the scenario without a variant; choose another name` });
  }
  const catalog = catalogOf(s);
  const ids: Record<string, readonly string[]> = {
    producers: s.producers.map((p) => p.id),
    brokers: [...catalog.endpoints.keys()],
    groups: catalog.groups.map((g) => g.spec.id),
  };
  s.expect.forEach((e, i) => {
    checkReportPath(e.path, `expect[${i}].path`, ids, errors);
    if (e.ref !== undefined) checkReportPath(e.ref, `expect[${i}].ref`, ids, errors);
    e.variants?.forEach((v, j) => {
      if (v !== BASE_VARIANT && !names.includes(v)) {
        errors.push({ path: `expect[${i}].variants[${j}]`, message: `no variant "${v}"; known: ${[BASE_VARIANT, ...names].join(', ')}` });
      }
    });
  });
  // Strip the variants from the copy so applying one cannot recurse into the others.
  const { variants, ...plain } = s;
  for (const name of names) {
    const applied = applyOverrides(plain, variantAssignments(variants[name]!));
    if (!applied.ok) {
      for (const e of applied.errors) errors.push({ path: `variants.${name}.set["${e.path}"]`, message: e.message });
    }
  }
}

function checkReportPath(text: string, at: string, ids: Record<string, readonly string[]>, errors: ScenarioError[]): void {
  const segments = parseReportPath(text);
  if (segments === undefined) return; // the schema has said so
  const root = segments[0]!;
  if (root === WILDCARD || !REPORT_ROOTS.includes(root)) {
    errors.push({ path: at, message: `must start with one of ${REPORT_ROOTS.join(', ')}` });
    return;
  }
  const known = ids[root];
  const id = segments[1];
  if (known === undefined || id === undefined || id === WILDCARD || known.includes(id)) return;
  const guess = closestMatch(id, known);
  errors.push({ path: at, message: `the scenario has no ${root.slice(0, -1)} "${id}"; ${guess !== undefined ? `did you mean "${guess}"?` : `${root}: ${known.join(', ')}`}` });
}
