import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { buildLab, serveLab, type LabServer } from './support/lab-server';
import { pickFromLibrary } from './support/library';
import { chromiumPath, failWithoutChromiumOnCi, recordProblems } from './support/browser-session';

failWithoutChromiumOnCi();

/** The tabs of the charts panel, with a line class each chart must draw. */
const CHARTS = [
  { tab: 'Depth', id: 'depth', line: 'path.line-ready' },
  { tab: 'Lag', id: 'lag', line: 'path.line-lag' },
  { tab: 'Throughput', id: 'throughput', line: 'path.line-acked' },
  { tab: 'Latency', id: 'latency', line: 'path.line-p99' },
  { tab: 'Problems', id: 'problems', line: 'path.line-dead-lettered' },
] as const;

describe.skipIf(chromiumPath === null)('the lab’s charts in Chromium', () => {
  let server: LabServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await serveLab(await buildLab());
    browser = await launchChromium(chromiumPath!);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    recordProblems(page, problems);
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1, name: /^Design challenge/ }).waitFor();
    await pickFromLibrary(page, /^Anti-pattern: no monitoring/, 'fixed');
    await page.getByRole('heading', { level: 1, name: /no monitoring/ }).waitFor();
    await page.locator('[data-testid="finish"]:not([disabled])').click();
    await page.locator('[data-testid="finish"][disabled]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="virtual-clock"]')?.getAttribute('data-time')) >= 360);
  }, 120_000);

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await server?.close();
  });

  /** Number of points of the first path matching `selector` in the visible chart. */
  const pointsOf = async (id: string, selector: string): Promise<number> => {
    const d = (await page.getByTestId(`${id}-chart`).locator(selector).first().getAttribute('d')) ?? '';
    return d.split(/[ML]/).filter((s) => s.trim() !== '').length;
  };

  it.each(CHARTS)('draws the $tab chart over the whole run when its tab is chosen, with the alert markers on its time axis', async ({ tab, id, line }) => {
    await page.getByRole('tab', { name: tab }).click();
    const panel = page.getByRole('tabpanel', { name: tab });
    await panel.locator(line).first().waitFor();
    // 360 s sampled every 2 s: one point per sample (latency may leave gaps, never many).
    expect(await pointsOf(id, line)).toBeGreaterThan(150);
    await expect.poll(() => panel.locator('line.alert-marker').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => panel.locator('g.alert-span[data-alert="fulfilment-behind"]').count()).toBe(1);
    expect(await panel.locator('line.cursor').getAttribute('visibility')).toBe('visible');
    await page.locator('.chart-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/charts-${id}.png` });
    await page.locator('.chart-panel').screenshot({ path: `/tmp/charts-${id}-panel.png` });
    expect(problems).toEqual([]);
  });

  it('lists the latest value of each line in the legend, its text alternative', async () => {
    await page.getByRole('tab', { name: 'Lag' }).click();
    const lag = Number((await page.getByTestId('lag-fulfilment').textContent())?.replace(/,/g, ''));
    // Fulfilment stays slow to the end: hundreds of orders behind.
    expect(lag).toBeGreaterThan(200);
    await page.getByRole('tab', { name: 'Throughput' }).click();
    expect(Number(await page.getByTestId('rate-published').textContent())).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('rate-acked-payments').textContent())).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('moves between the chart tabs with the arrow keys', async () => {
    await page.getByRole('tab', { name: 'Depth' }).click();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Lag' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Lag');
    await page.keyboard.press('End');
    expect(await page.getByRole('tab', { name: 'Problems' }).getAttribute('aria-selected')).toBe('true');
    expect(problems).toEqual([]);
  });

  it('offers lag per partition only where a group reads a stream, and then draws one line per partition on demand', async () => {
    await page.getByRole('tab', { name: 'Lag' }).click();
    expect(await page.getByRole('checkbox', { name: 'Per partition' }).count()).toBe(0);
    await pickFromLibrary(page, /^Sign-ups on a stream/);
    await page.getByRole('heading', { level: 1, name: /Sign-ups on a stream/ }).waitFor();
    await page.locator('[data-testid="finish"]:not([disabled])').click();
    await page.locator('[data-testid="finish"][disabled]').waitFor({ timeout: 60_000 });
    const chart = page.getByTestId('lag-chart');
    await chart.locator('path.line-lag').first().waitFor();
    expect(await chart.locator('path.line-lag-partition').count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Per partition' }).check();
    // Every group that reads user-events (3 partitions), the late fraud group included.
    const groups = await chart.locator('path.line-lag').count();
    expect(groups).toBeGreaterThanOrEqual(3);
    await expect.poll(() => chart.locator('path.line-lag-partition').count()).toBe(groups * 3);
    await page.locator('.chart-panel').screenshot({ path: '/tmp/charts-lag-partitions-panel.png' });
    await page.getByRole('checkbox', { name: 'Per partition' }).uncheck();
    await expect.poll(() => chart.locator('path.line-lag-partition').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
