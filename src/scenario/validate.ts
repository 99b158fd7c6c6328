import type { z } from 'zod';
import { createDistribution, type DistributionSpec } from '../engine';
import { formatPath, ScenarioValidationError, type PathSegment, type ScenarioError } from './errors';
import { knownKeysAt } from './known-keys';
import { migrate } from './migrate';
import { scenarioJsonSchema, scenarioSchema, type DistributionInput, type Scenario, type TimelineAction } from './schema';
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
  const parsed = scenarioSchema.safeParse(migrated.data, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: sortErrors(parsed.error.issues.flatMap((i) => describeIssue(i, migrated.data))) };
  const errors = semanticErrors(parsed.data);
  return errors.length > 0 ? { ok: false, errors: sortErrors(errors) } : { ok: true, scenario: parsed.data };
}

/** Like validateScenario, but throws ScenarioValidationError. */
export function parseScenario(data: unknown): Scenario {
  const result = validateScenario(data);
  if (!result.ok) throw new ScenarioValidationError(result.errors);
  return result.scenario;
}

/** The report's depth series keeps one sample per interval; this bounds its memory whatever the duration. */
export const MAX_DEPTH_SAMPLES = 100_000;

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

function semanticErrors(s: Scenario): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const seen = new Map<string, string>();
  const claim = (id: string, path: string): void => {
    const first = seen.get(id);
    if (first !== undefined) errors.push({ path, message: `id "${id}" is already used by ${first}; ids must be unique` });
    else seen.set(id, path);
  };
  s.producers.forEach((p, i) => claim(p.id, `producers[${i}].id`));
  s.brokers.forEach((b, i) => claim(b.id, `brokers[${i}].id`));
  s.consumers.forEach((c, i) => claim(c.id, `consumers[${i}].id`));

  if (s.sampleInterval !== undefined && s.duration / s.sampleInterval > MAX_DEPTH_SAMPLES) {
    errors.push({
      path: 'sampleInterval',
      message: `gives ${Math.ceil(s.duration / s.sampleInterval)} samples over the duration; the most is ${MAX_DEPTH_SAMPLES}, so use at least ${s.duration / MAX_DEPTH_SAMPLES}`,
    });
  }

  const brokerIds = s.brokers.map((b) => b.id);
  const requireBroker = (ref: string, path: string): void => {
    if (brokerIds.includes(ref)) return;
    const guess = closestMatch(ref, brokerIds);
    const hint = guess !== undefined ? `; did you mean "${guess}"?` : `; brokers are: ${brokerIds.join(', ')}`;
    errors.push({ path, message: `no broker has id "${ref}"${hint}` });
  };

  s.producers.forEach((p, i) => {
    requireBroker(p.target, `producers[${i}].target`);
    const rateLater = s.timeline.some((a) => a.action === 'set-rate' && a.producer === p.id && a.perSecond > 0);
    if (p.rate === undefined && p.bursts.length === 0 && !rateLater) {
      errors.push({ path: `producers[${i}]`, message: 'publishes nothing: give it a rate, bursts, or a set-rate action in the timeline' });
    }
    if (p.stop !== undefined && p.stop < p.start) {
      errors.push({ path: `producers[${i}].stop`, message: `must be >= start (${p.start}), got ${p.stop}` });
    }
    p.bursts.forEach((b, j) => {
      if (b.at + b.spread > s.duration) {
        errors.push({ path: `producers[${i}].bursts[${j}]`, message: `ends at ${b.at + b.spread} s, after the run ends (duration ${s.duration})` });
      }
    });
    checkDistribution(p.payloadBytes, `producers[${i}].payloadBytes`, errors);
  });
  s.brokers.forEach((b, i) => {
    if (b.deadLetterTo === undefined) return;
    requireBroker(b.deadLetterTo, `brokers[${i}].deadLetterTo`);
    if (b.deadLetterTo === b.id) {
      errors.push({ path: `brokers[${i}].deadLetterTo`, message: 'a queue cannot be its own dead-letter queue' });
      return;
    }
    const cycle = deadLetterCycle(s.brokers, b.id);
    // Reported once, at the cycle's first queue in file order.
    if (cycle !== undefined && s.brokers.findIndex((other) => cycle.includes(other.id)) === i) {
      errors.push({
        path: `brokers[${i}].deadLetterTo`,
        message: `dead-letter queues form a cycle (${[...cycle, cycle[0]].join(' → ')}), so a message could circle for ever; end the chain at a queue without deadLetterTo`,
      });
    }
  });
  s.consumers.forEach((c, i) => {
    requireBroker(c.reads, `consumers[${i}].reads`);
    checkDistribution(c.processing, `consumers[${i}].processing`, errors);
    const broker = s.brokers.find((b) => b.id === c.reads);
    if (c.failure?.action === 'no-ack' && broker !== undefined && broker.ackTimeout === undefined) {
      errors.push({
        path: `consumers[${i}].failure.action`,
        message: `"no-ack" leaves a failed message in flight until its lease expires, but broker "${broker.id}" has no ackTimeout; set one or use "requeue" or "reject"`,
      });
    }
    if (c.crashes !== undefined) {
      checkDistribution(c.crashes.uptime, `consumers[${i}].crashes.uptime`, errors, true);
      checkDistribution(c.crashes.downtime, `consumers[${i}].crashes.downtime`, errors);
    }
  });
  s.timeline.forEach((a, i) => checkTimelineAction(s, a, `timeline[${i}]`, errors, requireBroker));
  return errors;
}

function checkTimelineAction(
  s: Scenario,
  a: TimelineAction,
  path: string,
  errors: ScenarioError[],
  requireBroker: (ref: string, path: string) => void,
): void {
  if (a.at > s.duration) errors.push({ path: `${path}.at`, message: `${a.at} s is after the run ends (duration ${s.duration})` });
  const requireOne = (kind: string, ids: string[], ref: string, at: string): boolean => {
    if (ids.includes(ref)) return true;
    const guess = closestMatch(ref, ids);
    errors.push({ path: at, message: `no ${kind} has id "${ref}"${guess !== undefined ? `; did you mean "${guess}"?` : `; ${kind}s are: ${ids.join(', ')}`}` });
    return false;
  };
  const groupIds = s.consumers.map((c) => c.id);
  switch (a.action) {
    case 'crash':
    case 'restart': {
      if (!requireOne('consumer group', groupIds, a.group, `${path}.group`)) return;
      // An instance may exist only after a scale-out, so the bound is the most the group ever has.
      const most = Math.max(
        s.consumers.find((c) => c.id === a.group)!.instances,
        ...s.timeline.map((t) => (t.action === 'scale' && t.group === a.group ? t.instances : 0)),
      );
      if (a.instance > most) errors.push({ path: `${path}.instance`, message: `group "${a.group}" never has more than ${most} instances, got ${a.instance}` });
      return;
    }
    case 'scale':
      requireOne('consumer group', groupIds, a.group, `${path}.group`);
      return;
    case 'set-processing':
      requireOne('consumer group', groupIds, a.group, `${path}.group`);
      checkDistribution(a.processing, `${path}.processing`, errors);
      return;
    case 'set-rate':
      requireOne('producer', s.producers.map((p) => p.id), a.producer, `${path}.producer`);
      return;
    case 'redrive':
      requireBroker(a.from, `${path}.from`);
      requireBroker(a.to, `${path}.to`);
      if (a.from === a.to) errors.push({ path: `${path}.to`, message: 'must name a different queue than from' });
      return;
  }
}

/** Lets the engine judge the parameters, so the file format and the samplers never disagree. */
function checkDistribution(spec: DistributionInput, path: string, errors: ScenarioError[], mustBePositive = false): void {
  if (spec.type === 'lognormal' && (spec.p99 === undefined) === (spec.cv === undefined)) {
    errors.push({ path, message: 'a lognormal needs exactly one of p99 or cv next to its mean' });
    return;
  }
  try {
    const distribution = createDistribution(toDistributionSpec(spec));
    if (mustBePositive && !(distribution.mean > 0)) errors.push({ path, message: 'must have a mean above 0, or events would repeat without time passing' });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const field = /^(\w+(?:\[\d+\]\.\w+)?) /.exec(error.message)?.[1];
    errors.push({ path: field !== undefined ? `${path}.${field}` : path, message: error.message.replace(/^\S+ /, '') });
  }
}

/** Converts the file's distribution object into the engine's spec. */
export function toDistributionSpec(spec: DistributionInput): DistributionSpec {
  if (spec.type !== 'lognormal') return spec;
  return spec.p99 !== undefined ? { type: 'lognormal', mean: spec.mean, p99: spec.p99 } : { type: 'lognormal', mean: spec.mean, cv: spec.cv ?? 0 };
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

/** The dead-letter cycle through `start` (its queue ids in chain order), if following deadLetterTo from it comes back. */
function deadLetterCycle(brokers: readonly { id: string; deadLetterTo?: string | undefined }[], start: string): string[] | undefined {
  const next = new Map(brokers.map((b) => [b.id, b.deadLetterTo]));
  const chain: string[] = [start];
  for (let id = next.get(start); id !== undefined; id = next.get(id)) {
    if (id === start) return chain;
    if (chain.includes(id)) return undefined;
    chain.push(id);
  }
  return undefined;
}
