import { describe, expect, it } from 'vitest';
import type { FromWorker } from '../../src/runtime/protocol';
import type { RunFrame } from '../../src/runtime/run';
import { validateScenario } from '../../src/scenario';
import { arrowsBelongTo, shortcutFor } from '../../src/ui/keyboard';
import { scrubKeyTarget, scrubStep } from '../../src/ui/scrubber/scrub-keys';
import { createLabStore } from '../../src/ui/store';
import { FakeClient } from './fake-runtime';

describe('the scrubber keys', () => {
  it('step by about 1 % of the run on a round number of seconds', () => {
    expect(scrubStep(60)).toBe(1);
    expect(scrubStep(120)).toBe(2);
    expect(scrubStep(240)).toBe(5);
    expect(scrubStep(600)).toBe(10);
    expect(scrubStep(10)).toBe(0.1);
    expect(scrubStep(0)).toBe(1);
  });

  it('move by a step on the arrows, ten on PageUp/PageDown, to the ends on Home/End, and stay within the run', () => {
    expect(scrubKeyTarget('ArrowRight', 20, 60)).toBe(21);
    expect(scrubKeyTarget('ArrowUp', 20, 60)).toBe(21);
    expect(scrubKeyTarget('ArrowLeft', 20, 60)).toBe(19);
    expect(scrubKeyTarget('PageUp', 20, 60)).toBe(30);
    expect(scrubKeyTarget('PageDown', 5, 60)).toBe(0);
    expect(scrubKeyTarget('PageUp', 55, 60)).toBe(60);
    expect(scrubKeyTarget('Home', 42, 60)).toBe(0);
    expect(scrubKeyTarget('End', 42, 60)).toBe(60);
    expect(scrubKeyTarget('a', 42, 60)).toBeNull();
  });

  it('snap a time between steps onto the step grid, without float dust', () => {
    expect(scrubKeyTarget('ArrowRight', 23.3, 60)).toBe(24);
    expect(scrubKeyTarget('ArrowRight', 0.2, 10)).toBe(0.3);
  });
});

describe('the arrow shortcuts', () => {
  const press = (key: string, target: EventTarget | null = document.body, shiftKey = false) =>
    shortcutFor({ key, target, shiftKey, ctrlKey: false, metaKey: false, altKey: false, repeat: false });
  const make = (html: string): HTMLElement => {
    const holder = document.createElement('div');
    holder.innerHTML = html;
    return holder.firstElementChild as HTMLElement;
  };

  it('→ steps one event and Shift+→ runs to the next interesting one', () => {
    expect(press('ArrowRight')).toBe('step');
    expect(press('ArrowRight', document.body, true)).toBe('next-interesting');
    expect(press('ArrowRight', make('<button>Play</button>'))).toBe('step');
    expect(press('ArrowLeft')).toBeNull();
  });

  it('leaves the arrows to a focused slider, field or list', () => {
    for (const html of ['<input type="range">', '<input type="text">', '<select></select>', '<textarea></textarea>', '<div role="listbox"></div>', '<div role="slider"></div>']) {
      expect(arrowsBelongTo(make(html))).toBe(true);
      expect(press('ArrowRight', make(html))).toBeNull();
    }
  });
});

describe('seeking from the lab store', () => {
  const SCENARIO = validateScenario({
    version: 1,
    name: 'tiny',
    duration: 10,
    producers: [{ id: 'p', target: 'q', rate: { process: 'constant', perSecond: 1 } }],
    brokers: [{ id: 'q', kind: 'queue' }],
    consumers: [{ id: 'g', reads: 'q', processing: { type: 'constant', value: 0.5 } }],
  });
  const frame = (time: number): RunFrame => ({ time, events: 0, done: false, brokers: {}, producers: {}, groups: {} });

  function loadedStore() {
    if (!SCENARIO.ok) throw new Error('tiny scenario must validate');
    const client = new FakeClient();
    const store = createLabStore(client);
    client.subscribe(store.getState().receive);
    const loaded: FromWorker = { type: 'loaded', runId: 1, scenario: SCENARIO.scenario, seed: 1, sampleInterval: 0.02, frame: frame(0) };
    client.reply(loaded);
    return { client, store };
  }

  it('sends the time clamped to the run and remembers the target until a settled frame arrives', () => {
    const { client, store } = loadedStore();
    store.getState().seek(25);
    expect(client.sent.at(-1)).toEqual({ type: 'seek', time: 10 });
    expect(store.getState().seekTarget).toBe(10);
    client.reply({ type: 'frame', runId: 1, playback: 'seeking', speed: 1, frame: frame(4), samples: [] });
    expect(store.getState()).toMatchObject({ seekTarget: 10, playback: 'seeking' });
    client.reply({ type: 'frame', runId: 1, playback: 'done', speed: 1, frame: frame(10), samples: [] });
    expect(store.getState().seekTarget).toBeNull();
  });

  it('keeps the target when a paused frame from before the seek arrives late', () => {
    const { client, store } = loadedStore();
    store.getState().seek(4);
    client.reply({ type: 'frame', runId: 1, playback: 'paused', speed: 2, frame: frame(0), samples: [] });
    expect(store.getState().seekTarget).toBe(4);
    client.reply({ type: 'frame', runId: 1, playback: 'paused', speed: 2, frame: frame(4), samples: [] });
    expect(store.getState().seekTarget).toBeNull();
  });

  it('ignores a time that is not a number', () => {
    const { client, store } = loadedStore();
    const sent = client.sent.length;
    store.getState().seek(NaN);
    expect(client.sent).toHaveLength(sent);
  });

  it('forgets the old final report when a seek back starts a fresh run', () => {
    const { client, store } = loadedStore();
    client.reply({ type: 'report', runId: 1, report: { traceHash: 'x' } as never });
    expect(store.getState().report).not.toBeNull();
    if (!SCENARIO.ok) return;
    client.reply({ type: 'loaded', runId: 2, scenario: SCENARIO.scenario, seed: 1, sampleInterval: 0.02, frame: frame(0) });
    expect(store.getState().report).toBeNull();
  });

  it('keeps where the last step to the next interesting event stopped, for this run only', () => {
    const { client, store } = loadedStore();
    store.getState().stepInteresting();
    expect(client.sent.at(-1)).toEqual({ type: 'stepInteresting' });
    client.reply({ type: 'interesting', runId: 1, event: { kind: 'dropped', time: 4.2, text: 'dropped m1 at q (maxlen)' } });
    expect(store.getState().interesting).toEqual({ event: { kind: 'dropped', time: 4.2, text: 'dropped m1 at q (maxlen)' } });
    client.reply({ type: 'interesting', runId: 7, event: null });
    expect(store.getState().interesting?.event?.time).toBe(4.2);
  });
});
