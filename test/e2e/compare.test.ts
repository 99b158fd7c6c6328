import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, failWithoutChromiumOnCi, openLab, useLabBrowser } from './support/browser-session';

failWithoutChromiumOnCi();

describe.skipIf(chromiumPath === null)('compare mode in Chromium', () => {
  const lab = useLabBrowser();
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    // A classroom projector's size: the two columns must be readable here.
    page = await openLab(lab, problems, { viewport: { width: 1280, height: 720 } });
  });

  const column = (side: 'a' | 'b'): Locator => page.getByTestId(`compare-column-${side}`);
  const clockText = (side: 'a' | 'b'): Promise<string | null> => page.getByTestId(`compare-clock-${side}`).textContent();
  /** Each row's answer to "gets every USER_CREATED?" in a column: "yes", "no" or "" (nothing offered yet). */
  const answers = (side: 'a' | 'b'): Promise<string[]> =>
    column(side)
      .locator('.outcome-table tbody tr td:first-of-type .gets')
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-gets') ?? ''));

  it('compares queue with stream on one clock: the queue column has a service missing events, the stream column none', async () => {
    await page.getByRole('button', { name: 'Compare…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Compare two variants' });
    await expect.poll(() => dialog.getByLabel('A (left)').inputValue().then((i) => dialog.getByLabel('A (left)').locator(`option[value="${i}"]`).textContent())).toBe('queue');
    expect(await dialog.getByText('One shared queue: the services compete for each event, so each sees a share.').count()).toBe(1);
    await dialog.screenshot({ path: '/tmp/compare-dialog.png' });
    await dialog.getByRole('button', { name: 'Compare', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(() => column('a').getByRole('heading', { level: 2 }).first().textContent()).toBe('A · queue');
    await expect.poll(() => column('b').getByRole('heading', { level: 2 }).first().textContent()).toBe('B · stream');
    const play = page.getByTestId('compare-play');
    await play.and(page.locator(':not([disabled])')).waitFor();

    // ×50: four steps up from ×2 on the shared speed slider.
    const speed = page.getByRole('slider', { name: 'Speed' });
    await speed.focus();
    for (let i = 0; i < 4; i++) await speed.press('ArrowRight');
    await expect.poll(() => page.locator('output[for="compare-speed"]').textContent()).toBe('×50');

    // Past 60 s, when Fraud Detection joins (and, on the stream, replays from the earliest offset).
    await play.click();
    await page.waitForFunction(() => Number.parseFloat(document.querySelector('[data-testid="compare-time"]')?.textContent ?? '0') >= 80);
    await page.getByRole('button', { name: 'Pause' }).click();

    // Paused, then aligned: both columns show the same time, and it holds still.
    await expect.poll(async () => {
      const [a, b] = [await clockText('a'), await clockText('b')];
      return a !== null && a === b && a.endsWith('paused') ? a : `${a} / ${b}`;
    }, { timeout: 15_000 }).toMatch(/^\d+\.\d s paused$/);
    const aligned = await clockText('a');
    expect(Number.parseFloat(aligned!)).toBeGreaterThanOrEqual(80);
    expect(await page.getByTestId('compare-time').textContent()).toMatch(new RegExp(`^${Number.parseFloat(aligned!).toFixed(1)} s`));

    // The shared queue: the services compete, so a service gets only a share. The stream: every one gets all.
    await expect.poll(() => answers('a')).toContain('no');
    const stream = await answers('b');
    expect(stream).toHaveLength(4);
    expect(stream.every((answer) => answer === 'yes')).toBe(true);
    expect(await column('a').getByRole('columnheader', { name: 'Gets every USER_CREATED?' }).count()).toBe(1);
    await expect.poll(() => column('a').getByTestId('invariants-badge').count()).toBe(1);
    await expect.poll(() => column('b').getByTestId('invariants-badge').count()).toBe(1);

    await page.screenshot({ path: '/tmp/compare.png' });
    await page.screenshot({ path: '/tmp/compare-full.png', fullPage: true });
    expect(problems).toEqual([]);
  });

  /** Waits until both columns show the same paused or finished time, and returns it. */
  const alignedTime = async (): Promise<number> => {
    await expect
      .poll(async () => {
        const [a, b] = [await clockText('a'), await clockText('b')];
        return a !== null && a === b && /(paused|finished)$/.test(a) ? 'aligned' : `${a} / ${b}`;
      }, { timeout: 15_000 })
      .toBe('aligned');
    return Number.parseFloat((await clockText('a'))!);
  };

  it('seeks both with the shared scrubber and steps both with the → key, meeting at one time each time', async () => {
    const scrubber = page.getByRole('slider', { name: 'Time' });
    await scrubber.focus();
    await scrubber.press('Home');
    await expect.poll(alignedTime).toBe(0);
    // Ten steps of 2 s (a 1 % step of 120 s, rounded up to a round number).
    await scrubber.press('PageUp');
    await expect.poll(alignedTime).toBe(20);
    // The shortcut, from the page rather than the slider (whose arrows are its own).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('ArrowRight');
    await expect.poll(alignedTime).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  it('links the chart tabs of the two columns and returns to the single lab on Exit compare', async () => {
    await column('a').getByRole('tab', { name: 'Throughput' }).click();
    expect(await column('b').getByRole('tab', { name: 'Throughput' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('button', { name: 'Exit compare' }).click();
    await page.getByTestId('play').waitFor();
    expect(await page.getByTestId('compare-column-a').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Compare…');
    await page.getByRole('region', { name: 'Scenario' }).screenshot({ path: '/tmp/compare-button.png' });
    expect(problems).toEqual([]);
  });
});
