import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime/run';
import { loadScenarioText } from '../../src/scenario';
import { chromiumPath, failWithoutChromiumOnCi, openLab, useLabBrowser } from './support/browser-session';
import { pickFromLibrary } from './support/library';

failWithoutChromiumOnCi();

describe.skipIf(chromiumPath === null)('live changes in the lab (Chromium)', () => {
  const lab = useLabBrowser();
  let page: Page;
  let problems: string[];

  beforeEach(async () => {
    problems = [];
    page = await openLab(lab, problems, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  });

  afterEach(async () => {
    await page?.close();
  });

  const live = () => page.getByTestId('live');
  /** Waits until the run is paused at `time` with no seek under way and no change pending. */
  const settledAt = (time: number): Promise<unknown> =>
    page.waitForFunction(
      (t) =>
        Number(document.querySelector('[data-testid="virtual-clock"]')?.getAttribute('data-time')) === t &&
        !document.querySelector('[data-testid="seek-status"]')?.textContent &&
        !document.querySelector('[data-testid="live"] fieldset:disabled'),
      time,
    );
  const seek = async (time: number): Promise<void> => {
    await page.getByTestId('scrubber').fill(String(time));
    await settledAt(time);
  };
  /** The outcome table's "gets every event?" answer per group. */
  const gets = async (): Promise<Record<string, string | null>> => {
    const rows = page.getByTestId('outcome').locator('tbody tr');
    const answers: Record<string, string | null> = {};
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      const group = (await row.locator('th').first().textContent())?.replace(/reads .*$/, '').trim() ?? '';
      answers[group] = await row.locator('[data-gets]').getAttribute('data-gets').catch(() => null);
    }
    return answers;
  };
  const savedText = async (): Promise<string> => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    return readFile((await (await download).path())!, 'utf8');
  };

  it('fits the change panel in the side column without making the page scroll sideways', async () => {
    for (const name of [null, /Kafka/, /^Backpressure: throttling/]) {
      if (name !== null) {
        await pickFromLibrary(page, name);
        await page.locator('[data-testid="play"]:not([disabled])').waitFor();
      }
      await live().waitFor();
      const widths = await page.evaluate(() => ({ client: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth }));
      expect(widths.scroll, String(name)).toBe(widths.client);
    }
    // Present mode's larger type too, where the panel stays for changing the run in front of the class.
    await page.getByTestId('present-toggle').click();
    await page.locator('.lab.present').waitFor();
    const present = await page.evaluate(() => ({ client: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth }));
    expect(present.scroll).toBe(present.client);
    await page.getByTestId('present-toggle').click();
    expect(problems).toEqual([]);
  });

  it('switches the design challenge from topic to queue to stream at 30 s, and the outcome table changes as the chapter says', async () => {
    await seek(30);
    expect(await gets()).toMatchObject({ email: 'yes', profile: 'yes', metrics: 'yes' });

    await live().getByRole('radio', { name: 'Queue' }).click();
    await expect.poll(async () => (await gets()).email).toBe('no');
    await settledAt(30);
    // Competing consumers: each service sees about a third of the sign-ups.
    expect(await gets()).toMatchObject({ email: 'no', profile: 'no', metrics: 'no' });
    expect(await live().getByRole('radio', { name: 'Queue' }).isChecked()).toBe(true);

    await live().getByRole('radio', { name: 'Stream' }).click();
    await expect.poll(async () => (await gets()).email).toBe('yes');
    await settledAt(30);
    expect(await gets()).toMatchObject({ email: 'yes', profile: 'yes', metrics: 'yes' });
    expect(problems).toEqual([]);
  });

  it('reshapes a scenario without shape variants (the shared-queue sign-ups) onto a topic, where every service gets every event', async () => {
    await pickFromLibrary(page, /^Sign-ups on one shared queue/);
    await page.getByRole('heading', { level: 1, name: /^Sign-ups on one shared queue/ }).waitFor();
    await page.locator('[data-testid="play"]:not([disabled])').waitFor();
    await seek(40);
    expect(await gets()).toMatchObject({ email: 'no', profile: 'no', metrics: 'no' });
    await live().getByRole('radio', { name: 'Topic' }).click();
    await expect.poll(async () => (await gets()).email).toBe('yes');
    await settledAt(40);
    expect(await gets()).toMatchObject({ email: 'yes', profile: 'yes', metrics: 'yes' });
    expect(await live().getByText(/^The same producers and groups on a topic, reshaped by the lab\./).isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('changes the backpressure strategy at the current time, and the saved session replays to the same trace hash in Node', async () => {
    await pickFromLibrary(page, /^Backpressure: buffering/);
    await page.getByRole('heading', { level: 1, name: /^Backpressure: buffering/ }).waitFor();
    await page.locator('[data-testid="play"]:not([disabled])').waitFor();
    await seek(20);
    await live().getByLabel('Strategy').selectOption('drop-oldest');
    await live().getByRole('listitem').filter({ hasText: 'Backpressure: drop the oldest (bound 800)' }).waitFor();
    await settledAt(20);
    expect(await live().getByRole('listitem').first().textContent()).toBe('20.0 s Backpressure: drop the oldest (bound 800)');

    await page.getByRole('button', { name: 'Run to end' }).click();
    const hash = page.getByTestId('trace-hash');
    await hash.waitFor({ timeout: 60_000 });

    const saved = loadScenarioText(await savedText());
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const replay = runScenario(saved.scenario);
    expect(await hash.textContent()).toBe(replay.traceHash);
    // From 20 s on a full queue drops its oldest reading instead of refusing the new one: the burst at 30 s is dropped at the broker.
    expect(replay.producers.sensors!.rejected).toBe(0);
    expect(replay.brokers.readings!.droppedBy.maxlen).toBeGreaterThan(300);
    expect(problems).toEqual([]);
  });

  it('scales a group from its field, names the change, refuses a bad value with what would be valid, and undoes the change', async () => {
    await seek(12);
    const instances = live().getByLabel('email instances');
    await instances.fill('-2');
    await instances.press('Enter');
    await expect.poll(() => live().getByRole('alert').textContent()).toBe('email instances must be a whole number from 0 to 1000.');
    expect(await live().getByRole('listitem').count()).toBe(0);

    await instances.fill('3');
    await instances.press('Enter');
    await live().getByRole('listitem').filter({ hasText: 'email: 3 instances' }).waitFor();
    await settledAt(12);
    await expect.poll(() => page.getByTestId('topology-summary').textContent()).toContain('Consumer group email, reads email-sub: 3 of 3 instances up');
    expect(await instances.inputValue()).toBe('3');

    await live().getByRole('button', { name: 'Undo last change' }).click();
    await expect.poll(() => live().getByRole('listitem').count()).toBe(0);
    await settledAt(12);
    expect(await instances.inputValue()).toBe('1');
    expect(problems).toEqual([]);
  });
});
