import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/metrics';
import { runScenario } from '../../src/runtime';
import { expectationApplies, formatErrors, loadScenarioText } from '../../src/scenario';
import { chromiumRequired, findChromium, launchChromium } from './support/chromium';
import { buildDeterminismHarness } from './support/determinism/build-harness';
import type { DeterminismResults, ScenarioOutcome } from './support/determinism/contract';
import { stressScenarioTexts } from './support/determinism/stress-scenarios';
import { REPO_ROOT, serveLab, type LabServer } from './support/lab-server';

/**
 * The same scenario and seed must give the same run in Node (CLI, tests) and in the browser (the lab):
 * the harness page runs every library scenario and the generated stress scenarios in Chromium, and
 * each report must equal the one Node computes here, down to the trace hash.
 */

const chromiumPath = findChromium();

if (chromiumPath === null && chromiumRequired) {
  it('finds Chromium, which CI=true requires for the browser tests', () => {
    expect.fail('CI=true but no Chromium was found at $CHROMIUM_PATH or /usr/bin/chromium');
  });
}

/** Every scenario the page must run, as Node reads it: scenarios/*.json except the schema, then the generated ones. */
function expectedTexts(): Record<string, string> {
  const dir = join(REPO_ROOT, 'scenarios');
  const texts: Record<string, string> = {};
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith('.json') && file !== 'schema.json') texts[file] = readFileSync(join(dir, file), 'utf8');
  }
  return { ...texts, ...stressScenarioTexts() };
}

const EXPECTED = expectedTexts();
const NAMES = Object.keys(EXPECTED);

/** Node's report for a scenario text, as JSON would carry it (the page hands its reports over as JSON). */
/**
 * Whether a library scenario says its own run breaks a check on purpose (an anti-pattern's bad run, e.g.
 * ack on failure losing messages), with an expectation `invariants.ok == 0` for the base run.
 */
function brokenOnPurpose(text: string): boolean {
  const loaded = loadScenarioText(text);
  return loaded.ok && loaded.scenario.expect.some((e) => e.path === 'invariants.ok' && e.op === '==' && e.value === 0 && expectationApplies(e, 'base'));
}

function nodeReport(name: string, text: string): RunReport {
  const loaded = loadScenarioText(text);
  if (!loaded.ok) throw new Error(`${name} does not validate in Node:\n${formatErrors(loaded.errors)}`);
  return JSON.parse(JSON.stringify(runScenario(loaded.scenario))) as RunReport;
}

describe.skipIf(chromiumPath === null)('determinism between Node and Chromium', () => {
  let server: LabServer;
  let browser: Browser;
  let page: Page;
  /** Console errors and warnings, page errors and failed requests seen by the harness page. */
  const problems: string[] = [];
  let results: DeterminismResults;

  beforeAll(async () => {
    server = await serveLab(await buildDeterminismHarness());
    browser = await launchChromium(chromiumPath!);
    page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await page.goto(server.url);
    await page.waitForFunction(() => window.__determinism?.done === true, undefined, { timeout: 180_000 });
    results = await page.evaluate(() => window.__determinism!);
  });

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await server?.close();
  });

  it('runs every scenario file and every generated scenario, on the same text Node reads', () => {
    expect(results.failure).toBeUndefined();
    expect(Object.keys(results.outcomes).sort()).toEqual([...NAMES].sort());
    // Four library files today and three generated ones; a broken glob would find none.
    expect(NAMES.filter((name) => name.startsWith('generated/'))).toHaveLength(3);
    expect(NAMES.length).toBeGreaterThan(3);
    for (const name of NAMES) expect(results.outcomes[name]?.text, name).toBe(EXPECTED[name]);
  });

  it.each(NAMES)('%s passes every invariant and gives the same trace hash, event count and report in Chromium as in Node', (name) => {
    const node = nodeReport(name, EXPECTED[name]!);
    expect(node.events).toBeGreaterThan(0);
    const outcome: ScenarioOutcome | undefined = results.outcomes[name];
    if (outcome === undefined || !outcome.ok) throw new Error(`the page did not run ${name}: ${outcome?.ok === false ? outcome.error : 'no outcome'}`);
    const browserReport = JSON.parse(outcome.reportJson) as RunReport;

    expect(outcome.traceHash).toBe(node.traceHash);
    expect(browserReport.traceHash).toBe(node.traceHash);
    expect(outcome.events).toBe(node.events);
    expect(node.invariants.violations).toEqual([]);
    expect(browserReport.invariants.ok).toBe(!brokenOnPurpose(EXPECTED[name]!));
    // Everything else too: counters, percentiles, lag, violations and the depth series.
    expect(browserReport).toEqual(node);
  });

  it('shows the results as text with no console errors or warnings, page errors or failed requests', async () => {
    expect(await page.locator('#status').textContent()).toBe(`done: ${NAMES.length} scenarios`);
    expect(await page.locator('#results li').count()).toBe(NAMES.length);
    expect(await page.evaluate(() => window.__hashes)).toEqual(
      Object.fromEntries(NAMES.map((name) => [name, (results.outcomes[name] as Extract<ScenarioOutcome, { ok: true }>).traceHash])),
    );
    expect(problems).toEqual([]);
  });
});
