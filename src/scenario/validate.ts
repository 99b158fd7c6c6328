import type { z } from 'zod';
import { applyPresets } from './apply-preset';
import { formatPath, ScenarioValidationError, type PathSegment, type ScenarioError } from './errors';
import { knownKeysAt } from './known-keys';
import { migrate } from './migrate';
import { scenarioJsonSchema, scenarioSchema, type Scenario } from './schema';
import { semanticErrors } from './semantic-checks';
import { closestMatch } from './suggest';

export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/**
 * Checks untrusted data against the scenario format and returns either a typed scenario with every
 * default filled in, or every problem found (never only the first), each naming its JSON path.
 * Besides the schema it checks what a schema cannot: unique ids, references to brokers that exist,
 * and distribution parameters that describe a real distribution.
 */
export function validateScenario(data: unknown): ValidationResult {
  const migrated = migrate(data);
  if (!migrated.ok) return migrated;
  // Presets only add the fields a file leaves out, so every path the schema reports is still the file's.
  const withPresets = applyPresets(migrated.data);
  const parsed = scenarioSchema.safeParse(withPresets, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: sortErrors(parsed.error.issues.flatMap((i) => describeIssue(i, withPresets))) };
  const errors = semanticErrors(parsed.data);
  return errors.length > 0 ? { ok: false, errors: sortErrors(errors) } : { ok: true, scenario: parsed.data };
}

/** Like validateScenario, but throws ScenarioValidationError. */
export function parseScenario(data: unknown): Scenario {
  const result = validateScenario(data);
  if (!result.ok) throw new ScenarioValidationError(result.errors);
  return result.scenario;
}

export { MAX_DEPTH_SAMPLES } from './semantic-checks';
export { toDistributionSpec } from './distributions';

/** Generated once at load; read-only afterwards. Used to suggest the field a typo meant. */
const SCENARIO_JSON_SCHEMA = scenarioJsonSchema();

function describeIssue(issue: z.core.$ZodIssue, data: unknown): ScenarioError[] {
  const path = issue.path as PathSegment[];
  const at = formatPath(path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(SCENARIO_JSON_SCHEMA, data, path);
      return issue.keys.map((key) => {
        const guess = closestMatch(key, known);
        const hint = guess !== undefined ? `did you mean "${guess}"?` : `known fields: ${known.join(', ')}`;
        return { path: formatPath([...path, key]), message: `unknown field; ${hint}` };
      });
    }
    case 'invalid_type':
      if (input === undefined) return [{ path: at, message: `is required (${expectation(issue.expected)})` }];
      return [{ path: at, message: `must be ${expectation(issue.expected)}, got ${describe(input)}` }];
    case 'too_small':
      return [{ path: at, message: boundMessage('at least', issue.origin, issue.minimum, issue.inclusive ?? true, input) }];
    case 'too_big':
      return [{ path: at, message: boundMessage('at most', issue.origin, issue.maximum, issue.inclusive ?? true, input) }];
    case 'invalid_value':
      return [{ path: at, message: `must be ${oneOf(issue.values)}, got ${describe(input)}` }];
    case 'invalid_union': {
      const { options, discriminator } = issue as { options?: unknown[]; discriminator?: string };
      // For a discriminated union zod reports the whole object as the input; the bad value is its discriminator.
      const value = discriminator !== undefined && isRecord(input) ? input[discriminator] : input;
      if (options) return [{ path: at, message: `must be ${oneOf(options)}, got ${describe(value)}` }];
      return [{ path: at, message: issue.message }];
    }
    case 'invalid_format':
      return [{ path: at, message: `${issue.message}, got ${describe(input)}` }];
    default:
      return [{ path: at, message: issue.message }];
  }
}

function boundMessage(word: string, origin: string, bound: unknown, inclusive: boolean, input: unknown): string {
  const n = String(bound);
  if (origin === 'array') return `must have ${word} ${n} entr${n === '1' ? 'y' : 'ies'}, got ${Array.isArray(input) ? input.length : '?'}`;
  if (origin === 'string') return `must have ${word} ${n} character${n === '1' ? '' : 's'}`;
  const op = word === 'at least' ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return `must be ${op} ${n}, got ${describe(input)}`;
}

function expectation(expected: string): string {
  if (expected === 'int') return 'a whole number';
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'an object';
  return `a ${expected}`;
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => JSON.stringify(v));
  return shown.length === 1 ? shown[0]! : `one of ${shown.join(', ')}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sortErrors(errors: ScenarioError[]): ScenarioError[] {
  return errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
