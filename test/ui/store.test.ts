import { describe, expect, it } from 'vitest';
import type { FromWorker } from '../../src/runtime/protocol';
import type { RunFrame } from '../../src/runtime/run';
import { validateScenario } from '../../src/scenario';
import { createLabStore, DEFAULT_SPEED } from '../../src/ui/store';
import { FakeClient } from './fake-runtime';

const SCENARIO_TEXT = '{"version":1,"name":"tiny","duration":10,"producers":[{"id":"p","target":"q","rate":{"process":"constant","perSecond":1}}],"brokers":[{"id":"q","kind":"queue"}],"consumers":[{"id":"g","reads":"q","processing":{"type":"constant","value":0.5}}]}';

function scenario() {
  const result = validateScenario(JSON.parse(SCENARIO_TEXT));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.scenario;
}

function frame(time: number, events: number): RunFrame {
  return { time, events, done: false, brokers: { q: { depth: 0, inflight: 0 } }, producers: {}, groups: {} };
}

function setup() {
  const client = new FakeClient();
  const store = createLabStore(client);
  client.subscribe(store.getState().receive);
  return { client, store };
}

const loadedMessage = (runId: number): FromWorker => ({ type: 'loaded', runId, scenario: scenario(), seed: 1, sampleInterval: 0.02, frame: frame(0, 0) });

describe('the lab store', () => {
  it('sends the scenario text and the current speed on load, and waits for the worker', () => {
    const { client, store } = setup();
    store.getState().load(SCENARIO_TEXT);
    expect(client.sent).toEqual([
      { type: 'load', text: SCENARIO_TEXT },
      { type: 'setSpeed', speed: DEFAULT_SPEED },
    ]);
    expect(store.getState().playback).toBe('loading');
    store.getState().play();
    expect(client.sent).toHaveLength(2);
  });

  it('becomes ready and paused when the worker has loaded the scenario', () => {
    const { client, store } = setup();
    store.getState().load(SCENARIO_TEXT);
    client.reply(loadedMessage(1));
    expect(store.getState()).toMatchObject({ playback: 'paused', runId: 1, frame: { time: 0 } });
    expect(store.getState().scenario?.name).toBe('tiny');
  });

  it('toggles between play and pause following the playback the worker reports', () => {
    const { client, store } = setup();
    store.getState().load(SCENARIO_TEXT);
    client.reply(loadedMessage(1));
    store.getState().togglePlay();
    expect(client.sent.at(-1)).toEqual({ type: 'play' });
    client.reply({ type: 'frame', runId: 1, playback: 'playing', speed: 2, frame: frame(1, 3), samples: [] });
    store.getState().togglePlay();
    expect(client.sent.at(-1)).toEqual({ type: 'pause' });
  });

  it('replays from the start when toggled after the run is done', () => {
    const { client, store } = setup();
    store.getState().load(SCENARIO_TEXT);
    client.reply(loadedMessage(1));
    client.reply({ type: 'frame', runId: 1, playback: 'done', speed: 2, frame: frame(10, 30), samples: [] });
    client.sent.length = 0;
    store.getState().togglePlay();
    expect(client.sent.map((m) => m.type)).toEqual(['load', 'setSpeed', 'play']);
    expect(store.getState()).toMatchObject({ playback: 'loading', frame: null, report: null });
  });

  it('ignores frames and reports of a run that has been replaced', () => {
    const { client, store } = setup();
    store.getState().load(SCENARIO_TEXT);
    client.reply(loadedMessage(1));
    store.getState().restart();
    client.reply({ type: 'frame', runId: 1, playback: 'playing', speed: 2, frame: frame(4, 9), samples: [] });
    client.reply(loadedMessage(2));
    client.reply({ type: 'frame', runId: 1, playback: 'playing', speed: 2, frame: frame(5, 12), samples: [] });
    expect(store.getState()).toMatchObject({ runId: 2, playback: 'paused', frame: { time: 0 } });
  });

  it('clamps the speed to the offered range before sending it', () => {
    const { client, store } = setup();
    store.getState().setSpeed(5000);
    expect(store.getState().speed).toBe(1000);
    store.getState().setSpeed(0.001);
    expect(client.sent).toEqual([
      { type: 'setSpeed', speed: 1000 },
      { type: 'setSpeed', speed: 0.1 },
    ]);
  });

  it('keeps scenario errors and runtime failures for display, and disables the controls', () => {
    const { client, store } = setup();
    store.getState().load('{}');
    client.reply({ type: 'errors', errors: [{ path: 'duration', message: 'is required (a number)' }] });
    expect(store.getState()).toMatchObject({ scenario: null, playback: 'idle', scenarioErrors: [{ path: 'duration' }] });
    store.getState().load(SCENARIO_TEXT);
    expect(store.getState().scenarioErrors).toEqual([]);
    client.reply(loadedMessage(1));
    client.reply({ type: 'error', message: 'the run exceeded its budget' });
    const sent = client.sent.length;
    store.getState().step();
    expect(client.sent).toHaveLength(sent);
    expect(store.getState().failure).toBe('the run exceeded its budget');
  });
});
