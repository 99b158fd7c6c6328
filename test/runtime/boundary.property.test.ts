import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from '../../src/engine';
import { Run } from '../../src/runtime';
import { loadScenarioText, validateScenario, type LoadResult } from '../../src/scenario';

const checkoutText = readFileSync(new URL('../../scenarios/checkout-burst.json', import.meta.url), 'utf8');
const checkoutData = JSON.parse(checkoutText) as Record<string, unknown>;

/** A failed validation must be a non-empty list of {path, message} with readable text. */
function expectWellFormed(result: LoadResult): void {
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(typeof error.path).toBe('string');
    expect(typeof error.message).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message).not.toMatch(/undefined|\[object Object\]/);
  }
}

/** Every path to a value inside `data`, as segments. */
function pathsOf(data: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof data !== 'object' || data === null) return [prefix];
  const entries = Array.isArray(data) ? data.map((v, i) => [i, v] as const) : Object.entries(data);
  return [prefix, ...entries.flatMap(([key, value]) => pathsOf(value, [...prefix, key]))];
}

/** A copy of `data` with the value at `path` replaced (or deleted when `value` is undefined). */
function mutate(data: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = JSON.parse(JSON.stringify(data)) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = value;
  return copy;
}

const checkoutPaths = pathsOf(checkoutData);

/**
 * Validated scenarios are run with a small event budget: they must finish or stop with the budget error.
 * The depth series is kept to at most 1,000 samples: its size follows duration / sampleInterval, not the
 * event count, so a mutated duration of 1e9 s would otherwise exhaust memory (reported separately).
 */
function runBriefly(data: unknown): void {
  const result = validateScenario(data);
  if (!result.ok) return;
  const { limits, duration, sampleInterval } = result.scenario;
  const scenario = {
    ...result.scenario,
    limits: { ...limits, maxEvents: Math.min(limits.maxEvents, 20_000) },
    sampleInterval: Math.max(sampleInterval ?? 0, duration / 1000),
  };
  try {
    const run = new Run(scenario);
    run.advanceTo(run.duration);
    run.report();
  } catch (error) {
    expect(error).toBeInstanceOf(BudgetExceededError);
  }
}

describe('the scenario boundary with hostile input', () => {
  it('answers any JSON value with a validation result, never an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (data) => {
        expectWellFormed(validateScenario(data));
      }),
      { numRuns: 500 },
    );
  });

  it('answers any JavaScript value (undefined, NaN, -0, odd keys, nested arrays) with a validation result', () => {
    fc.assert(
      fc.property(fc.anything({ withBoxedValues: false, withNullPrototype: true, withSparseArray: true }), (data) => {
        expectWellFormed(validateScenario(data));
      }),
      { numRuns: 500 },
    );
  });

  it('reports errors, never throws, when any field of a real scenario gets a value of the wrong type or is removed', () => {
    const replacement = fc.oneof(
      fc.jsonValue(),
      fc.constant(undefined),
      fc.constantFrom(-1, 0, 1e12, -0.5, '', 'orders', 'fulfilment', 'poisson', 'drop-head', 'lognormal', [], {}),
    );
    fc.assert(
      fc.property(fc.constantFrom(...checkoutPaths), replacement, (path, value) => {
        const data = mutate(checkoutData, path, value);
        expectWellFormed(validateScenario(data));
        runBriefly(data);
      }),
      { numRuns: 400 },
    );
  });

  it('reports errors, never throws, for arbitrary text and arbitrary overrides', () => {
    const text = fc.oneof(
      fc.string(),
      fc.json(),
      // The real file with a slice cut out: truncated, unbalanced, half-written JSON.
      fc.tuple(fc.nat(checkoutText.length), fc.nat(40)).map(([at, length]) => checkoutText.slice(0, at) + checkoutText.slice(at + length)),
    );
    const path = fc.oneof(
      fc.string(),
      fc.constantFrom('duration', 'seed', 'consumers[0].instances', 'consumers[fulfilment].processing', 'brokers[0]', 'producers[9].rate', '__proto__.x', 'a..b', '[0]'),
    );
    const override = fc.oneof(fc.string(), fc.tuple(path, fc.oneof(fc.string(), fc.json())).map(([p, v]) => `${p}=${v}`));
    fc.assert(
      fc.property(text, fc.array(override, { maxLength: 3 }), (input, overrides) => {
        expectWellFormed(loadScenarioText(input, overrides));
      }),
      { numRuns: 500 },
    );
  });

  it('applies random overrides to the real scenario and either rejects them with errors or runs', () => {
    const path = fc.constantFrom(
      'duration',
      'seed',
      'sampleInterval',
      'consumers[0].instances',
      'consumers[0].concurrency',
      'consumers[0].processing.mean',
      'consumers[fulfilment].processing',
      'producers[0].rate.perSecond',
      'producers[0].bursts[0].count',
      'producers[0].bursts[1]',
      'brokers[0].maxLength',
      'brokers[0].overflow',
      'limits.maxEvents',
    );
    const value = fc.oneof(fc.json(), fc.integer({ min: -5, max: 50 }).map(String), fc.constantFrom('0', '0.001', '1e9', 'NaN', 'null', 'true', '{"type":"constant","value":1}'));
    fc.assert(
      fc.property(fc.array(fc.tuple(path, value), { minLength: 1, maxLength: 3 }), (pairs) => {
        const result = loadScenarioText(
          checkoutText,
          pairs.map(([p, v]) => `${p}=${v}`),
        );
        expectWellFormed(result);
        if (result.ok) runBriefly(result.scenario);
      }),
      { numRuns: 300 },
    );
  });
});
