import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Playback, ToWorker } from '../../src/runtime/protocol';
import { loadScenarioText, type Scenario } from '../../src/scenario';
import { App } from '../../src/ui/App';
import { alignment, sharedTime, type SideClock } from '../../src/ui/compare/align';
import { compareOptions, defaultPair } from '../../src/ui/compare/compare-choice';
import { createCompareController } from '../../src/ui/compare/compare-controller';
import { createCompareStore } from '../../src/ui/compare/compare-store';
import { LabContext, type Lab } from '../../src/ui/lab-context';
import { createLabStore } from '../../src/ui/store';
import { FakeClient } from './fake-runtime';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// The lab starts a Web Worker per compared side; jsdom has none, so each side gets a fake runtime.
const workers = vi.hoisted(() => ({ created: [] as unknown[] }));
vi.mock('../../src/runtime/worker-client', async () => {
  const { FakeClient: Fake } = await import('./fake-runtime');
  return {
    createWorkerClient: () => {
      const client = new Fake();
      workers.created.push(client);
      return client;
    },
  };
});

const file = (name: string) => readFileSync(resolve('scenarios', name), 'utf8');
const DESIGN = file('design-challenge.json');
const CHECKOUT = file('checkout-burst.json');

function scenarioOf(text: string): Scenario {
  const result = loadScenarioText(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.scenario;
}

const DESIGN_SCENARIO = scenarioOf(DESIGN);

const runFrame = (time: number, done = false) => ({ time, events: 0, done, brokers: {}, producers: {}, groups: {} });

/** A lab on a fake runtime whose store takes the fake worker's replies, as the compare store wires it. */
function fakeLab(): Lab & { client: FakeClient } {
  const client = new FakeClient();
  const store = createLabStore(client);
  client.subscribe(store.getState().receive);
  return { store, client };
}

/** Plays the worker: run 1 of `scenario` is loaded, paused at 0. */
function loaded(lab: { client: FakeClient }, scenario: Scenario = DESIGN_SCENARIO): void {
  lab.client.reply({ type: 'loaded', runId: 1, scenario, seed: scenario.seed, sampleInterval: 1, frame: runFrame(0) });
}

function frame(lab: { client: FakeClient }, time: number, playback: Playback): void {
  lab.client.reply({ type: 'frame', runId: 1, playback, speed: 2, frame: runFrame(time, playback === 'done'), samples: [] });
}

const sentTypes = (client: FakeClient) => client.sent.map((m) => m.type);
const seeks = (client: FakeClient) => client.sent.filter((m): m is Extract<ToWorker, { type: 'seek' }> => m.type === 'seek').map((m) => m.time);

describe('the compare controller', () => {
  let a: ReturnType<typeof fakeLab>;
  let b: ReturnType<typeof fakeLab>;

  beforeEach(() => {
    a = fakeLab();
    b = fakeLab();
    loaded(a);
    loaded(b);
  });

  it('sends play to both labs', () => {
    const controller = createCompareController(a, b);
    controller.play();
    expect(sentTypes(a.client)).toEqual(['play']);
    expect(sentTypes(b.client)).toEqual(['play']);
  });

  it('sets the same speed on both labs', () => {
    const controller = createCompareController(a, b);
    controller.setSpeed(100);
    expect(a.client.sent).toEqual([{ type: 'setSpeed', speed: 100 }]);
    expect(b.client.sent).toEqual([{ type: 'setSpeed', speed: 100 }]);
    expect(controller.speed).toBe(100);
  });

  it('after a pause, seeks the lab that stopped behind forward to the other one’s time', () => {
    const controller = createCompareController(a, b);
    controller.play();
    frame(a, 10.4, 'playing');
    frame(b, 10.1, 'playing');
    controller.pause();
    frame(a, 10.5, 'paused');
    // B's paused frame has not come yet: nothing is aligned on its stale clock.
    expect(seeks(b.client)).toEqual([]);
    frame(b, 10.2, 'paused');
    expect(seeks(b.client)).toEqual([10.5]);
    expect(seeks(a.client)).toEqual([]);
    // The seek's own frames do not start another one.
    frame(b, 10.3, 'seeking');
    frame(b, 10.5, 'paused');
    expect(seeks(b.client)).toEqual([10.5]);
    expect(b.store.getState().frame?.time).toBe(a.store.getState().frame?.time);
  });

  it('after a step, waits for both answers and then brings the earlier one to the later time', () => {
    const controller = createCompareController(a, b);
    controller.step();
    expect(sentTypes(a.client)).toEqual(['step']);
    expect(sentTypes(b.client)).toEqual(['step']);
    frame(a, 0.3, 'paused');
    expect(seeks(b.client)).toEqual([]);
    frame(b, 0.2, 'paused');
    expect(seeks(b.client)).toEqual([0.3]);
  });

  it('when one run finishes while the other plays behind to the same end, takes the other to its end', () => {
    const controller = createCompareController(a, b);
    controller.play();
    frame(b, 100, 'playing');
    frame(a, 120, 'done');
    expect(seeks(b.client)).toEqual([120]);
    expect(seeks(a.client)).toEqual([]);
  });

  it('stops listening once disposed', () => {
    const controller = createCompareController(a, b);
    controller.dispose();
    frame(a, 3, 'paused');
    frame(b, 2, 'paused');
    expect(seeks(b.client)).toEqual([]);
  });
});

describe('the alignment rule', () => {
  const clock = (over: Partial<SideClock>): SideClock => ({ playback: 'paused', time: 0, duration: 120, seeking: false, awaiting: false, failed: false, ...over });

  it('leaves two clocks at the same time alone', () => {
    expect(alignment(clock({ time: 5 }), clock({ time: 5 }))).toBeNull();
  });

  it('does nothing while either side is still playing, seeking or waiting for an answer', () => {
    expect(alignment(clock({ time: 5, playback: 'playing' }), clock({ time: 4 }))).toBeNull();
    expect(alignment(clock({ time: 5 }), clock({ time: 4, seeking: true }))).toBeNull();
    expect(alignment(clock({ time: 5, awaiting: true }), clock({ time: 4 }))).toBeNull();
  });

  it('stops at the end of the shorter run rather than past it, and never moves a finished run', () => {
    expect(alignment(clock({ time: 150, duration: 200 }), clock({ time: 90, duration: 100 }))).toEqual({ side: 'b', time: 100 });
    expect(alignment(clock({ time: 150, duration: 200 }), clock({ time: 100, duration: 100, playback: 'done' }))).toBeNull();
  });

  it('lets the longer run play on when the shorter one has finished', () => {
    expect(alignment(clock({ time: 100, duration: 100, playback: 'done' }), clock({ time: 95, duration: 200, playback: 'playing' }))).toBeNull();
  });

  it('shows the time both runs have reached, or the later end once both are done', () => {
    expect(sharedTime(clock({ time: 50, playback: 'playing' }), clock({ time: 48, playback: 'playing' }))).toBe(48);
    expect(sharedTime(clock({ time: 100, playback: 'done' }), clock({ time: 130, playback: 'playing' }))).toBe(130);
    expect(sharedTime(clock({ time: 100, playback: 'done' }), clock({ time: 120, playback: 'done' }))).toBe(120);
  });
});

describe('the compare choice', () => {
  it('offers the design challenge as written and its three variants, with their descriptions, and proposes queue against stream', () => {
    const options = compareOptions(DESIGN_SCENARIO);
    expect(options.map((o) => o.name)).toEqual(['as written', 'topic', 'queue', 'stream']);
    expect(options[2]!.description).toBe('One shared queue: the services compete for each event, so each sees a share.');
    const pair = defaultPair(options);
    expect([pair?.a.variant, pair?.b.variant]).toEqual(['queue', 'stream']);
  });

  it('proposes nothing for a scenario without variants', () => {
    expect(defaultPair(compareOptions(scenarioOf(CHECKOUT)))).toBeNull();
  });
});

describe('the compare store', () => {
  it('opens both sides on the same seed, pauses the main lab, and on exit terminates both compared runtimes but not the main one', async () => {
    const main = fakeLab();
    const made: FakeClient[] = [];
    const compare = createCompareStore(main, () => {
      const client = new FakeClient();
      made.push(client);
      return client;
    });
    const [queue, stream] = compareOptions(DESIGN_SCENARIO).slice(2);
    compare.getState().enter({ text: DESIGN, seed: 77, pair: { a: queue!, b: stream! }, speed: 50 });
    expect(main.client.sent).toEqual([{ type: 'pause' }]);
    const session = compare.getState().session!;
    session.start();
    session.start();
    await vi.waitFor(() => expect(made.every((c) => c.sent.some((m) => m.type === 'load'))).toBe(true));
    for (const client of made) {
      const loads = client.sent.filter((m) => m.type === 'load');
      expect(loads).toHaveLength(1);
      expect(client.sent.filter((m) => m.type === 'setSpeed').every((m) => m.type === 'setSpeed' && m.speed === 50)).toBe(true);
    }
    const textOf = (client: FakeClient) => JSON.parse((client.sent.find((m) => m.type === 'load') as { text: string }).text) as { seed: number; brokers: { kind: string }[] };
    expect(made.map((c) => textOf(c).seed)).toEqual([77, 77]);
    expect(made.map((c) => textOf(c).brokers[0]!.kind)).toEqual(['queue', 'stream']);

    const terminated = made.map((c) => vi.spyOn(c, 'terminate'));
    const mainTerminate = vi.spyOn(main.client, 'terminate');
    compare.getState().exit();
    expect(terminated.map((spy) => spy.mock.calls.length)).toEqual([1, 1]);
    expect(mainTerminate).not.toHaveBeenCalled();
    expect(compare.getState().session).toBeNull();
  });
});

describe('compare mode in the lab', () => {
  let container: HTMLDivElement;
  let root: Root;
  let main: ReturnType<typeof fakeLab>;

  const button = (name: string) => [...container.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  const click = async (element: Element | undefined | null) => {
    if (!element) throw new Error('nothing to click');
    await act(async () => (element as HTMLElement).click());
  };

  const render = async (text: string) => {
    main = fakeLab();
    root = createRoot(container);
    await act(async () =>
      root.render(
        <LabContext value={main}>
          <App initialScenario={text} />
        </LabContext>,
      ),
    );
    await act(async () => loaded(main, scenarioOf(text)));
  };

  beforeEach(() => {
    workers.created.length = 0;
    container = document.createElement('div');
    document.body.append(container);
  });

  afterEach(async () => {
    await act(async () => root.unmount());
    container.remove();
  });

  it('disables Compare… with the reason when the scenario has no variants', async () => {
    await render(CHECKOUT);
    const compare = button('Compare…')!;
    expect(compare.disabled).toBe(true);
    expect(document.getElementById(compare.getAttribute('aria-describedby')!)?.textContent).toBe('This scenario has no variants to compare.');
  });

  it('opens two labelled columns on queue and stream, and the space bar plays both once, not the hidden main lab', async () => {
    await render(DESIGN);
    await click(button('Compare…'));
    const selects = [...container.querySelectorAll<HTMLSelectElement>('dialog select')];
    expect(selects.map((s) => s.selectedOptions[0]?.textContent)).toEqual(['queue', 'stream']);
    await click(button('Compare'));
    await vi.waitFor(() => expect(workers.created).toHaveLength(2));
    const [ca, cb] = workers.created as FakeClient[];
    await vi.waitFor(() => expect(ca!.sent.some((m) => m.type === 'load') && cb!.sent.some((m) => m.type === 'load')).toBe(true));
    await act(async () => {
      loaded({ client: ca! }, scenarioOf((ca!.sent.find((m) => m.type === 'load') as { text: string }).text));
      loaded({ client: cb! }, scenarioOf((cb!.sent.find((m) => m.type === 'load') as { text: string }).text));
    });
    expect(container.querySelector('.single-lab')?.hasAttribute('hidden')).toBe(true);
    expect(container.querySelector('[data-testid="compare-column-a"] h2')?.textContent).toBe('A · queue');
    expect(container.querySelector('[data-testid="compare-column-b"] .compare-description')?.textContent).toMatch(/^A partitioned log/);

    const before = main.client.sent.length;
    await act(async () => document.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true })));
    expect(ca!.sent.filter((m) => m.type === 'play')).toHaveLength(1);
    expect(cb!.sent.filter((m) => m.type === 'play')).toHaveLength(1);
    expect(main.client.sent.slice(before)).toEqual([]);

    const terminate = vi.spyOn(cb!, 'terminate');
    await click(button('Exit compare'));
    expect(terminate).toHaveBeenCalledTimes(1);
    expect(container.querySelector('.single-lab')?.hasAttribute('hidden')).toBe(false);
    expect(document.activeElement?.textContent).toBe('Compare…');
  });

  /** Starts comparing queue with stream, as a user would, and returns the two compared runtimes. */
  const enterCompare = async (): Promise<FakeClient[]> => {
    await click(button('Compare…'));
    await click(button('Compare'));
    await vi.waitFor(() => expect(workers.created).toHaveLength(2));
    expect(container.querySelector('.single-lab')?.hasAttribute('hidden')).toBe(true);
    return workers.created as FakeClient[];
  };
  const loadedTexts = () => main.client.sent.flatMap((m) => (m.type === 'load' && 'text' in m ? [m.text] : []));

  it('leaves compare mode when a scenario file is dropped on the page, and shows it in the lab', async () => {
    await render(DESIGN);
    const [ca, cb] = await enterCompare();
    const terminated = [vi.spyOn(ca!, 'terminate'), vi.spyOn(cb!, 'terminate')];
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    const checkout = new File([CHECKOUT], 'checkout.json', { type: 'application/json' });
    Object.defineProperty(drop, 'dataTransfer', { value: { types: ['Files'], files: [checkout] } });
    await act(async () => window.dispatchEvent(drop));
    await vi.waitFor(() => expect(loadedTexts().at(-1)).toBe(CHECKOUT));
    expect(container.querySelector('.single-lab')?.hasAttribute('hidden')).toBe(false);
    expect(container.querySelector('[data-testid="compare-column-a"]')).toBeNull();
    for (const spy of terminated) expect(spy).toHaveBeenCalledTimes(1);
    expect(container.querySelector('[data-testid="scenario-status"]')?.textContent).toBe('Opened checkout.json.');
  });

  it('leaves compare mode when a share link is opened, and shows its scenario in the lab', async () => {
    await render(DESIGN);
    await enterCompare();
    const { encodeShare } = await import('../../src/ui/share/codec');
    await act(async () => {
      window.history.replaceState(null, '', `/${await encodeShare({ text: CHECKOUT })}`);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    await vi.waitFor(() => expect(loadedTexts().at(-1)).toBe(CHECKOUT));
    expect(container.querySelector('.single-lab')?.hasAttribute('hidden')).toBe(false);
    expect(container.querySelector('[data-testid="compare-column-a"]')).toBeNull();
    window.history.replaceState(null, '', '/');
  });
});
