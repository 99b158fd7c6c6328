import { describe, expect, it } from 'vitest';
import { applyVariant, loadScenarioText, validateScenario, variantAssignments } from '../../src/scenario';
import { validScenarioData } from './fixtures';

function withVariants(variants: unknown): Record<string, unknown> {
  return { ...validScenarioData(), variants };
}

const twoVariants = {
  busy: { description: 'twice the load', set: { 'producers[checkout].rate.perSecond': 4, 'consumers[0].instances': 1 } },
  renamed: { set: { name: 'orders, renamed' } },
};

describe('applying a variant', () => {
  it("applies the variant's overrides to a copy, by index or id as --set does", () => {
    const data = withVariants(twoVariants);
    const result = applyVariant(data, 'busy');
    if (!result.ok) expect.fail(JSON.stringify(result.errors));
    const varied = result.data as { producers: { rate: { perSecond: number } }[]; consumers: { instances: number }[] };
    expect(varied.producers[0]!.rate.perSecond).toBe(4);
    expect(varied.consumers[0]!.instances).toBe(1);
    expect((data as { consumers: { instances: number }[] }).consumers[0]!.instances).toBe(2);
  });

  it('reads string values as strings, whatever they look like', () => {
    expect(variantAssignments({ set: { name: '42', seed: 42, 'brokers[0].overflow': 'reject-publish' } })).toEqual([
      'name="42"',
      'seed=42',
      'brokers[0].overflow="reject-publish"',
    ]);
    const result = loadScenarioText(JSON.stringify(withVariants({ v: { set: { name: '42' } } })), [], 'v');
    if (!result.ok) expect.fail(JSON.stringify(result.errors));
    expect(result.scenario.name).toBe('42');
  });

  it('leaves the data unchanged for no variant or "base"', () => {
    const data = withVariants(twoVariants);
    expect(applyVariant(data, undefined)).toEqual({ ok: true, data });
    expect(applyVariant(data, 'base')).toEqual({ ok: true, data });
  });

  it('refuses an unknown variant, listing the known ones and the likely one', () => {
    expect(applyVariant(withVariants(twoVariants), 'bussy')).toEqual({
      ok: false,
      errors: [{ path: 'variants', message: 'has no variant "bussy"; known: busy, renamed (did you mean "busy"?)' }],
    });
    expect(applyVariant(validScenarioData(), 'busy')).toEqual({
      ok: false,
      errors: [{ path: 'variants', message: 'has no variant "busy"; this scenario has no variants' }],
    });
  });

  it('applies the variant before the --set overrides, so the command line wins', () => {
    const text = JSON.stringify(withVariants(twoVariants));
    const result = loadScenarioText(text, ['consumers[0].instances=7'], 'busy');
    if (!result.ok) expect.fail(JSON.stringify(result.errors));
    expect(result.scenario.consumers[0]!.instances).toBe(7);
    expect(result.scenario.producers[0]!.rate).toMatchObject({ perSecond: 4 });
  });

  it('validates the varied scenario, naming the path the variant broke', () => {
    const result = loadScenarioText(JSON.stringify(withVariants({ broken: { set: { 'consumers[0].instances': 0 } } })), [], 'broken');
    expect(result).toEqual({ ok: false, errors: [{ path: 'consumers[0].instances', message: 'must be >= 1, got 0' }] });
  });
});

describe('validating variants in a scenario', () => {
  it('accepts variants and keeps them in the validated scenario', () => {
    const result = validateScenario(withVariants(twoVariants));
    if (!result.ok) expect.fail(JSON.stringify(result.errors));
    expect(Object.keys(result.scenario.variants)).toEqual(['busy', 'renamed']);
  });

  it('refuses the reserved name "base" and an override that lands nowhere', () => {
    const result = validateScenario(withVariants({ base: { set: {} }, gone: { set: { 'consumers[billing].instances': 3 } } }));
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: 'variants.base', message: '"base" names the scenario without a variant; choose another name' },
        { path: 'variants.gone.set["consumers[billing].instances"]', message: 'consumers has no entry with id "billing"' },
      ],
    });
  });

  it('refuses a variant name that is not an id, and a variant without set', () => {
    const result = validateScenario(withVariants({ 'no good': { set: {} }, empty: {} }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['variants.empty.set']));
    expect(result.errors.length).toBeGreaterThanOrEqual(2);
  });
});
