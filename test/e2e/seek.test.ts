import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pickFromLibrary } from './support/library';
import { chromiumPath, failWithoutChromiumOnCi, recordProblems, useLabBrowser } from './support/browser-session';

failWithoutChromiumOnCi();

describe.skipIf(chromiumPath === null)('seeking and stepping in the lab (Chromium)', () => {
  const lab = useLabBrowser();
  let page: Page;
  let problems: string[];

  beforeEach(async () => {
    problems = [];
    page = await lab.browser.newPage({ viewport: { width: 1280, height: 800 } });
    recordProblems(page, problems);
    await page.goto(lab.server.url);
    await page.getByRole('heading', { level: 1, name: /^Design challenge/ }).waitFor();
  });

  afterEach(async () => {
    await page?.close();
  });

  const clock = async (): Promise<number> => Number(await page.getByTestId('virtual-clock').getAttribute('data-time'));
  const events = async (): Promise<number> => Number(await page.getByTestId('events').getAttribute('data-value'));
  /** Points on the chart's ready line: one per sample, plus the live level when it is past the last sample. */
  const readyPoints = async (): Promise<number> => ((await page.locator('path.line-ready').first().getAttribute('d')) ?? '').split(/[ML]/).length - 1;
  const settledAt = (time: number): Promise<unknown> =>
    page.waitForFunction(
      (t) => Number(document.querySelector('[data-testid="virtual-clock"]')?.getAttribute('data-time')) === t && !document.querySelector('[data-testid="seek-status"]')?.textContent,
      time,
    );

  async function open(name: string | RegExp, heading: RegExp): Promise<void> {
    await pickFromLibrary(page, name);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.locator('[data-testid="play"]:not([disabled])').waitFor();
  }

  it('seeks with the keyboard on the labelled scrubber, forward to the end and back, with the chart redrawn from the start', async () => {
    await open('Checkout burst (load levelling)', /Checkout burst/);
    const scrubber = page.getByRole('slider', { name: 'Time' });
    await scrubber.focus();
    await page.keyboard.press('End');
    await settledAt(60);
    expect(await page.getByTestId('play').textContent()).toMatch(/Replay/);
    // 60 s at one sample per 0.25 s: 241 points.
    await expect.poll(readyPoints).toBe(241);

    // PageDown jumps ten steps (1 s each on a 60 s run): a seek back, re-simulated from the start.
    await page.keyboard.press('PageDown');
    await settledAt(50);
    expect(await scrubber.getAttribute('aria-valuetext')).toBe('50.0 s of 60.0 s');
    expect(await page.getByTestId('scrubber-time').textContent()).toMatch(/^50\.0 s of 60\.0 s$/);
    // The chart holds the history up to 50 s only, not the old run's samples as well.
    await expect.poll(readyPoints).toBe(201);

    // Arrows step it, Home goes back to the start; the arrows do not also step the run.
    await page.keyboard.press('ArrowRight');
    await settledAt(51);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await settledAt(49);
    await page.keyboard.press('Home');
    await settledAt(0);
    expect(await events()).toBe(0);
    await expect.poll(readyPoints).toBe(1);

    // A click on the track seeks there once the pointer is let go.
    const box = (await scrubber.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    await page.waitForFunction(() => !document.querySelector('[data-testid="seek-status"]')?.textContent);
    await expect.poll(clock).toBeGreaterThan(40);
    expect(await clock()).toBeLessThan(50);
    await scrubber.focus();
    await page.keyboard.press('Home');
    await settledAt(0);

    await page.keyboard.press('PageUp');
    await page.keyboard.press('PageUp');
    await settledAt(20);
    await page.getByRole('region', { name: 'Playback' }).screenshot({ path: '/tmp/seek-controls.png' });
    await page.screenshot({ path: '/tmp/seek-page.png' });
    expect(problems).toEqual([]);
  });

  it('a backward seek shows the same counts as playing straight to that time', async () => {
    await open('Checkout burst (load levelling)', /Checkout burst/);
    const scrubber = page.getByRole('slider', { name: 'Time' });
    await scrubber.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('PageUp');
    await settledAt(30);
    const straight = { events: await events(), published: await page.getByTestId('producers-checkout-published').textContent() };
    await page.keyboard.press('End');
    await settledAt(60);
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await settledAt(30);
    expect({ events: await events(), published: await page.getByTestId('producers-checkout-published').textContent() }).toEqual(straight);
    expect(problems).toEqual([]);
  });

  it('steps one event with →, and to the next interesting event with Shift+→, saying what happened', async () => {
    await open(/^Backpressure: dropping/, /Backpressure: dropping/);
    await page.keyboard.press('ArrowRight');
    await expect.poll(events).toBe(1);
    // The first caption is at 0 s, already shown; the first drop is the queue overflowing at 4.2 s.
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => page.getByTestId('interesting').textContent()).toMatch(/^Next: dropped m\d+ at prices \(maxlen\) at 4\.2 s$/);
    expect(await clock()).toBeCloseTo(4.227, 2);
    const first = await clock();
    const firstText = await page.getByTestId('interesting').textContent();
    await page.getByRole('button', { name: 'Next interesting' }).click();
    // The next drop is another message: wait for the worker's answer before reading the clock.
    await expect.poll(() => page.getByTestId('interesting').textContent()).not.toBe(firstText);
    expect(await page.getByTestId('interesting').textContent()).toMatch(/^Next: dropped m\d+ at prices \(maxlen\) at 4\.\d s$/);
    await expect.poll(clock).toBeGreaterThan(first);
    await page.getByRole('region', { name: 'Playback' }).screenshot({ path: '/tmp/seek-interesting.png' });
    expect(problems).toEqual([]);
  });
});
