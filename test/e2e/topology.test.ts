import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { applyVariant, validateScenario } from '../../src/scenario';
import { REPO_ROOT } from './support/lab-server';
import { chromiumPath, failWithoutChromiumOnCi, recordProblems, useLabBrowser } from './support/browser-session';

failWithoutChromiumOnCi();

/**
 * Keeps a reference to the page's simulation worker, so a test can load another library scenario
 * through the runtime protocol itself (the lab's own `load` message) without any test hook in the lab.
 */
const CAPTURE_WORKER = `(() => {
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      window.__labWorker = this;
    }
  };
})();`;

describe.skipIf(chromiumPath === null)('the topology canvas in Chromium', () => {
  const lab = useLabBrowser();
  let page: Page;
  let problems: string[];

  beforeEach(async () => {
    problems = [];
    page = await lab.browser.newPage({ viewport: { width: 1280, height: 800 } });
    recordProblems(page, problems);
    await page.addInitScript(CAPTURE_WORKER);
    await page.goto(lab.server.url);
    await page.locator('[data-testid="play"]:not([disabled])').waitFor();
  });

  afterEach(async () => {
    await page?.close();
  });

  /** Loads a library scenario through the worker, as the lab's store does, and waits for the canvas to take it. */
  const loadScenario = async (name: string): Promise<void> => {
    const text = await readFile(join(REPO_ROOT, 'scenarios', `${name}.json`), 'utf8');
    const title = (JSON.parse(text) as { name: string }).name;
    await page.evaluate((t) => (window as unknown as { __labWorker: Worker }).__labWorker.postMessage({ type: 'load', text: t }), text);
    await expect.poll(() => page.getByTestId('topology-summary').textContent(), { timeout: 10_000 }).toContain('');
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  };

  /** Moves the speed slider as a user would, through the input event React listens to. */
  const setSpeedIndex = (index: number): Promise<void> =>
    page.evaluate((i) => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="speed"]')!;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(i));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, index);

  const waitForClock = (atLeast: number): Promise<unknown> =>
    page.waitForFunction((t) => Number(document.querySelector('[data-testid="virtual-clock"]')?.getAttribute('data-time')) >= t, atLeast, { timeout: 20_000 });

  /** Share of the canvas's pixels (device pixels, sampled on a grid) that differ from its ground colour. */
  const inkedShare = (): Promise<number> =>
    page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="topology"] canvas');
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return 0;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const [r0, g0, b0] = [data[0]!, data[1]!, data[2]!];
      let inked = 0;
      let seen = 0;
      for (let i = 0; i < data.length; i += 4 * 37) {
        seen++;
        if (Math.abs(data[i]! - r0) + Math.abs(data[i + 1]! - g0) + Math.abs(data[i + 2]! - b0) > 30) inked++;
      }
      return inked / seen;
    });

  /** Pixels in the buffer bar of queue boxes that have the ready colour (#1b6ab3), anywhere on the canvas. */
  const readyPixels = (): Promise<number> =>
    page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="topology"] canvas');
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return 0;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - 0x1b) < 6 && Math.abs(data[i + 1]! - 0x6a) < 6 && Math.abs(data[i + 2]! - 0xb3) < 6) n++;
      return n;
    });

  it('draws the design challenge with its topic, subscriptions and groups, and lists them in the text alternative', async () => {
    await loadScenario('design-challenge');
    await expect.poll(inkedShare).toBeGreaterThan(0.03);
    const summary = page.getByTestId('topology-summary');
    await expect.poll(() => summary.textContent()).toContain('Topic user-events');
    for (const sub of ['email-sub', 'profile-sub', 'metrics-sub']) expect(await summary.textContent()).toContain(`Subscription queue of user-events ${sub}`);
    expect(await summary.textContent()).toContain('Consumer group email, reads email-sub');
    await page.getByRole('button', { name: 'Play' }).click();
    await waitForClock(3);
    await page.getByTestId('topology').screenshot({ path: '/tmp/topology-design-challenge.png' });
    await page.screenshot({ path: '/tmp/topology-lab-1280x800.png' });
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => summary.textContent(), { timeout: 5000 }).toMatch(/Producer signup, publishes to user-events: [1-9][\d,]* messages sent/);
    expect(problems).toEqual([]);
  });

  it('shows the checkout burst queue filling while playing, with no console errors', async () => {
    await loadScenario('checkout-burst');
    await expect.poll(() => page.getByTestId('topology-summary').textContent()).toContain('Queue orders');
    await page.getByRole('button', { name: 'Play' }).click();
    // The flash sale starts at t=10 s; at ×2 (the lab's default speed) the queue is full a few seconds later.
    await setSpeedIndex(6);
    await waitForClock(14);
    await page.getByTestId('topology').screenshot({ path: '/tmp/topology-checkout-burst.png' });
    expect(await readyPixels()).toBeGreaterThan(40);
    expect(await page.locator('[data-testid="topology"] canvas').getAttribute('data-moves')).not.toBeNull();
    expect(problems).toEqual([]);
  });

  it.each([
    ['tour-sns', undefined],
    ['best-practices', undefined],
    ['anti-pattern-no-monitoring', undefined],
    ['design-challenge', 'queue'],
    ['design-challenge', 'stream'],
    ['tour-kafka', 'twelve-partitions'],
  ])('draws %s (variant %s) while it plays, with no console errors', async (name, variant) => {
    const raw: unknown = JSON.parse(await readFile(join(REPO_ROOT, 'scenarios', `${name}.json`), 'utf8'));
    const applied = applyVariant(raw, variant);
    const valid = applied.ok ? validateScenario(applied.data) : null;
    if (!valid?.ok) throw new Error(`${name}/${variant} does not validate`);
    await page.evaluate((scenario) => (window as unknown as { __labWorker: Worker }).__labWorker.postMessage({ type: 'load', scenario }), valid.scenario);
    await page.getByRole('heading', { level: 1, name: valid.scenario.name }).waitFor();
    await page.getByRole('button', { name: 'Play' }).click();
    await setSpeedIndex(6);
    await waitForClock(name === 'design-challenge' ? 62 : 8);
    await page.getByTestId('topology').screenshot({ path: `/tmp/topology-${name}${variant ? `-${variant}` : ''}.png` });
    expect(await inkedShare()).toBeGreaterThan(0.03);
    const summary = (await page.getByTestId('topology-summary').textContent()) ?? '';
    for (const broker of valid.scenario.brokers) expect(summary).toContain(broker.id);
    expect(problems).toEqual([]);
  });

  it('draws no travelling dots for a user who prefers reduced motion, and still draws the topology', async () => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.getByRole('button', { name: 'Play' }).click();
    await waitForClock(2);
    const canvas = page.locator('[data-testid="topology"] canvas');
    await expect.poll(() => canvas.getAttribute('data-motion')).toBe('reduced');
    expect(await inkedShare()).toBeGreaterThan(0.03);
    await page.getByTestId('topology').screenshot({ path: '/tmp/topology-reduced-motion.png' });
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await expect.poll(() => canvas.getAttribute('data-motion')).toBe('full');
    expect(problems).toEqual([]);
  });

  it('draws a stream as partition strips with the groups reading them', async () => {
    await loadScenario('tour-kafka');
    await page.getByRole('button', { name: 'Play' }).click();
    await waitForClock(4);
    await page.getByTestId('topology').screenshot({ path: '/tmp/topology-tour-kafka.png' });
    await expect.poll(() => page.getByTestId('topology-summary').textContent(), { timeout: 5000 }).toMatch(/Stream payments, 6 partitions: [1-9]/);
    expect(problems).toEqual([]);
  });
});

describe.skipIf(chromiumPath === null)('the topology canvas’s frame cost in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath!);
  });

  afterAll(async () => {
    await browser?.close();
  });

  // Only that it works: how long a frame takes is measured by `npm run bench:ui`, never asserted in a test.
  it('animates about 5,000 dots in flight at once without errors', async () => {
    const bundle = await build({
      entryPoints: [join(import.meta.dirname, 'support/topology-perf-page.ts')],
      bundle: true,
      format: 'iife',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const raw: unknown = JSON.parse(await readFile(join(REPO_ROOT, 'scenarios', 'design-challenge.json'), 'utf8'));
    const valid = validateScenario(raw);
    if (!valid.ok) throw new Error('design-challenge does not validate');
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const result = await page.evaluate(
      (scenario) => (window as unknown as { topologyPerf: (s: unknown, dots: number, seconds: number) => Promise<{ frames: number; p50: number; p95: number; maxActive: number }> }).topologyPerf(scenario, 5000, 3),
      valid.scenario,
    );
    await page.close();
    expect(problems).toEqual([]);
    expect(result.frames).toBeGreaterThan(30);
    expect(result.maxActive).toBeGreaterThan(4500);
  });
});

