import { readFile } from 'node:fs/promises';
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

describe.skipIf(chromiumPath === null)('exports in Chromium', () => {
  let server: LabServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await serveLab(await buildLab());
    browser = await launchChromium(chromiumPath!);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
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

  it('downloads the trace so far as NDJSON, one parseable record per line, as many as it says', async () => {
    for (let i = 0; i < 40; i++) await page.getByRole('button', { name: 'Step one event' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export trace' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^design-challenge.*-trace\.ndjson$/);
    const lines = (await readFile((await file.path())!, 'utf8')).trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line) as { kind: string; time: number });
    expect(records[0]!.kind).toBe('published');
    await expect.poll(() => page.getByTestId('export-status').textContent()).toMatch(new RegExp(`^Exported ${records.length} trace records up to `));
    expect(problems).toEqual([]);
  });

  it('downloads the report so far as JSON', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export report' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/-report\.json$/);
    const report = JSON.parse(await readFile((await file.path())!, 'utf8')) as { traceHash: string; groups: Record<string, unknown> };
    expect(report.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.keys(report.groups)).toContain('email');
    expect(problems).toEqual([]);
  });
});
