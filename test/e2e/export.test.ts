import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, failWithoutChromiumOnCi, recordProblems, useLabBrowser } from './support/browser-session';

failWithoutChromiumOnCi();

describe.skipIf(chromiumPath === null)('exports in Chromium', () => {
  const lab = useLabBrowser();
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    page = await lab.browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    recordProblems(page, problems);
    await page.goto(lab.server.url);
    await page.locator('[data-testid="play"]:not([disabled])').waitFor();
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
