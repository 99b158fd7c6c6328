import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, failWithoutChromiumOnCi, openLab, useLabBrowser } from './support/browser-session';

failWithoutChromiumOnCi();

describe.skipIf(chromiumPath === null)('present mode and narration in Chromium', () => {
  const lab = useLabBrowser();
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    page = await openLab(lab, problems, { viewport: { width: 1280, height: 720 } });
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
    // The whole canvas fits on the projector, below the title, narration and controls.
    await expect.poll(() => page.getByTestId('topology').evaluate((el) => el.getBoundingClientRect().bottom)).toBeLessThanOrEqual(720);
    expect(await page.getByTestId('topology').evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThanOrEqual(240);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: '/tmp/present-1280x720.png' });
    await page.getByTestId('present-toggle').click();
    await expect.poll(() => page.locator('.lab.present').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
