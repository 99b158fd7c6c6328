import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, failWithoutChromiumOnCi, recordProblems, useLabBrowser } from './support/browser-session';

failWithoutChromiumOnCi();

describe.skipIf(chromiumPath === null)('the "why" panel in Chromium', () => {
  const lab = useLabBrowser();
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    page = await lab.browser.newPage({ viewport: { width: 1280, height: 800 } });
    recordProblems(page, problems);
    await page.goto(lab.server.url);
    await page.locator('[data-testid="play"]:not([disabled])').waitFor();
    for (let i = 0; i < 60; i++) await page.getByRole('button', { name: 'Step one event' }).click();
  });

  it('tells the story of a message asked for by number', async () => {
    const why = page.getByTestId('why');
    await why.getByLabel('Message').fill('3');
    await why.getByRole('button', { name: 'Explain' }).click();
    const history = why.getByTestId('why-history');
    await expect.poll(() => history.locator('li').first().textContent()).toMatch(/published by signup to user-events$/);
    expect(await history.locator('li').count()).toBeGreaterThan(3);
    expect(problems).toEqual([]);
  });

  it('tells what a consumer did when its box is clicked in the topology', async () => {
    // In the design challenge the consumer groups are the right-hand column; email is the top one.
    const canvas = page.locator('[data-testid="topology"] canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    let clicked = false;
    for (const fy of [0.08, 0.12, 0.16, 0.2, 0.25]) {
      await page.mouse.click(box.x + box.width * 0.86, box.y + box.height * fy);
      clicked = await page
        .waitForFunction(() => document.querySelector('[data-testid="why"] h3')?.textContent?.startsWith('email#1') ?? false, undefined, { timeout: 1500 })
        .then(() => true)
        .catch(() => false);
      if (clicked) break;
    }
    expect(clicked).toBe(true);
    await page.screenshot({ path: '/tmp/why-1280x800.png', fullPage: true });
    expect(problems).toEqual([]);
  });
});
