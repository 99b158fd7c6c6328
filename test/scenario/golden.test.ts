import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/metrics';
import { runScenario } from '../../src/runtime';
import { evaluateExpectations, expectationApplies, loadScenarioText, type Expectation } from '../../src/scenario';

/**
 * Golden runs: every scenario in the library is run and the parts of its report that pin down the
 * behaviour (the trace hash, event count, and the counts per producer, broker and group) are compared
 * with test/golden/<name>.json. A change to the model that changes any run shows up here, on purpose:
 * check the new numbers make sense, then rewrite the files with `UPDATE_GOLDEN=1 npx vitest run test/scenario/golden.test.ts`.
 */
const scenariosDir = new URL('../../scenarios/', import.meta.url);
const goldenDir = new URL('../golden/', import.meta.url);
const files = readdirSync(scenariosDir)
  .filter((name) => name.endsWith('.json') && name !== 'schema.json')
  .sort();
const updating = process.env.UPDATE_GOLDEN === '1';

/** The stable, behaviour-defining part of a report. */
function fingerprint(report: RunReport): unknown {
  return {
    traceHash: report.traceHash,
    events: report.events,
    invariants: report.invariants.ok,
    producers: Object.fromEntries(Object.entries(report.producers).map(([id, p]) => [id, { published: p.published, rejected: p.rejected }])),
    brokers: Object.fromEntries(
      Object.entries(report.brokers).map(([id, b]) => [id, { kind: b.kind, enqueued: b.enqueued, dropped: b.dropped, deadLettered: b.deadLettered, expired: b.expired, finalDepth: b.depth.final }]),
    ),
    groups: Object.fromEntries(
      Object.entries(report.groups).map(([id, g]) => [id, { delivered: g.delivered, acked: g.acked, duplicates: g.duplicates, skipped: g.skipped, finalLag: g.lag.final }]),
    ),
  };
}

/** Whether the scenario claims, for `variant`, that some invariant check fails (`invariants.ok == 0`). */
function expectsBrokenInvariants(expectations: readonly Expectation[], variant: string): boolean {
  return expectations.some((e) => e.path === 'invariants.ok' && e.op === '==' && e.value === 0 && expectationApplies(e, variant));
}

describe('golden runs of the scenario library', () => {
  it.each(files)('%s runs clean and exactly as recorded', (name) => {
    const loaded = loadScenarioText(readFileSync(new URL(name, scenariosDir), 'utf8'));
    if (!loaded.ok) expect.fail(`${name} is not valid`);
    const report = runScenario(loaded.scenario);
    expect(report.invariants.violations).toEqual([]);
    // An anti-pattern's bad run may break a check on purpose (ack on failure loses messages); it says so in an expectation.
    if (!expectsBrokenInvariants(loaded.scenario.expect, 'base')) expect(report.invariants.ok).toBe(true);
    const golden = new URL(name, goldenDir);
    const actual = fingerprint(report);
    if (updating) writeFileSync(golden, `${JSON.stringify(actual, null, 2)}\n`);
    if (!existsSync(golden)) expect.fail(`test/golden/${name} is missing: run UPDATE_GOLDEN=1 npx vitest run test/scenario/golden.test.ts`);
    expect(actual).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
    expect(evaluateExpectations(loaded.scenario.expect, report).filter((r) => !r.ok)).toEqual([]);
  });

  // Each variant of each scenario, run on the scenario's seed: its expectations are the golden claims.
  const variantRuns = files.flatMap((name) => {
    const loaded = loadScenarioText(readFileSync(new URL(name, scenariosDir), 'utf8'));
    return loaded.ok ? Object.keys(loaded.scenario.variants).map((variant) => [name, variant] as const) : [];
  });
  it.each(variantRuns)('%s in variant %s keeps its invariants and meets its expectations', (name, variant) => {
    const loaded = loadScenarioText(readFileSync(new URL(name, scenariosDir), 'utf8'), [], variant);
    if (!loaded.ok) expect.fail(`${name} variant ${variant} is not valid: ${JSON.stringify(loaded.errors)}`);
    const report = runScenario(loaded.scenario);
    expect(report.invariants.violations).toEqual([]);
    expect(evaluateExpectations(loaded.scenario.expect, report, variant).filter((r) => !r.ok)).toEqual([]);
  });
});
