import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../src/scenario/json-error-offset';

/** What JSON.parse says about `text`: valid, or its message. */
function nativeVerdict(text: string): { valid: true } | { valid: false; message: string } {
  try {
    JSON.parse(text);
    return { valid: true };
  } catch (error) {
    return { valid: false, message: (error as Error).message };
  }
}

/** One-character edits, the typical typo: delete, insert or replace at a position. */
const edit = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('delete', 'insert', 'replace'),
  char: fc.constantFrom(...'{}[],:"\\ 0-1.eE+tfnulx\n\t'.split('')),
});

function applyEdit(text: string, e: { at: number; op: string; char: string }): string {
  const at = e.at % (text.length + 1);
  if (e.op === 'delete') return text.slice(0, at) + text.slice(at + 1);
  if (e.op === 'insert') return text.slice(0, at) + e.char + text.slice(at);
  return text.slice(0, at) + e.char + text.slice(at + 1);
}

describe('jsonErrorOffset', () => {
  it('returns -1 for valid JSON in any layout', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, indent) => {
        expect(jsonErrorOffset(JSON.stringify(value, null, indent))).toBe(-1);
      }),
    );
  });

  it('points at the first character that cannot continue the document', () => {
    expect(jsonErrorOffset('{"a": abc}')).toBe(6);
    expect(jsonErrorOffset('{"a": [1, {"b": nul}]}')).toBe(19);
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('[01]')).toBe(2);
    expect(jsonErrorOffset('"\\u12g4"')).toBe(5);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
  });

  it('returns the length of text that ends too early', () => {
    for (const text of ['', '   ', '{', '[1,', '{"a"', '"abc', '-', '1.', 'tru']) expect(jsonErrorOffset(text)).toBe(text.length);
  });

  it('handles nesting far deeper than the call stack allows', () => {
    expect(jsonErrorOffset(`${'['.repeat(500_000)}x`)).toBe(500_000);
  });

  it('agrees with JSON.parse on validity, and on the position whenever JSON.parse names one', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 2 }), edit, (value, indent, e) => {
        const text = applyEdit(JSON.stringify(value, null, indent), e);
        const native = nativeVerdict(text);
        const offset = jsonErrorOffset(text);
        if (native.valid) {
          expect(offset).toBe(-1);
          return;
        }
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThanOrEqual(text.length);
        const position = /position (\d+)/.exec(native.message);
        if (position !== null) expect(offset).toBe(Number(position[1]));
      }),
      { numRuns: 3000 },
    );
  });
});
