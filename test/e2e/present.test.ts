import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumRequired, findChromium, launchChromium } from './support/chromium';
import { buildLab, serveLab, type LabServer } from './support/lab-server';

const chromiumPath = findChromium();

if (chromiumPath === null && chromiumRequired) {
  it('finds Chromium, which CI=true requires for the browser tests', () => {
    expect.fail('CI=true but no Chromium was found at $CHROMIUM_PATH or /usr/bin/chromium');
  });
}

describe.skipIf(chromiumPath === null)('present mode and narration in Chromium', () => {
  let server: LabServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await serveLab(await buildLab());
    browser = await launchChromium(chromiumPath!);
    // A projector's size.
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(server.url);
    await page.locator('[data-testid="play"]:not([disabled])').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('narrates the design challenge from its captions as the clock passes them', async () => {
    await expect.poll(() => page.getByTestId('narration').textContent()).toContain('Press play');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.getByTestId('narration').textContent(), { timeout: 10_000 }).toContain('USER_CREATED events start flowing');
    expect(problems).toEqual([]);
  });

  it('in present mode shows the narration, canvas and outcome in large type without the editing controls', async () => {
    await page.getByTestId('present-toggle').click();
    await expect.poll(() => page.locator('.lab.present').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Library…' }).isVisible()).toBe(false);
    expect(await page.locator('.description').isVisible()).toBe(false);
    expect(await page.getByTestId('narration').isVisible()).toBe(true);
    expect(await page.getByTestId('topology').isVisible()).toBe(true);
    const narrationSize = await page.getByTestId('narration').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(narrationSize).toBeGreaterThanOrEqual(24);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: '/tmp/present-1280x720.png' });
    await page.getByTestId('present-toggle').click();
    await expect.poll(() => page.locator('.lab.present').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
