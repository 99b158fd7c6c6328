import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioText, scenarioJsonSchema } from '../../src/scenario';

const scenariosDir = new URL('../../scenarios/', import.meta.url);
const scenarioFiles = readdirSync(scenariosDir)
  .filter((name) => name.endsWith('.json') && name !== 'schema.json')
  .sort();

describe('the scenario library', () => {
  it('has scenario files, checkout-burst.json among them', () => {
    expect(scenarioFiles).toContain('checkout-burst.json');
  });

  it.each(scenarioFiles)('%s is a valid scenario', (name) => {
    const result = loadScenarioText(readFileSync(new URL(name, scenariosDir), 'utf8'));
    if (!result.ok) expect.fail(`${name}:\n${result.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`);
  });

  it.each(scenarioFiles)('%s points editors at the generated schema', (name) => {
    const data = JSON.parse(readFileSync(new URL(name, scenariosDir), 'utf8')) as { $schema?: unknown };
    expect(data.$schema).toBe('./schema.json');
  });
});

describe('scenarios/schema.json', () => {
  it('is exactly the JSON Schema generated from the zod definitions (run `npm run schema` after changing them)', () => {
    const stored: unknown = JSON.parse(readFileSync(new URL('schema.json', scenariosDir), 'utf8'));
    expect(stored, 'scenarios/schema.json is out of date: run `npm run schema` and commit the result').toEqual(scenarioJsonSchema());
  });

  it('tells editors what a scenario is and rejects unknown top-level fields', () => {
    const schema = scenarioJsonSchema();
    expect(schema.title).toBe('brokerlab scenario');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties as object)).toEqual(
      expect.arrayContaining(['$schema', 'version', 'name', 'duration', 'producers', 'brokers', 'consumers']),
    );
  });
});
