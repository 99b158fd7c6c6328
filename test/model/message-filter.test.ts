import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMessage, MATCH_EVERYTHING, MessageFilter, type MessageFilterSpec } from '../../src/model';

function message(type: string, producer: string, attributes: Record<string, string> = {}) {
  return createMessage(1, 0, producer, type, '', 10, attributes);
}

const created = message('USER_CREATED', 'signup', { region: 'eu-west-1', plan: 'pro' });

describe('message filter: matching', () => {
  it('matches every message when empty', () => {
    expect(new MessageFilter({}).matchesEverything).toBe(true);
    expect(new MessageFilter().matches(created)).toBe(true);
    expect(MATCH_EVERYTHING.matches(message('', ''))).toBe(true);
  });

  it('accepts any one of the listed event types and nothing else', () => {
    const filter = new MessageFilter({ types: ['USER_CREATED', 'USER_DELETED'] });
    expect(filter.matches(created)).toBe(true);
    expect(filter.matches(message('USER_DELETED', 'x'))).toBe(true);
    expect(filter.matches(message('ORDER_PLACED', 'signup'))).toBe(false);
    expect(filter.matches(message('user_created', 'signup'))).toBe(false);
  });

  it('matches the source against the id of the producer that published the message', () => {
    const filter = new MessageFilter({ sources: ['signup', 'admin'] });
    expect(filter.matches(created)).toBe(true);
    expect(filter.matches(message('USER_CREATED', 'billing'))).toBe(false);
  });

  it('accepts an attribute whose value is one of a list, and rejects a missing attribute', () => {
    const filter = new MessageFilter({ attributes: { plan: ['pro', 'team'] } });
    expect(filter.matches(created)).toBe(true);
    expect(filter.matches(message('T', 'p', { plan: 'free' }))).toBe(false);
    expect(filter.matches(message('T', 'p'))).toBe(false);
  });

  it('checks presence with exists: true (even an empty value) and absence with exists: false', () => {
    const present = new MessageFilter({ attributes: { trace: { exists: true } } });
    const absent = new MessageFilter({ attributes: { trace: { exists: false } } });
    expect(present.matches(message('T', 'p', { trace: '' }))).toBe(true);
    expect(present.matches(message('T', 'p'))).toBe(false);
    expect(absent.matches(message('T', 'p'))).toBe(true);
    expect(absent.matches(message('T', 'p', { trace: 'abc' }))).toBe(false);
  });

  it('matches a prefix case-sensitively, and only on a present attribute', () => {
    const filter = new MessageFilter({ attributes: { region: { prefix: 'eu-' } } });
    expect(filter.matches(created)).toBe(true);
    expect(filter.matches(message('T', 'p', { region: 'EU-west' }))).toBe(false);
    expect(filter.matches(message('T', 'p', { region: 'us-east-1' }))).toBe(false);
    expect(filter.matches(message('T', 'p'))).toBe(false);
  });

  it('does not mistake inherited object properties for attributes', () => {
    const filter = new MessageFilter({ attributes: { constructor: { exists: true } } });
    expect(filter.matches(message('T', 'p'))).toBe(false);
    expect(new MessageFilter({ attributes: { toString: { exists: false } } }).matches(message('T', 'p'))).toBe(true);
  });

  it('requires every condition at once: type, source and each attribute', () => {
    const filter = new MessageFilter({
      types: ['USER_CREATED'],
      sources: ['signup'],
      attributes: { region: { prefix: 'eu-' }, plan: ['pro'], banned: { exists: false } },
    });
    expect(filter.matches(created)).toBe(true);
    expect(filter.matches(message('USER_UPDATED', 'signup', { region: 'eu-west-1', plan: 'pro' }))).toBe(false);
    expect(filter.matches(message('USER_CREATED', 'admin', { region: 'eu-west-1', plan: 'pro' }))).toBe(false);
    expect(filter.matches(message('USER_CREATED', 'signup', { region: 'eu-west-1', plan: 'free' }))).toBe(false);
    expect(filter.matches(message('USER_CREATED', 'signup', { region: 'eu-west-1', plan: 'pro', banned: 'yes' }))).toBe(false);
  });

  it('agrees with a direct reading of the rules on random messages and filters', () => {
    const value = fc.constantFrom('a', 'ab', 'b', '');
    const condition = fc.oneof(
      fc.array(value, { minLength: 1, maxLength: 3 }),
      fc.boolean().map((exists) => ({ exists })),
      fc.constantFrom('a', 'b').map((prefix) => ({ prefix })),
    );
    const spec = fc.record(
      {
        types: fc.array(fc.constantFrom('X', 'Y', 'Z'), { minLength: 1, maxLength: 2 }),
        sources: fc.array(fc.constantFrom('p', 'q'), { minLength: 1, maxLength: 2 }),
        attributes: fc.dictionary(fc.constantFrom('k', 'm'), condition),
      },
      { requiredKeys: [] },
    );
    const msg = fc.record({
      type: fc.constantFrom('X', 'Y', 'Z'),
      producer: fc.constantFrom('p', 'q'),
      attributes: fc.dictionary(fc.constantFrom('k', 'm'), value),
    });
    fc.assert(
      fc.property(spec, msg, (s, m) => {
        const expected =
          (s.types === undefined || s.types.includes(m.type)) &&
          (s.sources === undefined || s.sources.includes(m.producer)) &&
          Object.entries(s.attributes ?? {}).every(([name, c]) => {
            const v = Object.prototype.hasOwnProperty.call(m.attributes, name) ? m.attributes[name] : undefined;
            if (Array.isArray(c)) return v !== undefined && c.includes(v);
            if ('exists' in c) return (v !== undefined) === c.exists;
            return v !== undefined && v.startsWith(c.prefix);
          });
        expect(new MessageFilter(s as MessageFilterSpec).matches(message(m.type, m.producer, m.attributes))).toBe(expected);
      }),
    );
  });
});

describe('message filter: validation', () => {
  const bad = (spec: unknown, path?: string) => () => new MessageFilter(spec as MessageFilterSpec, path);

  it('names an unknown field', () => {
    expect(bad({ type: ['X'] })).toThrow(new RangeError('filter.type is not a filter field; use types, sources or attributes'));
  });

  it('refuses an empty list, which would match nothing, naming the field under the caller’s path', () => {
    expect(bad({ types: [] }, 'rules[0].pattern')).toThrow(
      new RangeError('rules[0].pattern.types must not be empty (it would match nothing); leave it out to match any value'),
    );
    expect(bad({ attributes: { plan: [] } })).toThrow(/filter\.attributes\.plan must not be empty/);
  });

  it('refuses values that are not strings', () => {
    expect(bad({ sources: ['a', 3] })).toThrow(new RangeError('filter.sources[1] must be a string, got 3'));
    expect(bad({ types: 'X' })).toThrow(new RangeError('filter.types must be a list of strings, got "X"'));
  });

  it('refuses attribute conditions that are neither a list, exists nor prefix', () => {
    expect(bad({ attributes: { plan: 'pro' } })).toThrow(/filter\.attributes\.plan must be a list of values, \{ exists: true \| false \} or \{ prefix: "…" \}/);
    expect(bad({ attributes: { plan: { exists: true, prefix: 'p' } } })).toThrow(
      new RangeError('filter.attributes.plan must have exactly one of exists or prefix, got keys [exists, prefix]'),
    );
    expect(bad({ attributes: { plan: { equals: 'x' } } })).toThrow(/exactly one of exists or prefix, got keys \[equals\]/);
    expect(bad({ attributes: { plan: { exists: 'yes' } } })).toThrow(new RangeError('filter.attributes.plan.exists must be true or false, got "yes"'));
    expect(bad({ attributes: { plan: { prefix: '' } } })).toThrow(/filter\.attributes\.plan\.prefix must be a non-empty string/);
    expect(bad({ attributes: ['plan'] })).toThrow(/filter\.attributes must be an object of conditions/);
    expect(bad(null)).toThrow(/filter must be an object/);
  });
});
