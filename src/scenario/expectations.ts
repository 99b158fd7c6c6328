import type { RunReport } from '../metrics';
import { formatReportPath, parseReportPath, WILDCARD, type ReportPathSegment } from './report-path';
import { BASE_VARIANT, type ComparisonOp, type Expectation } from './schema-expect';

/** The outcome of one expectation in one run. */
export interface ExpectationResult {
  /** Its position in the scenario's `expect`, so results of several runs line up. */
  index: number;
  /** Its name, or the comparison written out (`groups.*.acked == producers.signup.published`). */
  name: string;
  ok: boolean;
  /** What was found: the values compared, the matches that failed, or why the path has no value. */
  detail: string;
}

/** The expectation's own name, or its comparison in words. */
export function expectationName(e: Expectation): string {
  if (e.name !== undefined) return e.name;
  const other = e.ref ?? String(e.value);
  const slack = e.tolerance > 0 ? ` ± ${e.tolerance}` : '';
  const any = e.quantifier === 'any' && e.path.includes('*') ? 'any ' : '';
  return `${any}${e.path} ${e.op} ${other}${slack}`;
}

/** True when the expectation is checked in the run of `variant` (undefined or "base": the scenario itself). */
export function expectationApplies(e: Expectation, variant: string | undefined): boolean {
  return e.variants === undefined || e.variants.includes(variant ?? BASE_VARIANT);
}

/**
 * Checks the expectations that apply to `variant` against a finished run's report. Pure: a missing
 * path or a non-number is a failed expectation with a message saying what is there, never an exception.
 */
export function evaluateExpectations(expectations: readonly Expectation[], report: RunReport, variant?: string): ExpectationResult[] {
  const results: ExpectationResult[] = [];
  expectations.forEach((e, index) => {
    if (!expectationApplies(e, variant)) return;
    results.push({ index, name: expectationName(e), ...check(e, report) });
  });
  return results;
}

function check(e: Expectation, report: RunReport): { ok: boolean; detail: string } {
  let target: number;
  let targetText: string;
  if (e.ref !== undefined) {
    const ref = lookup(report, e.ref);
    if (typeof ref === 'string') return { ok: false, detail: ref };
    const only = ref[0]!;
    target = only.value;
    targetText = `${e.ref} = ${formatValue(target)}`;
  } else {
    target = e.value!;
    targetText = formatValue(target);
  }
  const found = lookup(report, e.path);
  if (typeof found === 'string') return { ok: false, detail: found };
  const failing = found.filter((m) => !holds(m.value, e.op, target, e.tolerance));
  const slack = e.tolerance > 0 ? ` ± ${e.tolerance}` : '';
  const wanted = `${e.op} ${targetText}${slack}`;
  const show = (ms: readonly Match[]): string => ms.map((m) => `${m.path} = ${formatValue(m.value)}`).join(', ');
  if (found.length === 1) {
    return { ok: failing.length === 0, detail: `${show(found)}, wanted ${wanted}` };
  }
  if (e.quantifier === 'any') {
    const ok = failing.length < found.length;
    return { ok, detail: ok ? `${found.length - failing.length} of ${found.length} hold ${wanted}` : `none of ${show(found)} is ${wanted}` };
  }
  return failing.length === 0
    ? { ok: true, detail: `all ${found.length} hold ${wanted}` }
    : { ok: false, detail: `${show(failing)}; wanted ${wanted} for all ${found.length}` };
}

/** `a op b`, relaxed by the tolerance as the schema documents. */
export function holds(a: number, op: ComparisonOp, b: number, tolerance = 0): boolean {
  switch (op) {
    case '==':
      return Math.abs(a - b) <= tolerance;
    case '!=':
      return Math.abs(a - b) > tolerance;
    case '>':
      return a > b - tolerance;
    case '>=':
      return a >= b - tolerance;
    case '<':
      return a < b + tolerance;
    case '<=':
      return a <= b + tolerance;
  }
}

interface Match {
  path: string;
  value: number;
}

/**
 * Every number the path names in the report (one, or one per key where it has a `*`), or a message
 * saying where the path leaves the report and what is there instead.
 */
export function lookup(report: RunReport, pathText: string): Match[] | string {
  const segments = parseReportPath(pathText);
  if (segments === undefined) return `${pathText}: not a report path`;
  const matches: Match[] = [];
  const problem = walk(report, segments, 0, [], matches);
  if (problem !== undefined) return problem;
  if (matches.length === 0) return `${pathText}: "*" matched nothing (the map is empty)`;
  return matches;
}

function walk(node: unknown, segments: readonly ReportPathSegment[], depth: number, at: string[], out: Match[]): string | undefined {
  if (depth === segments.length) {
    const path = formatReportPath(at);
    if (typeof node === 'number') {
      out.push({ path, value: node });
      return undefined;
    }
    if (typeof node === 'boolean') {
      // invariants.ok and the like: 1 for true, so `invariants.ok == 1` reads naturally.
      out.push({ path, value: node ? 1 : 0 });
      return undefined;
    }
    const keys = isContainer(node) ? `; it has: ${listKeys(node)}` : '';
    return `${path}: is ${describeKind(node)}, not a number${keys}`;
  }
  const segment = segments[depth]!;
  if (!isContainer(node)) {
    const path = formatReportPath(at);
    return `${formatReportPath(segments)}: no such report value; ${path} is ${describeKind(node)}`;
  }
  if (segment === WILDCARD) {
    for (const key of Object.keys(node)) {
      const problem = walk((node as Record<string, unknown>)[key], segments, depth + 1, [...at, key], out);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (!Object.prototype.hasOwnProperty.call(node, segment)) {
    const where = at.length === 0 ? 'the report' : formatReportPath(at);
    return `${formatReportPath(segments)}: no such report value; ${where} has: ${listKeys(node)}`;
  }
  return walk((node as Record<string, unknown>)[segment], segments, depth + 1, [...at, segment], out);
}

function isContainer(node: unknown): node is object {
  return typeof node === 'object' && node !== null;
}

function listKeys(node: object): string {
  const keys = Object.keys(node);
  if (keys.length === 0) return 'nothing';
  const shown = keys.slice(0, 12).join(', ');
  return keys.length > 12 ? `${shown}, … (${keys.length} in all)` : shown;
}

function describeKind(node: unknown): string {
  if (node === undefined) return 'absent';
  if (node === null) return 'null';
  if (Array.isArray(node)) return 'a list';
  if (typeof node === 'object') return 'an object';
  return `${typeof node} ${JSON.stringify(node)}`;
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}
