import { describe, expect, it } from 'vitest';
import { loadScenarioText, MAX_SCENARIO_BYTES, MAX_SCENARIO_DEPTH, parseScenarioText } from '../../src/scenario';
import { validScenarioData } from './fixtures';

function parseError(text: string): string {
  const result = parseScenarioText(text);
  if (result.ok) throw new Error('expected the text to be rejected');
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]!.path).toBe('');
  return result.errors[0]!.message;
}

describe('parseScenarioText', () => {
  it('parses JSON text into plain data', () => {
    expect(parseScenarioText('{"version": 1}')).toEqual({ ok: true, data: { version: 1 } });
  });

  it('names the line and column of a syntax error JSON.parse locates itself', () => {
    expect(parseError('{\n  "version": 1,\n  "name": "x",\n}')).toBe(
      'is not valid JSON: Expected double-quoted property name at line 4, column 1',
    );
  });

  it('names the line and column of a syntax error JSON.parse gives no position for', () => {
    // V8 reports an unexpected token with a quote of the text instead of a position.
    expect(parseError('{\n  "version": 1,\n  "name": tru\n}')).toBe('is not valid JSON: Unexpected character "\\n" at line 3, column 14');
    expect(parseError('{"seed": seven}')).toBe('is not valid JSON: Unexpected character "s" at line 1, column 10');
  });

  it('reports text that ends too early, including empty text', () => {
    expect(parseError('')).toBe('is not valid JSON: Unexpected end of JSON input at line 1, column 1');
    expect(parseError('{"version": 1,\n')).toMatch(/^is not valid JSON: .+ at line 2, column 1$/);
    expect(parseError('[1,\n  2')).toMatch(/^is not valid JSON: .+ at line 2, column 4$/);
  });

  it('refuses text over the size limit before parsing it', () => {
    const text = `${' '.repeat(MAX_SCENARIO_BYTES)}{}`;
    expect(parseError(text)).toBe(`is ${MAX_SCENARIO_BYTES + 2} characters; the limit is ${MAX_SCENARIO_BYTES}`);
  });

  it(`accepts nesting ${MAX_SCENARIO_DEPTH} levels deep and refuses one level more`, () => {
    const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(parseScenarioText(nested(MAX_SCENARIO_DEPTH)).ok).toBe(true);
    expect(parseError(nested(MAX_SCENARIO_DEPTH + 1))).toBe(`nests objects or lists deeper than ${MAX_SCENARIO_DEPTH} levels`);
  });

  it('refuses absurdly deep nesting quickly and without overflowing the stack', () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    expect(() => parseScenarioText(deep)).not.toThrow();
    expect(parseScenarioText(deep).ok).toBe(false);
  });
});

describe('loadScenarioText', () => {
  it('takes text through parsing, overrides and validation in one call', () => {
    const result = loadScenarioText(JSON.stringify(validScenarioData()), ['consumers[0].instances=7']);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.scenario.consumers[0]!.instances).toBe(7);
  });

  it('stops at the first stage that fails and reports that stage’s errors', () => {
    expect(loadScenarioText('{', ['duration=1'])).toEqual({
      ok: false,
      errors: [{ path: '', message: 'is not valid JSON: Expected property name or \'}\' at line 1, column 2' }],
    });
    const badOverride = loadScenarioText(JSON.stringify(validScenarioData()), ['brokers[3].maxLength=1']);
    expect(badOverride).toEqual({ ok: false, errors: [{ path: 'brokers[3].maxLength', message: 'brokers has 1 entry; index 3 is out of range' }] });
  });
});
