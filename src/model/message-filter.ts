import type { Message } from './message';

/**
 * A condition on one message attribute:
 * - a list of strings: the attribute is present and its value equals one of them;
 * - `{ exists: true }`: the attribute is present, whatever its value (the empty string counts);
 * - `{ exists: false }`: the attribute is absent;
 * - `{ prefix: 'p' }`: the attribute is present and its value starts with `p` (case-sensitive).
 */
export type AttributeCondition = readonly string[] | { readonly exists: boolean } | { readonly prefix: string };

/**
 * What a topic subscription's filter or an event-bus rule's pattern asks of a message, in the manner
 * of SNS filter policies and EventBridge event patterns: every field that is given must hold (AND),
 * and a list is satisfied by any one of its values (OR). A field left out places no condition, so
 * the empty filter `{}` matches every message. Comparisons are exact and case-sensitive.
 */
export interface MessageFilterSpec {
  /** Allowed event types (`message.type`). */
  readonly types?: readonly string[];
  /** Allowed sources: the id of the producer that published the message (`message.producer`). */
  readonly sources?: readonly string[];
  /** Conditions per attribute name; all of them must hold. */
  readonly attributes?: Readonly<Record<string, AttributeCondition>>;
}

/** How a compiled attribute condition tests a value. */
const enum AttributeTest {
  OneOf,
  Present,
  Absent,
  Prefix,
}

const FILTER_KEYS = new Set(['types', 'sources', 'attributes']);

/**
 * A filter compiled once from a {@link MessageFilterSpec}: the lists become sets and the attribute
 * conditions parallel arrays, so `matches` allocates nothing and reads each field once.
 */
export class MessageFilter {
  /** True for the empty filter: `matches` is then true without looking at the message. */
  readonly matchesEverything: boolean;
  private readonly types: ReadonlySet<string> | undefined;
  private readonly sources: ReadonlySet<string> | undefined;
  private readonly attributeNames: readonly string[];
  private readonly attributeTests: readonly AttributeTest[];
  /** Per attribute: the allowed values (OneOf), the prefix (Prefix), or undefined. */
  private readonly attributeOperands: readonly (ReadonlySet<string> | string | undefined)[];

  /**
   * Validates and compiles `spec`. Throws a RangeError naming the offending field, prefixed with
   * `path` (where the filter sits in the caller's options, e.g. "rules[0].pattern").
   */
  constructor(spec: MessageFilterSpec = {}, path = 'filter') {
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
      throw new RangeError(`${path} must be an object with optional types, sources and attributes, got ${describe(spec)}`);
    }
    for (const key of Object.keys(spec)) {
      if (!FILTER_KEYS.has(key)) throw new RangeError(`${path}.${key} is not a filter field; use types, sources or attributes`);
    }
    this.types = spec.types === undefined ? undefined : new Set(stringList(spec.types, `${path}.types`));
    this.sources = spec.sources === undefined ? undefined : new Set(stringList(spec.sources, `${path}.sources`));
    const names: string[] = [];
    const tests: AttributeTest[] = [];
    const operands: (ReadonlySet<string> | string | undefined)[] = [];
    if (spec.attributes !== undefined) {
      const attributes = spec.attributes;
      if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) {
        throw new RangeError(`${path}.attributes must be an object of conditions by attribute name, got ${describe(attributes)}`);
      }
      for (const name of Object.keys(attributes)) {
        const where = `${path}.attributes.${name}`;
        const condition: unknown = attributes[name];
        names.push(name);
        if (Array.isArray(condition)) {
          tests.push(AttributeTest.OneOf);
          operands.push(new Set(stringList(condition, where)));
        } else if (condition !== null && typeof condition === 'object') {
          const [test, operand] = compileObjectCondition(condition as Record<string, unknown>, where);
          tests.push(test);
          operands.push(operand);
        } else {
          throw new RangeError(`${where} must be a list of values, { exists: true | false } or { prefix: "…" }, got ${describe(condition)}`);
        }
      }
    }
    this.attributeNames = names;
    this.attributeTests = tests;
    this.attributeOperands = operands;
    this.matchesEverything = this.types === undefined && this.sources === undefined && names.length === 0;
  }

  /** Whether `message` satisfies every condition of the filter. */
  matches(message: Message): boolean {
    if (this.matchesEverything) return true;
    if (this.types !== undefined && !this.types.has(message.type)) return false;
    if (this.sources !== undefined && !this.sources.has(message.producer)) return false;
    const names = this.attributeNames;
    if (names.length === 0) return true;
    const attributes = message.attributes;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      // Own properties only: an attribute called "constructor" must not find Object.prototype's.
      const present = Object.prototype.hasOwnProperty.call(attributes, name);
      switch (this.attributeTests[i]!) {
        case AttributeTest.Present:
          if (!present) return false;
          break;
        case AttributeTest.Absent:
          if (present) return false;
          break;
        case AttributeTest.OneOf:
          if (!present || !(this.attributeOperands[i] as ReadonlySet<string>).has(attributes[name]!)) return false;
          break;
        case AttributeTest.Prefix:
          if (!present || !attributes[name]!.startsWith(this.attributeOperands[i] as string)) return false;
          break;
      }
    }
    return true;
  }
}

/** The filter that lets every message through. */
export const MATCH_EVERYTHING = new MessageFilter({});

function compileObjectCondition(condition: Record<string, unknown>, where: string): [AttributeTest, string | undefined] {
  const keys = Object.keys(condition);
  if (keys.length !== 1 || (keys[0] !== 'exists' && keys[0] !== 'prefix')) {
    throw new RangeError(`${where} must have exactly one of exists or prefix, got keys [${keys.join(', ')}]`);
  }
  if (keys[0] === 'exists') {
    const exists = condition.exists;
    if (typeof exists !== 'boolean') throw new RangeError(`${where}.exists must be true or false, got ${describe(exists)}`);
    return [exists ? AttributeTest.Present : AttributeTest.Absent, undefined];
  }
  const prefix = condition.prefix;
  if (typeof prefix !== 'string' || prefix === '') {
    throw new RangeError(`${where}.prefix must be a non-empty string (use { exists: true } to accept any value), got ${describe(prefix)}`);
  }
  return [AttributeTest.Prefix, prefix];
}

/** A non-empty list of strings: an empty list would match nothing, which is never what a filter means. */
function stringList(list: unknown, where: string): readonly string[] {
  if (!Array.isArray(list)) throw new RangeError(`${where} must be a list of strings, got ${describe(list)}`);
  if (list.length === 0) throw new RangeError(`${where} must not be empty (it would match nothing); leave it out to match any value`);
  for (let i = 0; i < list.length; i++) {
    if (typeof list[i] !== 'string') throw new RangeError(`${where}[${i}] must be a string, got ${describe(list[i])}`);
  }
  return list as readonly string[];
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' ? (value === null ? 'null' : 'an object') : String(value);
}
