import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, failWithoutChromiumOnCi, openLab, useLabBrowser } from './support/browser-session';

failWithoutChromiumOnCi();

describe.skipIf(chromiumPath === null)('exports in Chromium', () => {
  const lab = useLabBrowser();
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    page = await openLab(lab, problems, { acceptDownloads: true });
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

  it('downloads the chart samples so far as CSV: a header with units, one row per sample, time increasing', async () => {
    await page.getByTestId('play').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="virtual-clock"]')?.getAttribute('data-time')) >= 5);
    await page.getByTestId('play').click();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export metrics (CSV)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^design-challenge.*-metrics\.csv$/);
    const [header, ...rows] = (await readFile((await file.path())!, 'utf8')).trimEnd().split('\r\n');
    const columns = header!.split(',');
    expect(columns.slice(0, 1)).toEqual(['time_s']);
    expect(columns).toEqual(expect.arrayContaining(['published_per_s', 'acked_per_s', 'dead_lettered_per_s', 'email_acked_per_s', 'email_p99_s', 'email_lag']));
    expect(columns.filter((c) => c.endsWith('_depth')).length).toBeGreaterThan(0);
    expect(rows.every((row) => row.split(',').length === columns.length)).toBe(true);
    const times = rows.map((row) => Number(row.split(',')[0]));
    expect(times.every((t, i) => i === 0 || t > times[i - 1]!)).toBe(true);
    // Every sample from time 0 on, none missing: the rows are one sample interval apart.
    const interval = times[1]! - times[0]!;
    expect(times[0]).toBe(0);
    expect(times.every((t, i) => Math.abs(t - i * interval) < 1e-6)).toBe(true);
    const status = (await page.getByTestId('export-status').textContent()) ?? '';
    expect(status).toBe(`Exported ${rows.length} samples up to ${times[times.length - 1]!.toFixed(1)} s.`);
    expect(times[times.length - 1]).toBeGreaterThanOrEqual(5);
    expect(problems).toEqual([]);
  });

  it('saves the chart on show as a standalone SVG with its axis text, inlined styles, heading and legend', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save chart as SVG' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^design-challenge.*-depth\.svg$/);
    const text = await readFile((await file.path())!, 'utf8');
    const svg = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        failed: doc.querySelector('parsererror') !== null,
        namespace: root.namespaceURI,
        texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? ''),
        lineStyle: doc.querySelector('path.line')?.getAttribute('style') ?? '',
        tickStyle: doc.querySelector('.axis text')?.getAttribute('style') ?? '',
        links: doc.querySelectorAll('link, style').length,
      };
    }, text);
    expect(svg.failed).toBe(false);
    expect(svg.namespace).toBe('http://www.w3.org/2000/svg');
    expect(svg.links).toBe(0);
    expect(svg.texts).toContain('Virtual time (s)');
    // The heading: the scenario, then the chart and the virtual time it covers.
    expect(svg.texts.some((t) => t.startsWith('Design challenge'))).toBe(true);
    expect(svg.texts.some((t) => /^Depth, virtual time 0\.0 s to \d+\.\d s$/.test(t))).toBe(true);
    // The legend, as on screen: each line's label with its latest value.
    expect(svg.texts.some((t) => /ready: \d/.test(t))).toBe(true);
    expect(svg.lineStyle).toMatch(/stroke-width:\s*3px/);
    expect(svg.lineStyle).toMatch(/fill:\s*none/);
    expect(svg.tickStyle).toMatch(/font-size:\s*14px/);
    expect(problems).toEqual([]);
  });

  it('saves the chart on show as a PNG at twice its size on screen', async () => {
    const chartWidth = Number(await page.getByTestId('depth-chart').locator('svg.time-chart').getAttribute('width'));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save chart as PNG' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^design-challenge.*-depth\.png$/);
    const png = await readFile((await file.path())!);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR, the first chunk, holds the width as a big-endian 32-bit number at byte 16.
    expect(png.readUInt32BE(16)).toBe(2 * chartWidth);
    expect(chartWidth).toBeGreaterThan(300);
    await expect.poll(() => page.getByTestId('save-chart-status').textContent()).toBe('Saved the depth chart as PNG.');
    expect(problems).toEqual([]);
  });
});
