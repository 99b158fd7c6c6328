import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contrastRatio, flatten, parseColor, requiredContrast, withAlpha } from '../../src/ui/contrast';
import { chromiumPath, failWithoutChromiumOnCi, openLab, recordProblems, useLabBrowser } from './support/browser-session';

failWithoutChromiumOnCi();

/** One visible run of text, as the page paints it: its colour and the backgrounds under it, innermost first. */
interface TextSample {
  text: string;
  color: string;
  /** Background colours from the text's element up to the root; "image" where a background image makes it unknowable. */
  layers: string[];
  /** The product of the element's and its ancestors' opacity. */
  opacity: number;
  fontSize: number;
  fontWeight: number;
}

/** A control a keyboard user should reach: its accessible name as the page gives it. */
interface Control {
  id: string;
  name: string;
  what: string;
}

/** Where a Tab press left the focus, and whether the focus is drawn there. */
interface TabStop {
  id: string | null;
  what: string;
  ring: boolean;
}

/**
 * Every visible text node under `scope`, with what decides its contrast. Visually hidden text (for screen
 * readers only) and the text of disabled controls (exempt in WCAG 1.4.3) are left out.
 */
function sampleText(page: Page, scope: string): Promise<TextSample[]> {
  return page.evaluate((selector) => {
    const samples: TextSample[] = [];
    const root = document.querySelector(selector);
    if (!root) throw new Error(`nothing matches ${selector}`);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const element = node.parentElement;
      if (text === '' || !element || element.closest('.visually-hidden, :disabled, [aria-disabled="true"], option')) continue;
      if (!element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue;
      const style = getComputedStyle(element);
      const layers: string[] = [];
      let opacity = 1;
      for (let e: Element | null = element; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.backgroundImage !== 'none') layers.push('image');
        layers.push(s.backgroundColor);
        opacity *= Number(s.opacity);
      }
      samples.push({
        text: text.slice(0, 60),
        color: element instanceof SVGElement ? style.fill : style.color,
        layers,
        opacity,
        fontSize: parseFloat(style.fontSize),
        fontWeight: Number(style.fontWeight),
      });
    }
    return samples;
  }, scope);
}

/** The samples whose contrast is below AA for their size, each as "text: ratio < needed (colour on background)". */
function contrastOffenders(samples: TextSample[]): string[] {
  const offenders: string[] = [];
  for (const s of samples) {
    if (s.layers.includes('image')) {
      offenders.push(`"${s.text}": on a background image, contrast unknown`);
      continue;
    }
    try {
      // The page's canvas is white under the root's own background; layers are painted outermost first.
      const background = flatten('#ffffff', [...s.layers].reverse());
      const ratio = contrastRatio(withAlpha(parseColor(s.color), s.opacity), background);
      const needed = requiredContrast(s.fontSize, s.fontWeight);
      if (ratio < needed) offenders.push(`"${s.text}": ${ratio.toFixed(2)} < ${needed} (${s.color} on ${s.layers.filter((l) => parseColor(l).a > 0).join(' over ')})`);
    } catch (error) {
      offenders.push(`"${s.text}": ${(error as Error).message}`);
    }
  }
  return offenders;
}

/**
 * The controls under `scope` a keyboard user should reach with Tab (visible, enabled, not tabindex=-1;
 * of a radio group only the checked radio), tagged with data-a11y-id, with their accessible names
 * computed the way browsers do for these simple cases: aria-labelledby, aria-label, labels, content, title.
 */
function tabbableControls(page: Page, scope: string): Promise<Control[]> {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector);
    if (!root) throw new Error(`nothing matches ${selector}`);
    const textOf = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    const candidates = [...root.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex]')];
    const controls: Control[] = [];
    candidates.forEach((el, i) => {
      if (el.tabIndex < 0 || (el as HTMLButtonElement).disabled || el.closest('[inert]') || (el instanceof HTMLInputElement && el.type === 'hidden')) return;
      if (!el.checkVisibility({ visibilityProperty: true })) return;
      if (el instanceof HTMLInputElement && el.type === 'radio' && el.name !== '') {
        const group = [...document.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${el.name}"]`)];
        const stop = group.find((r) => r.checked) ?? group[0];
        if (stop !== el) return;
      }
      const labelledBy = el.getAttribute('aria-labelledby');
      // A label's words without those of the controls inside it (a label wrapping a select would otherwise take its options).
      const labelText = (label: HTMLLabelElement) => {
        const copy = label.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('input, select, textarea, button').forEach((c) => c.remove());
        return textOf(copy);
      };
      const fromLabels = 'labels' in el && (el as HTMLInputElement).labels ? [...(el as HTMLInputElement).labels!].map(labelText).join(' ') : '';
      const name =
        (labelledBy ? labelledBy.split(/\s+/).map((id) => textOf(document.getElementById(id) ?? document.createElement('i'))).join(' ') : '') ||
        el.getAttribute('aria-label') ||
        fromLabels ||
        (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement ? '' : textOf(el)) ||
        el.getAttribute('title') ||
        '';
      el.dataset.a11yId = String(i);
      controls.push({ id: String(i), name: name.trim(), what: `${el.tagName.toLowerCase()}${el.getAttribute('type') ? `[type=${el.getAttribute('type')}]` : ''} "${textOf(el).slice(0, 30)}" ${el.className}` });
    });
    return controls;
  }, scope);
}

/** Presses Tab up to `presses` times, recording each focused control and whether a focus ring (outline or shadow) is drawn. */
async function tabThrough(page: Page, presses: number): Promise<TabStop[]> {
  const stops: TabStop[] = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return { id: null, what: 'body', ring: false };
        // The ring may be on the control or, for a control styled through its label, on the label (:focus-within).
        const drawn = (e: Element | null) => {
          if (!e) return false;
          const s = getComputedStyle(e);
          return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
        };
        return { id: el.dataset.a11yId ?? null, what: `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}" ${el.className}`, ring: drawn(el) || drawn(el.closest('label')) };
      }),
    );
  }
  return stops;
}

/**
 * Checks one state of the lab: text contrast under `scope`, a name on every control, every control reached
 * by Tab (from the start of the page, or inside an open modal dialog), and a visible focus on each stop.
 */
async function checkAccessible(page: Page, scope: string): Promise<void> {
  expect(contrastOffenders(await sampleText(page, scope))).toEqual([]);
  const controls = await tabbableControls(page, scope);
  expect(controls.length).toBeGreaterThan(0);
  expect(controls.filter((c) => c.name === '').map((c) => c.what)).toEqual([]);
  const stops = await tabThrough(page, controls.length + 10);
  const reached = new Set(stops.map((s) => s.id));
  expect(controls.filter((c) => !reached.has(c.id)).map((c) => c.what)).toEqual([]);
  expect(stops.filter((s) => s.id !== null && !s.ring).map((s) => s.what)).toEqual([]);
}

/** Moves focus to the top of the document, so Tab starts from the first control. */
async function focusPageStart(page: Page): Promise<void> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.getSelection()?.removeAllRanges();
  });
}

const waitForClock = (page: Page, atLeast: number): Promise<unknown> =>
  page.waitForFunction((t) => Number(document.querySelector('[data-testid="virtual-clock"]')?.getAttribute('data-time')) >= t, atLeast, { timeout: 30_000 });

describe.skipIf(chromiumPath === null)('accessibility of the lab in Chromium', () => {
  const lab = useLabBrowser();
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    page = await openLab(lab, problems, { viewport: { width: 1280, height: 720 } });
  });

  afterAll(async () => {
    await page?.close();
  });

  it('in the single lab at about 30 s: readable text, named controls all reached by Tab, focus visible', async () => {
    // ×10: two steps up from ×2.
    const speed = page.getByTestId('speed');
    await speed.focus();
    for (let i = 0; i < 2; i++) await speed.press('ArrowRight');
    await page.getByRole('button', { name: 'Play' }).click();
    await waitForClock(page, 30);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('[data-testid="play"]:not([disabled])').waitFor();
    await page.screenshot({ path: '/tmp/polish-lab.png' });
    await focusPageStart(page);
    await checkAccessible(page, 'body');
    expect(problems).toEqual([]);
  });

  it('in the library dialog', async () => {
    await page.getByRole('button', { name: 'Library…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Scenario library' });
    await dialog.getByRole('button', { name: 'Open' }).waitFor();
    await checkAccessible(page, 'dialog[open]');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });

  it('in the JSON editor dialog', async () => {
    await page.getByRole('button', { name: 'Edit JSON…' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    await checkAccessible(page, 'dialog[open]');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });

  it('in present mode', async () => {
    await page.getByTestId('present-toggle').click();
    await expect.poll(() => page.locator('.lab.present').count()).toBe(1);
    await page.screenshot({ path: '/tmp/polish-present.png' });
    await focusPageStart(page);
    await checkAccessible(page, 'body');
    await page.getByTestId('present-toggle').click();
    await expect.poll(() => page.locator('.lab.present').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('in compare mode', async () => {
    await page.getByRole('button', { name: 'Compare…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Compare two variants' });
    await dialog.getByRole('button', { name: 'Compare', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const play = page.getByTestId('compare-play');
    await play.and(page.locator(':not([disabled])')).waitFor();
    await play.click();
    await page.waitForFunction(() => Number.parseFloat(document.querySelector('[data-testid="compare-time"]')?.textContent ?? '0') >= 20, undefined, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    await play.and(page.locator(':not([disabled])')).waitFor();
    await page.screenshot({ path: '/tmp/polish-compare.png' });
    await focusPageStart(page);
    await checkAccessible(page, 'body');
    // No id twice on the page: aria-labelledby and label[for] must each find their own element.
    const repeated = await page.evaluate(() => {
      const counts = new Map<string, number>();
      for (const el of document.querySelectorAll('[id]')) counts.set(el.id, (counts.get(el.id) ?? 0) + 1);
      return [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    });
    expect(repeated).toEqual([]);
    await page.getByTestId('exit-compare').click();
    expect(problems).toEqual([]);
  });
});

describe.skipIf(chromiumPath === null)('the lab for a user who prefers reduced motion, in Chromium', () => {
  const lab = useLabBrowser();

  it('draws no travelling dots on the topology and runs no CSS animations while playing', async () => {
    const problems: string[] = [];
    const page = await lab.browser.newPage({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
    recordProblems(page, problems);
    await page.goto(lab.server.url);
    await page.locator('[data-testid="play"]:not([disabled])').waitFor();
    await page.getByRole('button', { name: 'Play' }).click();
    await waitForClock(page, 3);
    const canvas = page.locator('[data-testid="topology"] canvas');
    expect(await canvas.getAttribute('data-motion')).toBe('reduced');
    // data-moves counts the moves the canvas was given; data-active the dots it drew in flight (set only with full motion).
    await expect.poll(() => canvas.getAttribute('data-moves').then(Number)).toBeGreaterThan(0);
    expect(await canvas.getAttribute('data-active')).toBeNull();
    expect(await page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length)).toBe(0);
    await page.close();
    expect(problems).toEqual([]);
  });
});
