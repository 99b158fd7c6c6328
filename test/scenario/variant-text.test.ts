import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario';
import { applyVariantToText } from '../../src/scenario/variant-text';

const DESIGN = readFileSync(new URL('../../scenarios/design-challenge.json', import.meta.url), 'utf8');

describe('applying a variant to scenario text', () => {
  it('gives text that validates to exactly what --variant gives', () => {
    for (const variant of ['topic', 'queue', 'stream']) {
      const applied = applyVariantToText(DESIGN, variant);
      if (!applied.ok) throw new Error(JSON.stringify(applied.errors));
      expect(loadScenarioText(applied.text)).toEqual(loadScenarioText(DESIGN, [], variant));
    }
  });

  it('replaces the seed after the variant, as --seed does', () => {
    const applied = applyVariantToText(DESIGN, 'queue', 42);
    if (!applied.ok) throw new Error(JSON.stringify(applied.errors));
    expect(loadScenarioText(applied.text)).toEqual(loadScenarioText(DESIGN, ['seed=42'], 'queue'));
  });

  it('returns the text untouched when there is nothing to apply, so line numbers in errors still match it', () => {
    expect(applyVariantToText('{ "broken": ')).toEqual({ ok: true, text: '{ "broken": ' });
  });

  it('names the known variants when asked for an unknown one', () => {
    expect(applyVariantToText(DESIGN, 'stram')).toEqual({
      ok: false,
      errors: [{ path: 'variants', message: 'has no variant "stram"; known: topic, queue, stream (did you mean "stream"?)' }],
    });
  });

  it('reports text that is not JSON with its line and column', () => {
    const result = applyVariantToText('{\n  "name": x\n}', 'queue');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]?.message).toMatch(/line 2, column 11/);
  });
});
