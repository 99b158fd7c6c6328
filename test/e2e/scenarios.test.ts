import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime/run';
import { loadScenarioText } from '../../src/scenario';
import { bytesToBase64url } from '../../src/ui/share/base64url';
import { encodeShare } from '../../src/ui/share/codec';
import { deflate } from '../../src/ui/share/inflate';
import { chromiumPath, failWithoutChromiumOnCi, recordProblems, useLabBrowser } from './support/browser-session';
import { REPO_ROOT } from './support/lab-server';
import { pickFromLibrary } from './support/library';

failWithoutChromiumOnCi();

const scenarioFile = (name: string) => readFile(join(REPO_ROOT, 'scenarios', name), 'utf8');
const DESIGN_HEADING = /^Design challenge: one event, three services/;

describe.skipIf(chromiumPath === null)('scenarios in the lab, in Chromium', () => {
  const lab = useLabBrowser();
  let context: BrowserContext;
  let page: Page;
  /** Console errors and warnings, page errors and failed requests seen by the pages of the current test. */
  let problems: string[];

  const watch = (p: Page): Page => {
    recordProblems(p, problems);
    return p;
  };

  /** A page in a fresh context (its own storage and clipboard), watched for problems. */
  const freshPage = async (): Promise<Page> => {
    context = await lab.browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
    return watch(await context.newPage());
  };

  const ready = (p: Page) => p.locator('[data-testid="play"]:not([disabled])').waitFor();
  const clock = async (p: Page): Promise<number> => Number(await p.getByTestId('virtual-clock').getAttribute('data-time'));
  const status = (p: Page) => p.getByTestId('scenario-status');

  /** Runs the loaded scenario to its end and reads the trace hash the run summary shows. */
  const traceHashOf = async (p: Page): Promise<string> => {
    await p.getByRole('button', { name: 'Run to end' }).click();
    const hash = p.getByTestId('trace-hash');
    await hash.waitFor({ timeout: 60_000 });
    return (await hash.textContent()) ?? '';
  };

  beforeEach(async () => {
    problems = [];
    page = await freshPage();
  });

  afterEach(async () => {
    await context?.close();
  });

  it('opens on the design challenge, paused at t = 0 and ready to play, without fetching the rest of the library', async () => {
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(lab.server.url);
    await page.getByRole('heading', { level: 1, name: DESIGN_HEADING }).waitFor();
    await ready(page);
    await expect.poll(() => page.getByText(/USER_CREATED about 3 times a second/).count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Play' }).isEnabled()).toBe(true);
    expect(await clock(page)).toBe(0);
    await page.waitForTimeout(300);
    // Each library file is a chunk of its own, fetched when picked: none is needed to start.
    // (schema.json is the scenarios' JSON Schema, not a scenario; the lab's own schema-* chunks are code.)
    const files = (await readdir(join(REPO_ROOT, 'scenarios'))).filter((f) => f.endsWith('.json') && f !== 'schema.json').map((f) => f.slice(0, -5));
    expect(files.length).toBeGreaterThan(40);
    expect(scripts.filter((path) => files.some((id) => path.startsWith(`/assets/${id}-`)))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('picks a library scenario with a variant from the keyboard, and plays it', async () => {
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(lab.server.url);
    await ready(page);
    await page.getByRole('button', { name: 'Library…' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Scenario library' });
    await dialog.waitFor();
    // Focus starts inside the dialog, on the scenario that is open.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('design-challenge');
    await dialog.getByRole('radio', { name: /Retention and replay/ }).check();
    await dialog.getByLabel('Variant').selectOption('short-retention');
    await expect.poll(() => dialog.locator('.library-variant-note').textContent()).not.toBe('');
    await page.screenshot({ path: '/tmp/s6-picker.png' });

    await dialog.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { level: 1, name: /^Retention and replay/ }).waitFor();
    expect(await page.locator('.variant-chip').textContent()).toBe('variant: short-retention');
    // The file came as its own chunk, fetched when it was selected.
    expect(scripts.filter((path) => path.startsWith('/assets/retention-replay-'))).toHaveLength(1);
    await ready(page);
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="virtual-clock"]')?.getAttribute('data-time')) >= 0.5);
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await clock(page)).toBeGreaterThanOrEqual(0.5);

    // Escape closes the picker without changing anything.
    await page.getByRole('button', { name: 'Library…' }).click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Retention and replay/);
    expect(problems).toEqual([]);
  });

  it('lists an invalid edit with its JSON path and puts the caret there, keeping the run', async () => {
    await page.goto(lab.server.url);
    await ready(page);
    await page.getByRole('button', { name: 'Edit JSON…' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit the scenario' });
    const text = editor.getByLabel('Scenario JSON');
    const original = await text.inputValue();
    expect(original).toBe(await scenarioFile('design-challenge.json'));
    const broken = original.replace('"perSecond": 3', '"perSecond": -3');
    await text.fill(broken);
    await editor.getByRole('button', { name: 'Apply' }).click();
    const error = editor.getByRole('alert').locator('li').first();
    await error.waitFor();
    expect(await error.locator('code').textContent()).toBe('producers[0].rate.perSecond');
    await error.getByRole('button').click();
    const selected = await text.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd));
    expect(selected).toBe('"perSecond": -3');
    expect(await text.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: '/tmp/s6-editor-error.png' });

    // A syntax error is placed by its line and column.
    const unparsable = original.replace('"seed": 11,', '"seed": 11');
    await text.fill(unparsable);
    await editor.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => error.textContent()).toMatch(/is not valid JSON: .* at line 7, column 3/);
    await error.getByRole('button').click();
    const syntaxCaret = await text.evaluate((el: HTMLTextAreaElement) => el.selectionStart);
    expect(unparsable.slice(syntaxCaret).startsWith('"duration"')).toBe(true);

    // Nothing was applied: the design challenge is still loaded and ready.
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await editor.waitFor({ state: 'detached' });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(DESIGN_HEADING);
    await ready(page);
    expect(problems).toEqual([]);
  });

  it('applies a valid edit and saves the JSON under the scenario name', async () => {
    await page.goto(lab.server.url);
    await ready(page);
    await page.getByRole('button', { name: 'Edit JSON…' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit the scenario' });
    const text = editor.getByLabel('Scenario JSON');
    const edited = (await text.inputValue()).replace('"name": "Design challenge: one event', '"name": "My challenge: one event');
    await text.fill(edited);
    await editor.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('heading', { level: 1, name: /^My challenge: one event/ }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('my-challenge-one-event-three-services-and-one-more-later.json');
    expect(await readFile((await download.path())!, 'utf8')).toBe(edited);
    expect(problems).toEqual([]);
  });

  it('shares a link that opens the same scenario, variant and seed in a fresh page, with the same trace hash', async () => {
    await page.goto(lab.server.url);
    await ready(page);
    await pickFromLibrary(page, DESIGN_HEADING, 'queue');
    await page.locator('.variant-chip', { hasText: 'queue' }).waitFor();
    await ready(page);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => status(page).textContent()).toMatch(/^Link copied/);
    const url = page.url();
    expect(url).toMatch(/#s=[A-Za-z0-9_-]+$/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    const here = await traceHashOf(page);

    const other = watch(await context.browser()!.newContext().then((c) => c.newPage()));
    try {
      await other.goto(url);
      await expect.poll(() => status(other).textContent()).toBe('Opened the scenario from the link.');
      await other.getByRole('heading', { level: 1, name: DESIGN_HEADING }).waitFor();
      expect(await other.locator('.variant-chip').textContent()).toBe('variant: queue');
      await ready(other);
      const there = await traceHashOf(other);
      expect(there).toBe(here);
    } finally {
      await other.context().close();
    }

    // And Node, running the file with --variant queue, agrees.
    const loaded = loadScenarioText(await scenarioFile('design-challenge.json'), [], 'queue');
    if (!loaded.ok) throw new Error('the design challenge does not validate with its queue variant');
    expect(here).toBe(runScenario(loaded.scenario).traceHash);
    expect(problems).toEqual([]);
  });

  describe('refuses a hostile link safely, with a message and the design challenge still open', () => {
    const refuses = async (fragment: string, message: RegExp) => {
      await page.goto(`${lab.server.url}${fragment}`);
      await expect.poll(() => status(page).textContent()).toMatch(message);
      await page.getByRole('heading', { level: 1, name: DESIGN_HEADING }).waitFor();
      await ready(page);
      await page.waitForTimeout(200);
      expect(problems).toEqual([]);
    };

    it('renders script tags in a shared name as text, running nothing', async () => {
      const name = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">';
      const text = (await scenarioFile('checkout-burst.json')).replace('"Checkout burst (load levelling)"', JSON.stringify(name));
      await page.goto(`${lab.server.url}${await encodeShare({ text })}`);
      await page.getByRole('heading', { level: 1, name }).waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
      expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(problems).toEqual([]);
    });

    it('script tags in place of the payload', () => refuses('#s=%3Cscript%3Ealert(1)%3C/script%3E', /not valid base64url/));

    it('a payload that inflates past the size limit (a zip bomb)', async () => {
      const bomb = bytesToBase64url(await deflate(new Uint8Array(64 * 1024 * 1024).fill(0x20)));
      await refuses(`#s=${bomb}`, /larger than the limit of 1 MiB once decompressed/);
      await page.screenshot({ path: '/tmp/s6-link-refused.png' });
    });

    it('a payload longer than the limit', () => refuses(`#s=${'A'.repeat(300_000)}`, /The link is too long \(300000 characters/));

    it('a scenario nested 100,000 deep', async () => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      await refuses(await encodeShare({ text: deep }), /nests objects or lists deeper than 32 levels/);
    });

    it('a scenario that is not valid, listing its problems', async () => {
      await refuses(await encodeShare({ text: '{"version": 1, "name": "x"}' }), /Its scenario is not valid: .*duration/);
    });
  });

  it('opens a scenario file dropped anywhere on the lab, showing a drop target while dragging', async () => {
    await page.goto(lab.server.url);
    await ready(page);
    const text = await scenarioFile('checkout-burst.json');
    const dataTransfer = await page.evaluateHandle((content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], 'checkout-burst.json', { type: 'application/json' }));
      return transfer;
    }, text);
    await page.dispatchEvent('.workspace', 'dragenter', { dataTransfer });
    await page.locator('.drop-target').waitFor();
    await page.screenshot({ path: '/tmp/s6-drop.png' });
    await page.dispatchEvent('.workspace', 'drop', { dataTransfer });
    await page.locator('.drop-target').waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1, name: /^Checkout burst/ }).waitFor();
    expect(await status(page).textContent()).toBe('Opened checkout-burst.json.');
    expect(problems).toEqual([]);
  });

  it('opens a scenario file from "Open file…", and refuses one over 1 MiB', async () => {
    await page.goto(lab.server.url);
    await ready(page);
    const input = page.getByTestId('scenario-file');
    await input.setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.alloc(2 * 1024 * 1024, 0x20) });
    await expect.poll(() => status(page).textContent()).toBe('"big.json" is 2.0 MiB; the lab opens scenario files up to 1.0 MiB.');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(DESIGN_HEADING);

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open file…' }).click()]);
    await chooser.setFiles({ name: 'tour-kafka.json', mimeType: 'application/json', buffer: Buffer.from(await scenarioFile('tour-kafka.json')) });
    await page.getByRole('heading', { level: 1, name: /^Technology tour: Apache Kafka/ }).waitFor();
    await ready(page);
    expect(problems).toEqual([]);
  });
});
