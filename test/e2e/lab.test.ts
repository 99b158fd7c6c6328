import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime/run';
import { loadScenarioText } from '../../src/scenario';
import { launchChromium } from './support/chromium';
import { buildLab, REPO_ROOT, serveLab, type LabServer } from './support/lab-server';
import { pickFromLibrary } from './support/library';
import { chromiumPath, failWithoutChromiumOnCi, recordProblems } from './support/browser-session';

failWithoutChromiumOnCi();

describe.skipIf(chromiumPath === null)('the lab in Chromium', () => {
  let server: LabServer;
  let browser: Browser;
  let page: Page;
  /** Console errors and warnings, page errors and failed requests seen by the current page. */
  let problems: string[];

  beforeAll(async () => {
    server = await serveLab(await buildLab());
    browser = await launchChromium(chromiumPath!);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    problems = [];
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    recordProblems(page, problems);
    await page.goto(server.url);
    // The lab opens on the design challenge; these tests run checkout-burst, picked from the library.
    await page.getByRole('heading', { level: 1, name: /^Design challenge/ }).waitFor();
    await pickFromLibrary(page, 'Checkout burst (load levelling)');
    await page.getByRole('heading', { level: 1, name: /Checkout burst/ }).waitFor();
    // Closing the picker hands focus back to its button; start from a page with nothing focused, as on load.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.locator('[data-testid="play"]:not([disabled])').waitFor();
  });

  afterEach(async () => {
    await page?.close();
  });

  const clock = async (): Promise<number> => Number(await page.getByTestId('virtual-clock').getAttribute('data-time'));
  const events = async (): Promise<number> => Number(await page.getByTestId('events').getAttribute('data-value'));
  const readyPath = async (): Promise<string> => (await page.locator('path.line-ready').getAttribute('d')) ?? '';
  const waitForClock = (atLeast: number): Promise<unknown> =>
    page.waitForFunction((t) => Number(document.querySelector('[data-testid="virtual-clock"]')?.getAttribute('data-time')) >= t, atLeast);

  it('opens checkout-burst from the library with no console errors or warnings', async () => {
    await expect.poll(() => page.getByText(/flash sale/).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('producers-checkout-published').textContent()).toBe('0');
    // Give a late error (worker start-up, favicon) the chance to show up.
    await page.waitForTimeout(300);
    expect(problems).toEqual([]);
  });

  it('advances the virtual clock when play is pressed, paced on virtual time', async () => {
    expect(await clock()).toBe(0);
    const started = Date.now();
    await page.getByRole('button', { name: 'Play' }).click();
    await waitForClock(0.5);
    await page.getByRole('button', { name: 'Pause' }).click();
    // The worker answers a pause with one last frame, and a frame already on its way may land too; wait for
    // the clock to settle (on a loaded machine that can take a moment), then it must hold still.
    let paused = await clock();
    for (let tries = 0; tries < 20; tries++) {
      await page.waitForTimeout(100);
      const now = await clock();
      if (now === paused) break;
      paused = now;
    }
    const wallSeconds = (Date.now() - started) / 1000;
    // At the default ×2 the run can fall behind when the machine is busy, but never run ahead.
    expect(paused).toBeGreaterThanOrEqual(0.5);
    expect(paused).toBeLessThanOrEqual(2 * wallSeconds + 0.1);
    await page.waitForTimeout(300);
    expect(await clock()).toBe(paused);
    expect(problems).toEqual([]);
  });

  it('draws the burst at t = 10 s into the depth chart', async () => {
    const before = await readyPath();
    await page.getByTestId('speed').fill('6'); // ×10
    await expect.poll(() => page.locator('output.speed-value').textContent()).toBe('×10');
    await page.getByRole('button', { name: 'Play' }).click();
    await waitForClock(11);
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await clock()).toBeLessThan(25);
    expect(await readyPath()).not.toBe(before);
    // 100 orders arrive at once for 10 workers: most of them wait in the queue.
    expect(Number(await page.getByTestId('ready-orders').textContent())).toBeGreaterThan(20);
    const topTick = await page.getByTestId('depth-chart').locator('.axis-y .tick text').last().textContent();
    expect(Number(topTick)).toBeGreaterThanOrEqual(80);
    expect(problems).toEqual([]);
  });

  it('runs exactly one event per press of "Step one event"', async () => {
    const step = page.getByRole('button', { name: 'Step one event' });
    for (let i = 1; i <= 3; i++) {
      await step.click();
      await expect.poll(events).toBe(i);
    }
    expect(await clock()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('toggles play and pause with the space bar', async () => {
    await page.locator('body').press('Space');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.locator('body').press('Space');
    await page.getByRole('button', { name: 'Play' }).waitFor();
    const paused = await clock();
    await page.waitForTimeout(150);
    expect(await clock()).toBe(paused);
  });

  it('finishes in the worker with the trace hash Node computes for the same scenario and seed', async () => {
    const loaded = loadScenarioText(await readFile(join(REPO_ROOT, 'scenarios/checkout-burst.json'), 'utf8'));
    if (!loaded.ok) throw new Error('scenarios/checkout-burst.json does not validate');
    const node = runScenario(loaded.scenario);

    // A few single steps first, so the browser run is cut into pieces differently from Node's.
    for (let i = 1; i <= 5; i++) {
      await page.getByRole('button', { name: 'Step one event' }).click();
      await expect.poll(events).toBe(i);
    }
    await page.getByRole('button', { name: 'Run to end' }).click();
    const hash = page.getByTestId('trace-hash');
    await hash.waitFor();
    expect(await hash.textContent()).toBe(node.traceHash);
    expect(await events()).toBe(node.events);
    expect(await page.getByTestId('invariants').textContent()).toMatch(/^all \d+ hold$/);
    expect(await clock()).toBe(loaded.scenario.duration);

    await mkdir(join(REPO_ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'test-results/lab.png') });
    expect(problems).toEqual([]);
  });
});

