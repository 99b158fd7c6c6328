import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ToWorker } from '../../src/runtime/protocol';
import { loadScenarioText, validateScenario } from '../../src/scenario';
import { App } from '../../src/ui/App';
import { LabContext } from '../../src/ui/lab-context';
import { MAX_FILE_BYTES } from '../../src/ui/scenarios/scenario-file';
import { encodeShare } from '../../src/ui/share/codec';
import { createLabStore, type LabStore } from '../../src/ui/store';
import { FakeClient } from './fake-runtime';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const file = (name: string) => readFileSync(resolve('scenarios', name), 'utf8');
const DESIGN = file('design-challenge.json');
const CHECKOUT = file('checkout-burst.json');
const TINY = JSON.stringify(
  {
    version: 1,
    name: 'Tiny queue',
    duration: 20,
    producers: [{ id: 'shop', target: 'jobs', bursts: [{ at: 5, count: 30 }] }],
    brokers: [{ id: 'jobs', kind: 'queue' }],
    consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 1 } }],
  },
  null,
  2,
);

describe('the scenario bar', () => {
  let container: HTMLDivElement;
  let root: Root;
  let client: FakeClient;
  let store: LabStore;

  const render = async (initial: string) => {
    client = new FakeClient();
    store = createLabStore(client);
    root = createRoot(container);
    await act(async () =>
      root.render(
        <LabContext value={{ store, client }}>
          <App initialScenario={initial} />
        </LabContext>,
      ),
    );
  };

  /** Plays the worker: validates the last text the lab sent and answers as the real one would. */
  const answerLoad = async () => {
    const load = client.sent.filter((m): m is Extract<ToWorker, { type: 'load'; text: string }> => m.type === 'load' && 'text' in m).at(-1);
    if (!load) throw new Error('nothing was loaded');
    const result = loadScenarioText(load.text);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const frame = { time: 0, events: 0, done: false, brokers: {}, producers: {}, groups: {} };
    await act(async () => client.reply({ type: 'loaded', runId: client.sent.length, scenario: result.scenario, seed: result.scenario.seed, sampleInterval: 1, frame }));
  };

  const lastLoadedText = () => {
    const load = client.sent.filter((m) => m.type === 'load').at(-1);
    return load && 'text' in load ? load.text : undefined;
  };

  /** Waits (in act) for a condition that depends on promises: chunk imports, streams, file reads. */
  const until = async (condition: () => boolean, what: string) => {
    for (let i = 0; i < 200; i++) {
      if (condition()) return;
      await act(async () => new Promise((resolve) => setTimeout(resolve, 5)));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  const button = (name: string | RegExp) =>
    [...container.querySelectorAll('button')].find((b) => (typeof name === 'string' ? b.textContent?.trim() === name : name.test(b.textContent ?? '')));
  const click = async (element: Element | undefined | null) => {
    if (!element) throw new Error('nothing to click');
    await act(async () => (element as HTMLElement).click());
  };
  const status = () => container.querySelector('[data-testid="scenario-status"]')?.textContent ?? '';

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    window.history.replaceState(null, '', '/');
  });

  afterEach(async () => {
    await act(async () => root.unmount());
    container.remove();
  });

  it('lists the library in its groups, each file under its own name, with the open scenario selected', async () => {
    await render(DESIGN);
    await click(button('Library…'));
    const dialog = container.querySelector('dialog');
    expect(dialog?.getAttribute('aria-labelledby')).toBeTruthy();
    expect([...dialog!.querySelectorAll('legend')].map((l) => l.textContent)).toEqual(['Concepts', 'Backpressure', 'Anti-patterns', 'Technologies', 'Best practices']);
    const radios = [...dialog!.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios).toHaveLength(readdirSync('scenarios').filter((f) => f.endsWith('.json') && f !== 'schema.json').length);
    expect(radios.find((r) => r.checked)?.value).toBe('design-challenge');
    const labelOf = (id: string) => radios.find((r) => r.value === id)?.closest('label')?.textContent;
    expect(labelOf('checkout-burst')).toBe('Checkout burst (load levelling)');
    const group = (id: string) => radios.find((r) => r.value === id)?.closest('fieldset')?.querySelector('legend')?.textContent;
    expect([group('tour-kafka'), group('anti-pattern-no-ordering'), group('backpressure-dropping'), group('best-practices'), group('retention-replay')]).toEqual([
      'Technologies',
      'Anti-patterns',
      'Backpressure',
      'Best practices',
      'Concepts',
    ]);
  });

  it('opens the picked library scenario in the runtime and closes the picker', async () => {
    await render(DESIGN);
    await click(button('Library…'));
    await click(container.querySelector('input[value="checkout-burst"]'));
    await until(() => container.querySelector('.library-description')?.textContent?.includes('flash sale') ?? false, 'the description');
    // Checkout burst has no variants: no variant choice is offered.
    expect(container.querySelector('dialog select')).toBeNull();
    await click(button('Open'));
    await until(() => lastLoadedText() === CHECKOUT, 'the load');
    expect(container.querySelector('dialog')).toBeNull();
    expect(store.getState().source).toEqual({ text: CHECKOUT });
  });

  it('applies the chosen variant as the CLI does before loading, and shows it', async () => {
    await render(CHECKOUT);
    await click(button('Library…'));
    await click(container.querySelector('input[value="design-challenge"]'));
    await until(() => container.querySelector('dialog select') !== null, 'the variants');
    const select = container.querySelector<HTMLSelectElement>('dialog select')!;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'topic', 'queue', 'stream']);
    await act(async () => {
      select.value = 'stream';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await click(button('Open'));
    await until(() => store.getState().source?.variant === 'stream', 'the variant');
    const cli = loadScenarioText(DESIGN, [], 'stream');
    const lab = loadScenarioText(lastLoadedText()!);
    expect(lab.ok && cli.ok && lab.scenario).toEqual(cli.ok && cli.scenario);
    expect(container.querySelector('.variant-chip')?.textContent).toBe('variant: stream');
  });

  it('lists an invalid edit with its path, keeps the run, and puts the caret on the error when it is clicked', async () => {
    await render(TINY);
    await answerLoad();
    const sentBefore = client.sent.length;
    await click(button('Edit JSON…'));
    const textarea = container.querySelector<HTMLTextAreaElement>('dialog textarea')!;
    expect(textarea.value).toBe(TINY);
    const broken = TINY.replace('"count": 30', '"count": -3');
    await act(async () => {
      // React tracks the value it last rendered; set it through the native setter so onChange fires.
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(textarea, broken);
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(button('Apply'));
    await until(() => container.querySelector('.editor-errors') !== null, 'the errors');
    const error = container.querySelector('.editor-errors li');
    expect(error?.querySelector('code')?.textContent).toBe('producers[0].bursts[0].count');
    expect(client.sent.length).toBe(sentBefore);
    expect(store.getState().scenario?.name).toBe('Tiny queue');
    await click(error?.querySelector('button'));
    expect(document.activeElement).toBe(textarea);
    expect(broken.slice(textarea.selectionStart).startsWith('"count": -3')).toBe(true);
  });

  it('loads a valid edit and closes the editor', async () => {
    await render(TINY);
    await answerLoad();
    await click(button('Edit JSON…'));
    const textarea = container.querySelector<HTMLTextAreaElement>('dialog textarea')!;
    const renamed = TINY.replace('Tiny queue', 'Renamed queue');
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(textarea, renamed);
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(button('Apply'));
    await until(() => lastLoadedText() === renamed, 'the load');
    expect(container.querySelector('dialog')).toBeNull();
  });

  it('refuses a file over the size limit with a message, and opens a scenario file', async () => {
    await render(TINY);
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    const choose = async (f: File) =>
      act(async () => {
        Object.defineProperty(input, 'files', { value: [f], configurable: true });
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
    await choose(new File(['x'.repeat(MAX_FILE_BYTES + 1)], 'huge.json', { type: 'application/json' }));
    await until(() => status().includes('huge.json'), 'the refusal');
    expect(status()).toMatch(/"huge\.json" is 1\.0 MiB; the lab opens scenario files up to 1\.0 MiB/);
    expect(client.sent.filter((m) => m.type === 'load')).toHaveLength(1);

    await choose(new File([CHECKOUT], 'checkout.json', { type: 'application/json' }));
    await until(() => lastLoadedText() === CHECKOUT, 'the file load');
    expect(status()).toBe('Opened checkout.json.');
  });

  it('opens a shared link on load, and renders a name with script tags as text', async () => {
    const name = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">';
    const hostile = TINY.replace('Tiny queue', JSON.stringify(name).slice(1, -1));
    window.history.replaceState(null, '', `/${await encodeShare({ text: hostile, seed: 5 })}`);
    await render(TINY);
    await until(() => lastLoadedText() !== TINY || status() !== '', 'the link load');
    expect(status()).toBe('Opened the scenario from the link.');
    expect(JSON.parse(lastLoadedText()!)).toMatchObject({ seed: 5 });
    await answerLoad();
    expect(container.querySelector('h1')?.textContent).toBe(name);
    expect(container.querySelector('script, img[src="x"]')).toBeNull();
    expect((window as { pwned?: number }).pwned).toBeUndefined();

    // Opening something else drops the fragment, so a reload does not bring the link's scenario back.
    await click(button('Library…'));
    await until(() => container.querySelector('.library-description')?.textContent !== 'Loading…', 'the details');
    await click(button('Open'));
    await until(() => lastLoadedText() === DESIGN, 'the library load');
    expect(window.location.hash).toBe('');
  });

  it('reports a damaged link as text and keeps the scenario it opened on', async () => {
    window.history.replaceState(null, '', '/#s=<script>alert(1)</script>');
    await render(TINY);
    await until(() => status() !== '', 'the message');
    expect(status()).toBe('The link could not be opened. The link is damaged: its data is not valid base64url.');
    expect(client.sent.filter((m) => m.type === 'load')).toEqual([{ type: 'load', text: TINY }]);
  });

  it('puts the scenario, its variant and its seed in the address bar with Copy link', async () => {
    await render(TINY);
    await answerLoad();
    await click(button('Copy link'));
    await until(() => window.location.hash.startsWith('#s='), 'the link');
    const { decodeShare } = await import('../../src/ui/share/codec');
    expect(await decodeShare(window.location.hash.slice(3))).toEqual({ ok: true, payload: { text: TINY, seed: 1 } });
    expect(validateScenario(JSON.parse(TINY)).ok).toBe(true);
  });
});
