// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { offsetOfError, offsetOfPath, parseErrorPath } from '../../../src/ui/scenarios/json-path-offset';

const TEXT = `{
  "name": "x",
  "producers": [
    { "id": "a", "rate": 1 },
    { "id": "b", "rate": -2, "note": "[not, a {list}]" }
  ],
  "variants": { "bad": { "set": { "consumers[0].instances": 0 } } }
}`;

describe('finding an error path in JSON text', () => {
  it('reads the paths the scenario boundary writes', () => {
    expect(parseErrorPath('producers[1].rate')).toEqual(['producers', 1, 'rate']);
    expect(parseErrorPath('variants.bad.set["consumers[0].instances"]')).toEqual(['variants', 'bad', 'set', 'consumers[0].instances']);
    expect(parseErrorPath('consumers[fulfilment].instances')).toEqual(['consumers', 'fulfilment', 'instances']);
  });

  it('points at the member name of the value the path names', () => {
    expect(TEXT.slice(offsetOfPath(TEXT, 'producers[1].rate')).startsWith('"rate": -2')).toBe(true);
    expect(TEXT.slice(offsetOfPath(TEXT, 'producers[1]')).startsWith('{ "id": "b"')).toBe(true);
    expect(TEXT.slice(offsetOfPath(TEXT, 'variants.bad.set["consumers[0].instances"]')).startsWith('"consumers[0].instances": 0')).toBe(true);
  });

  it('falls back to the deepest part of a path that exists', () => {
    expect(TEXT.slice(offsetOfPath(TEXT, 'producers[0].target')).startsWith('{ "id": "a"')).toBe(true);
    expect(offsetOfPath(TEXT, 'brokers')).toBe(0);
  });

  it('uses the line and column of a syntax error', () => {
    const broken = '{\n  "name": "x",\n  oops\n}';
    const offset = offsetOfError(broken, { path: '', message: 'is not valid JSON: Unexpected token at line 3, column 3' });
    expect(broken.slice(offset)).toMatch(/^oops/);
  });
});
