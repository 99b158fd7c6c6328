import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/metrics';
import { evaluateExpectations, holds, parseReportPath, formatReportPath, validateScenario, type Expectation } from '../../src/scenario';
import { validScenarioData } from './fixtures';

/** Just the parts of a report these tests read: lookup walks whatever object it is given. */
const report = {
  scenario: 'sign-ups',
  seed: 1,
  duration: 60,
  events: 1000,
  producers: { signup: { published: 300 } },
  brokers: { 'orders.dlq': { enqueued: 4 } },
  groups: {
    email: { acked: 300, endToEnd: { p99: 0.42 } },
    profile: { acked: 300, endToEnd: { p99: 0.5 } },
    fraud: { acked: 120, endToEnd: { p99: 0.1 } },
  },
  invariants: { ok: true },
} as unknown as RunReport;

/** An expectation as the schema outputs it: defaults filled in. */
function exp(fields: Partial<Expectation> & Pick<Expectation, 'path' | 'op'>): Expectation {
  return { tolerance: 0, quantifier: 'all', ...fields };
}

function only(e: Expectation, variant?: string): { ok: boolean; detail: string; name: string } {
  const results = evaluateExpectations([e], report, variant);
  expect(results).toHaveLength(1);
  return results[0]!;
}

describe('comparison operators', () => {
  it.each([
    [3, '>', 2, true],
    [2, '>', 2, false],
    [2, '>=', 2, true],
    [1, '>=', 2, false],
    [1, '<', 2, true],
    [2, '<', 2, false],
    [2, '<=', 2, true],
    [3, '<=', 2, false],
    [2, '==', 2, true],
    [2, '==', 3, false],
    [2, '!=', 3, true],
    [2, '!=', 2, false],
  ] as const)('%d %s %d is %s', (a, op, b, want) => {
    expect(holds(a, op, b)).toBe(want);
  });

  it('an absolute tolerance widens == and relaxes the inequalities by the same amount', () => {
    expect(holds(10.4, '==', 10, 0.5)).toBe(true);
    expect(holds(10.6, '==', 10, 0.5)).toBe(false);
    expect(holds(10.4, '!=', 10, 0.5)).toBe(false);
    expect(holds(9.6, '>=', 10, 0.5)).toBe(true);
    expect(holds(10.4, '<', 10, 0.5)).toBe(true);
    expect(holds(10.6, '<=', 10, 0.5)).toBe(false);
  });

  it('== within a tolerance holds exactly when != within it does not', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.double({ min: 0, max: 1e3, noNaN: true }), (a, b, t) => {
        expect(holds(a, '==', b, t)).toBe(!holds(a, '!=', b, t));
      }),
    );
  });
});

describe('evaluating expectations against a report', () => {
  it('compares a report value with a number and says what it found', () => {
    expect(only(exp({ path: 'groups.email.acked', op: '==', value: 300 }))).toEqual({
      index: 0,
      name: 'groups.email.acked == 300',
      ok: true,
      detail: 'groups.email.acked = 300, wanted == 300',
    });
    expect(only(exp({ path: 'groups.fraud.endToEnd.p99', op: '>', value: 0.2 })).ok).toBe(false);
  });

  it('compares with another report value named by ref', () => {
    const result = only(exp({ path: 'groups.fraud.acked', op: '==', ref: 'producers.signup.published' }));
    expect(result.ok).toBe(false);
    expect(result.detail).toBe('groups.fraud.acked = 120, wanted == producers.signup.published = 300');
  });

  it('applies the tolerance to a ref comparison', () => {
    expect(only(exp({ path: 'groups.fraud.acked', op: '==', ref: 'producers.signup.published', tolerance: 180 })).ok).toBe(true);
    expect(only(exp({ path: 'groups.fraud.acked', op: '==', ref: 'producers.signup.published', tolerance: 179 })).ok).toBe(false);
  });

  it('with a wildcard and "all", fails naming only the matches that do not hold', () => {
    const result = only(exp({ path: 'groups.*.acked', op: '==', ref: 'producers.signup.published' }));
    expect(result).toMatchObject({ ok: false, detail: 'groups.fraud.acked = 120; wanted == producers.signup.published = 300 for all 3' });
    expect(only(exp({ path: 'groups.*.acked', op: '>', value: 100 })).detail).toBe('all 3 hold > 100');
  });

  it('with a wildcard and "any", passes when one match holds', () => {
    expect(only(exp({ path: 'groups.*.acked', op: '<', value: 200, quantifier: 'any' }))).toMatchObject({ ok: true, detail: '1 of 3 hold < 200' });
    expect(only(exp({ path: 'groups.*.acked', op: '<', value: 100, quantifier: 'any' })).ok).toBe(false);
  });

  it('reads an id that contains a dot from brackets', () => {
    expect(only(exp({ path: 'brokers[orders.dlq].enqueued', op: '==', value: 4 })).ok).toBe(true);
  });

  it('reads a boolean as 1 for true', () => {
    expect(only(exp({ path: 'invariants.ok', op: '==', value: 1 })).ok).toBe(true);
  });

  it('fails with the keys that do exist when a path is not in the report, instead of throwing', () => {
    expect(only(exp({ path: 'groups.emial.acked', op: '>', value: 0 }))).toMatchObject({
      ok: false,
      detail: 'groups.emial.acked: no such report value; groups has: email, profile, fraud',
    });
    expect(only(exp({ path: 'groups.email.acked', op: '==', ref: 'producers.signup.publshed' })).detail).toBe(
      'producers.signup.publshed: no such report value; producers.signup has: published',
    );
  });

  it('fails with the fields inside when a path names an object rather than a number', () => {
    expect(only(exp({ path: 'groups.email.endToEnd', op: '<', value: 1 })).detail).toBe('groups.email.endToEnd: is an object, not a number; it has: p99');
  });

  it('checks an expectation limited to variants only in those runs, "base" being the scenario itself', () => {
    const e = exp({ path: 'groups.email.acked', op: '>', value: 0, variants: ['base', 'fixed'] });
    expect(evaluateExpectations([e], report)).toHaveLength(1);
    expect(evaluateExpectations([e], report, 'fixed')).toHaveLength(1);
    expect(evaluateExpectations([e], report, 'bad')).toEqual([]);
  });

  it('keeps each result at its index in the scenario, so runs of different variants line up', () => {
    const list = [exp({ path: 'seed', op: '==', value: 1, variants: ['bad'] }), exp({ path: 'events', op: '>', value: 0 })];
    expect(evaluateExpectations(list, report).map((r) => r.index)).toEqual([1]);
  });
});

describe('report paths', () => {
  it('parses keys, wildcards and bracketed ids, and refuses malformed paths', () => {
    expect(parseReportPath('groups.*.endToEnd.p99')).toHaveLength(4);
    expect(parseReportPath('brokers[orders.dlq].depth.max')).toEqual(['brokers', 'orders.dlq', 'depth', 'max']);
    for (const bad of ['', 'groups.', '.groups', 'groups..acked', 'groups[email', 'groups email', 'a.b c']) expect(parseReportPath(bad)).toBeUndefined();
  });

  it('writes back a path that parses to the same segments', () => {
    const segment = fc.oneof(fc.constant('*'), fc.stringMatching(/^[A-Za-z0-9_-]{1,8}(\.[A-Za-z0-9_-]{1,4})?$/));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (parts) => {
        const segments = parseReportPath(parts.map((p) => (p.includes('.') ? `[${p}]` : p)).join('.'));
        expect(segments).toBeDefined();
        expect(parseReportPath(formatReportPath(segments!))).toEqual(segments);
      }),
    );
  });
});

describe('validating expect in a scenario', () => {
  function errorsOf(expectList: unknown[], variants?: unknown): unknown {
    const result = validateScenario({ ...validScenarioData(), expect: expectList, ...(variants !== undefined ? { variants } : {}) });
    return result.ok ? [] : result.errors;
  }

  it('accepts expectations on real report values and fills in the defaults', () => {
    const result = validateScenario({ ...validScenarioData(), expect: [{ path: 'groups.fulfilment.acked', op: '>', value: 0 }] });
    if (!result.ok) expect.fail(JSON.stringify(result.errors));
    expect(result.scenario.expect).toEqual([{ path: 'groups.fulfilment.acked', op: '>', value: 0, tolerance: 0, quantifier: 'all' }]);
  });

  it('refuses a malformed path, a missing or double comparand, and an unknown operator', () => {
    expect(errorsOf([{ path: 'groups..acked', op: '>', value: 0 }])).toEqual([
      { path: 'expect[0].path', message: expect.stringContaining('is not a report path') as unknown },
    ]);
    expect(errorsOf([{ path: 'events', op: '>' }])).toEqual([{ path: 'expect[0]', message: 'give either value or ref (exactly one)' }]);
    expect(errorsOf([{ path: 'events', op: '>', value: 1, ref: 'seed' }])).toEqual([{ path: 'expect[0]', message: 'give either value or ref (exactly one)' }]);
    expect(errorsOf([{ path: 'events', op: '=>', value: 1 }])).toEqual([{ path: 'expect[0].op', message: expect.stringContaining('must be one of ">"') as unknown }]);
  });

  it('refuses a wildcard in a ref', () => {
    expect(errorsOf([{ path: 'events', op: '>', ref: 'groups.*.acked' }])).toEqual([{ path: 'expect[0].ref', message: 'must name one value: no "*" in a ref' }]);
  });

  it('names a misspelt group, producer or report field at load, with a suggestion', () => {
    expect(errorsOf([{ path: 'groups.fulfilmnet.acked', op: '>', value: 0 }])).toEqual([
      { path: 'expect[0].path', message: 'the scenario has no group "fulfilmnet"; did you mean "fulfilment"?' },
    ]);
    expect(errorsOf([{ path: 'group.fulfilment.acked', op: '>', value: 0 }])).toEqual([
      { path: 'expect[0].path', message: expect.stringContaining('must start with one of scenario, seed') as unknown },
    ]);
  });

  it('refuses an expectation limited to a variant the scenario does not have', () => {
    expect(errorsOf([{ path: 'events', op: '>', value: 0, variants: ['fixd'] }], { fixed: { set: {} } })).toEqual([
      { path: 'expect[0].variants[0]', message: 'no variant "fixd"; known: base, fixed' },
    ]);
  });
});
