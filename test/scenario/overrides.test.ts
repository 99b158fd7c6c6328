import { describe, expect, it } from 'vitest';
import { applyOverrides, loadScenarioText } from '../../src/scenario';
import { validScenarioData } from './fixtures';

function overridden(assignments: string[]): Record<string, unknown> & { consumers: Record<string, unknown>[] } {
  const result = applyOverrides(validScenarioData(), assignments);
  if (!result.ok) throw new Error(`expected the overrides to apply, got ${JSON.stringify(result.errors)}`);
  return result.data as ReturnType<typeof overridden>;
}

function overrideErrors(assignments: string[]): unknown {
  const result = applyOverrides(validScenarioData(), assignments);
  if (result.ok) throw new Error('expected the overrides to be refused');
  return result.errors;
}

describe('applyOverrides', () => {
  it('sets a field of a list entry picked by index', () => {
    expect(overridden(['consumers[0].instances=12']).consumers[0]!.instances).toBe(12);
  });

  it('sets a field of a list entry picked by its id', () => {
    expect(overridden(['consumers[fulfilment].instances=3']).consumers[0]!.instances).toBe(3);
  });

  it('reads values as JSON when they parse and as plain strings otherwise', () => {
    const data = overridden([
      'name=Black Friday',
      'seed=42',
      'brokers[0].overflow=reject-publish',
      'consumers[0].processing={"type":"constant","value":1.5}',
    ]);
    expect(data.name).toBe('Black Friday');
    expect(data.seed).toBe(42);
    expect((data.brokers as Record<string, unknown>[])[0]!.overflow).toBe('reject-publish');
    expect(data.consumers[0]!.processing).toEqual({ type: 'constant', value: 1.5 });
  });

  it('creates missing objects along the path and appends at the index just past the end', () => {
    const data = overridden(['limits.maxEvents=100', 'consumers[1]={"id":"audit","reads":"orders","processing":{"type":"constant","value":1}}']);
    expect(data.limits).toEqual({ maxEvents: 100 });
    expect(data.consumers.map((c) => c.id)).toEqual(['fulfilment', 'audit']);
  });

  it('removes a field set to null, so it takes its default again, and refuses null for a list entry', () => {
    const data = overridden(['consumers[fulfilment].instances=null', 'consumers[fulfilment].nothing=null']);
    expect(data.consumers[0]).not.toHaveProperty('instances');
    expect(data.consumers[0]).not.toHaveProperty('nothing');
    expect(overrideErrors(['consumers[0]=null'])).toEqual([{ path: 'consumers[0]', message: 'an entry of consumers cannot be removed; null removes a field of an object' }]);
  });

  it('applies overrides in order, so a later one wins', () => {
    expect(overridden(['duration=10', 'duration=20']).duration).toBe(20);
  });

  it('leaves the original data untouched', () => {
    const original = validScenarioData();
    const result = applyOverrides(original, ['consumers[0].instances=99']);
    expect(result.ok).toBe(true);
    expect(original.consumers[0]!.instances).toBe(2);
  });

  it('refuses an index out of range, saying how many entries there are', () => {
    expect(overrideErrors(['consumers[5].instances=3'])).toEqual([
      { path: 'consumers[5].instances', message: 'consumers has 1 entry; index 5 is out of range' },
    ]);
  });

  it('refuses an id no entry has', () => {
    expect(overrideErrors(['consumers[billing].instances=3'])).toEqual([
      { path: 'consumers[billing].instances', message: 'consumers has no entry with id "billing"' },
    ]);
  });

  it('refuses __proto__, constructor and prototype anywhere in the path, and pollutes nothing', () => {
    expect(overrideErrors(['__proto__.polluted=1', 'consumers[0].constructor.prototype.polluted=1'])).toEqual([
      { path: '__proto__.polluted', message: '"__proto__" cannot be set' },
      { path: 'consumers[0].constructor.prototype.polluted', message: '"constructor" cannot be set' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses text that is not path=value or not a valid path, reporting every bad override', () => {
    expect(overrideErrors(['instances', 'consumers..instances=1', '=3'])).toEqual([
      { path: 'instances', message: 'an override must look like path=value, e.g. consumers[0].instances=12' },
      { path: 'consumers..instances', message: 'is not a valid path; write it like consumers[0].processing.mean' },
      { path: '=3', message: 'an override must look like path=value, e.g. consumers[0].instances=12' },
    ]);
  });

  it('refuses to index into something that is not a list', () => {
    expect(overrideErrors(['name[0]=x'])).toEqual([{ path: 'name[0]', message: 'name is not a list' }]);
  });

  it('lets validation judge the overridden value like a value written in the file', () => {
    const text = JSON.stringify(validScenarioData());
    expect(loadScenarioText(text, ['consumers[0].instances=0', 'seed=abc'])).toEqual({
      ok: false,
      errors: [
        { path: 'consumers[0].instances', message: 'must be >= 1, got 0' },
        { path: 'seed', message: 'must be a number, got "abc"' },
      ],
    });
  });
});
