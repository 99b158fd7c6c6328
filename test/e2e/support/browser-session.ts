import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumRequired, findChromium, launchChromium } from './chromium';
import { buildLab, serveLab, type LabServer } from './lab-server';

/** Debian's Chromium (or $CHROMIUM_PATH), or null: browser test files skip themselves without one. */
export const chromiumPath = findChromium();

/** Call at a browser test file's top level: under CI=true a missing Chromium is a failing test, never a silent skip. */
export function failWithoutChromiumOnCi(): void {
  if (chromiumPath === null && chromiumRequired) {
    it('finds Chromium, which CI=true requires for the browser tests', () => {
      expect.fail('CI=true but no Chromium was found at $CHROMIUM_PATH or /usr/bin/chromium');
    });
  }
}

/**
 * Collects into `problems` everything a user should never meet: console errors and warnings, page
 * errors, failed requests and HTTP errors. Returns `problems`.
 */
export function recordProblems(page: Page, problems: string[] = []): string[] {
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/** The built lab, served, and a Chromium to open it in. */
export interface LabBrowser {
  server: LabServer;
  browser: Browser;
}

/**
 * For the enclosing describe block: builds and serves the lab and launches Chromium before its tests,
 * closing both after them. The returned object is filled in by the time the tests (and their
 * beforeEach hooks) run.
 */
export function useLabBrowser(): LabBrowser {
  const session = {} as LabBrowser;
  beforeAll(async () => {
    session.server = await serveLab(await buildLab());
    session.browser = await launchChromium(chromiumPath!);
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}

/**
 * Opens the lab in a new page of `lab`'s Chromium, recording what goes wrong into `problems`, and
 * resolves once the default scenario is loaded and can play.
 */
export async function openLab(lab: LabBrowser, problems: string[], options: Parameters<Browser['newPage']>[0] = {}): Promise<Page> {
  const page = await lab.browser.newPage({ viewport: { width: 1280, height: 800 }, ...options });
  recordProblems(page, problems);
  await page.goto(lab.server.url);
  await page.locator('[data-testid="play"]:not([disabled])').waitFor();
  return page;
}
