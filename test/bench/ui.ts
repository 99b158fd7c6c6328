/**
 * The lab's benchmark (issue 6, §4): `npm run bench:ui [-- --json]`.
 *
 * In Debian's Chromium, started with --disable-gpu-vsync --disable-frame-rate-limit so that animation
 * frames come as fast as the main thread allows and a frame's interval is its cost:
 * - bundle: the production build's first-load JavaScript and CSS, gzipped (target ≤ 350 kB);
 * - first paint: first-contentful-paint of the lab on localhost (target < 1 s);
 * - frame time: the design challenge at 1,000 USER_CREATED/s played at ×2 in the real lab, so several
 *   thousand messages animate at once; p95 of the main thread's JavaScript time per animation frame
 *   (animation callbacks and the worker's message handlers, with the renders they trigger), and the
 *   dots the canvas had in flight (target ≤ 8 ms with 5,000 animating); also the p95 interval between
 *   frames, which adds style, layout and (GPU-less, here) raster;
 * - pace: the same scenario at ×1000: the virtual seconds the worker achieved per wall second against
 *   the 1,000 asked for; the lab must keep pace or say it cannot (the "running at ×N" notice).
 * One JSON line with --json: p95FrameMs, messagesAnimated, workerKeepsPace and the rest.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { findChromium, launchChromium } from '../e2e/support/chromium';
import { buildLab, REPO_ROOT, serveLab } from '../e2e/support/lab-server';
import { encodeShare } from '../../src/ui/share/codec';

const JSON_OUT = process.argv.includes('--json');
const BUNDLE_TARGET_KB = 350;
const FRAME_TARGET_MS = 8;
const FIRST_PAINT_TARGET_MS = 1000;

/** The design challenge at 1,000 sign-ups a second, long enough to watch at ×1000. */
async function fastChallengeLink(): Promise<string> {
  const data = JSON.parse(await readFile(join(REPO_ROOT, 'scenarios', 'design-challenge.json'), 'utf8')) as {
    duration: number;
    producers: { rate: { perSecond: number } }[];
  };
  data.producers[0]!.rate.perSecond = 1000;
  data.duration = 36_000;
  return encodeShare({ text: JSON.stringify(data) });
}

/** Gzipped bytes of the JavaScript and CSS the built index.html loads first (not the lazy chunks). */
async function firstLoadGzipBytes(outDir: string): Promise<number> {
  const html = await readFile(join(outDir, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  let total = 0;
  for (const asset of new Set(assets)) total += gzipSync(await readFile(join(outDir, asset))).length;
  return total;
}

/**
 * Intervals between animation frames for `ms` of wall time, measured inside the page. The script is
 * text: a function passed from here would carry tsx's name helpers, which the page does not have.
 */
async function frameIntervals(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(`new Promise((resolve) => {
    const intervals = [];
    let last = performance.now();
    const end = last + ${Number(ms)};
    const tick = (now) => {
      intervals.push(now - last);
      last = now;
      if (now < end) requestAnimationFrame(tick);
      else resolve(intervals);
    };
    requestAnimationFrame(tick);
  })`);
}

/**
 * Installed before the lab loads: adds up, per animation frame, the main thread's JavaScript time in
 * animation callbacks and in the handlers of the worker's messages (the store, React's renders they
 * trigger, the chart and canvas updates). `window.__frameWork` collects one total per frame.
 */
const MAIN_THREAD_PROBE = `(() => {
  const work = [];
  let current = 0;
  let lastStamp = -1;
  window.__frameWork = work;
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => raf((stamp) => {
    if (stamp !== lastStamp) {
      if (lastStamp >= 0) work.push(current);
      current = 0;
      lastStamp = stamp;
    }
    const start = performance.now();
    try { callback(stamp); } finally { current += performance.now() - start; }
  });
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (this instanceof Worker && type === 'message' && typeof listener === 'function') {
      const timed = function (event) {
        const start = performance.now();
        try { return listener.call(this, event); } finally { current += performance.now() - start; }
      };
      return add.call(this, type, timed, options);
    }
    return add.call(this, type, listener, options);
  };
})();`;

async function mainThreadWork(page: Page, ms: number): Promise<number[]> {
  await page.evaluate('window.__frameWork.length = 0');
  await page.waitForTimeout(ms);
  return (await page.evaluate('window.__frameWork.slice()')) as number[];
}

async function setSpeed(page: Page, speed: number): Promise<void> {
  const slider = page.getByRole('slider', { name: /speed/i });
  for (let i = 0; i < 20; i++) {
    const label = await page.locator('.speed-value, [data-testid="speed"]').first().textContent().catch(() => null);
    if (label?.includes(`×${speed}`)) return;
    await slider.press('ArrowRight');
  }
}

/**
 * Presses play/pause. With the frame rate unlimited the page animates without pause, and a normal
 * click would wait for the button to be "stable" between frames; the button is where it is.
 */
async function togglePlay(page: Page): Promise<void> {
  await page.getByTestId('play').click({ force: true });
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const chromiumPath = findChromium();
  if (chromiumPath === null) throw new Error('bench:ui needs Chromium (apt-get install chromium, or set CHROMIUM_PATH)');
  const outDir = await buildLab();
  const bundleBytes = await firstLoadGzipBytes(outDir);
  const files = (await readdir(join(outDir, 'assets'))).length;
  const server = await serveLab(outDir);
  const browser = await launchChromium(chromiumPath, ['--disable-gpu-vsync', '--disable-frame-rate-limit']);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(MAIN_THREAD_PROBE);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(server.url);
    await page.locator('[data-testid="play"]:not([disabled])').waitFor();
    const firstPaintMs = Number(await page.evaluate(`performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN`));

    await page.goto(`${server.url}/${await fastChallengeLink()}`);
    await page.waitForFunction(`document.querySelector('h1')?.textContent?.startsWith('Design challenge') ?? false`);
    await page.locator('[data-testid="play"]:not([disabled])').waitFor();
    await togglePlay(page);
    await page.waitForTimeout(1500);
    const intervals = await frameIntervals(page, 4000);
    const work = await mainThreadWork(page, 4000);
    const messagesAnimated = Number(await page.locator('[data-testid="topology"] canvas').getAttribute('data-active'));
    await togglePlay(page);

    await setSpeed(page, 1000);
    const clock = async (): Promise<number> => Number(await page.getByTestId('virtual-clock').getAttribute('data-time'));
    await togglePlay(page);
    await page.waitForTimeout(1000);
    const t0 = await clock();
    const w0 = Date.now();
    await page.waitForTimeout(4000);
    const achieved = ((await clock()) - t0) / ((Date.now() - w0) / 1000);
    const notices = await page.getByTestId('pace-notice').allTextContents();
    const behindNotice = notices[0] ?? null;
    await togglePlay(page);

    const result = {
      p95FrameMs: Math.round(percentile(work, 95) * 100) / 100,
      p50FrameMs: Math.round(percentile(work, 50) * 100) / 100,
      frames: work.length,
      p95FrameIntervalMs: Math.round(percentile(intervals, 95) * 100) / 100,
      messagesAnimated,
      achievedSpeed: Math.round(achieved),
      workerKeepsPace: achieved >= 900,
      paceNotice: behindNotice,
      bundleGzipKiB: Math.round((bundleBytes / 1024) * 10) / 10,
      assetFiles: files,
      firstPaintMs: Math.round(firstPaintMs),
      pageErrors: problems,
    };
    if (JSON_OUT) {
      console.log(JSON.stringify(result));
      return;
    }
    const verdict = (ok: boolean): string => (ok ? 'ok' : 'BELOW TARGET');
    console.log(`frame p95 (ms)       ${result.p95FrameMs}  p50 ${result.p50FrameMs} main-thread JavaScript per frame over ${result.frames} frames, ${result.messagesAnimated} dots in flight; target <= ${FRAME_TARGET_MS}: ${verdict(result.p95FrameMs <= FRAME_TARGET_MS)}`);
    console.log(`frame interval p95   ${result.p95FrameIntervalMs} ms (whole frames, with style, layout and software raster: this machine has no GPU)`);
    console.log(`pace at x1000        x${result.achievedSpeed}: ${result.workerKeepsPace ? 'keeps pace' : `behind; the lab says: ${result.paceNotice ?? '(nothing: BELOW TARGET)'}`}`);
    console.log(`first-load gzip (kB) ${result.bundleGzipKiB}; target <= ${BUNDLE_TARGET_KB}: ${verdict(result.bundleGzipKiB <= BUNDLE_TARGET_KB)}`);
    console.log(`first paint (ms)     ${result.firstPaintMs}; target < ${FIRST_PAINT_TARGET_MS}: ${verdict(result.firstPaintMs < FIRST_PAINT_TARGET_MS)}`);
    if (problems.length > 0) console.log(`page errors: ${problems.join('; ')}`);
  } finally {
    await browser.close();
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

await main();
