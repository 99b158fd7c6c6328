import { describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from '../../../src/runtime/protocol';
import type { RunFrame } from '../../../src/runtime/run';
import { validateScenario } from '../../../src/scenario';
import { createLabStore } from '../../../src/ui/store';
import { FakeClient } from '../fake-runtime';

const TEXT = JSON.stringify({
  version: 1,
  name: 'tiny',
  duration: 10,
  producers: [{ id: 'p', target: 'q', rate: { process: 'constant', perSecond: 1 } }],
  brokers: [{ id: 'q', kind: 'queue' }],
  consumers: [{ id: 'g', reads: 'q', processing: { type: 'constant', value: 0.5 } }],
  variants: { stream: { description: 'as a log', set: { brokers: [{ id: 'q', kind: 'stream' }] } } },
});

const scenario = (text: string) => {
  const result = validateScenario(JSON.parse(text));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.scenario;
};
const frame = (time: number): RunFrame => ({ time, events: 1, done: false, brokers: {}, producers: {}, groups: {} });
const loaded = (runId: number, text = TEXT): FromWorker => ({ type: 'loaded', runId, scenario: scenario(text), seed: 1, sampleInterval: 0.1, frame: frame(0) });

/** A store with TEXT opened and paused at 4.5 s. */
async function pausedAt45() {
  const client = new FakeClient();
  const store = createLabStore(client);
  client.subscribe(store.getState().receive);
  await store.getState().open({ text: TEXT });
  client.reply(loaded(1));
  client.reply({ type: 'frame', runId: 1, playback: 'paused', speed: 2, frame: frame(4.5), samples: [] });
  return { client, store };
}

const lastChange = (client: FakeClient) => client.sent.filter((m): m is Extract<ToWorker, { type: 'change' }> => m.type === 'change').at(-1)!;

describe('live changes in the lab store', () => {
  it('sends the scenario with the change written into its timeline at the current time', async () => {
    const { client, store } = await pausedAt45();
    await store.getState().change('g: 3 instances', [{ action: 'scale', group: 'g', instances: 3 }]);
    const sent = lastChange(client);
    expect(sent).toMatchObject({ at: 4.5, resume: false });
    expect(JSON.parse(sent.text).timeline).toEqual([{ at: 4.5, action: 'scale', group: 'g', instances: 3 }]);
    // Nothing is committed until the worker has accepted it.
    expect(store.getState().changes).toEqual([]);
    expect(store.getState().scenarioText).toBe(TEXT);
  });

  it('commits the change when the worker loads it: the session text, the change log and a seek to the moment', async () => {
    const { client, store } = await pausedAt45();
    await store.getState().change('g: 3 instances', [{ action: 'scale', group: 'g', instances: 3 }]);
    const { text } = lastChange(client);
    client.reply(loaded(2, text));
    const state = store.getState();
    expect(state.changes).toEqual([{ at: 4.5, label: 'g: 3 instances', actions: [{ at: 4.5, action: 'scale', group: 'g', instances: 3 }] }]);
    expect(state.scenarioText).toBe(text);
    // Save and Copy link carry the session, change included.
    expect(state.source).toEqual({ text });
    expect(state.seekTarget).toBe(4.5);
    client.reply({ type: 'frame', runId: 2, playback: 'paused', speed: 2, frame: frame(4.5), samples: [] });
    expect(store.getState().seekTarget).toBeNull();
  });

  it('refuses a second change while the first is on its way, and takes one again once it is answered', async () => {
    const { client, store } = await pausedAt45();
    await store.getState().change('first', [{ action: 'scale', group: 'g', instances: 3 }]);
    await store.getState().change('second', [{ action: 'scale', group: 'g', instances: 4 }]);
    expect(client.sent.filter((m) => m.type === 'change')).toHaveLength(1);
    client.reply({ type: 'changeRejected', errors: [{ path: 'timeline[0].group', message: 'no such group' }] });
    expect(store.getState().changeErrors).toEqual([{ path: 'timeline[0].group', message: 'no such group' }]);
    expect(store.getState().changes).toEqual([]);
    await store.getState().change('second', [{ action: 'scale', group: 'g', instances: 4 }]);
    expect(client.sent.filter((m) => m.type === 'change')).toHaveLength(2);
  });

  it('asks to play on after a change made while playing', async () => {
    const { client, store } = await pausedAt45();
    client.reply({ type: 'frame', runId: 1, playback: 'playing', speed: 2, frame: frame(5), samples: [] });
    await store.getState().change('g: 2 instances', [{ action: 'scale', group: 'g', instances: 2 }]);
    expect(lastChange(client)).toMatchObject({ at: 5, resume: true });
  });

  it('undoes the last change by re-running the session without it', async () => {
    const { client, store } = await pausedAt45();
    await store.getState().change('g: 3 instances', [{ action: 'scale', group: 'g', instances: 3 }]);
    client.reply(loaded(2, lastChange(client).text));
    // The worker settles at the moment of the change; the user then plays on to 6 s.
    client.reply({ type: 'frame', runId: 2, playback: 'paused', speed: 2, frame: frame(4.5), samples: [] });
    client.reply({ type: 'frame', runId: 2, playback: 'paused', speed: 2, frame: frame(6), samples: [] });
    await store.getState().undoChange();
    const undo = lastChange(client);
    expect(undo.at).toBe(6);
    expect(undo.text).toBe(TEXT);
    client.reply(loaded(3));
    expect(store.getState().changes).toEqual([]);
    expect(store.getState().source).toEqual({ text: TEXT });
  });

  it('reshapes the session as another variant and keeps the changes made so far', async () => {
    const { client, store } = await pausedAt45();
    await store.getState().change('g: 3 instances', [{ action: 'scale', group: 'g', instances: 3 }]);
    client.reply(loaded(2, lastChange(client).text));
    client.reply({ type: 'frame', runId: 2, playback: 'paused', speed: 2, frame: frame(4.5), samples: [] });
    client.reply({ type: 'frame', runId: 2, playback: 'paused', speed: 2, frame: frame(7), samples: [] });
    await store.getState().reshape({ text: TEXT, variant: 'stream' });
    const reshaped = JSON.parse(lastChange(client).text);
    expect(reshaped.brokers).toEqual([{ id: 'q', kind: 'stream' }]);
    expect(reshaped.timeline).toEqual([{ at: 4.5, action: 'scale', group: 'g', instances: 3 }]);
    client.reply(loaded(3, lastChange(client).text));
    expect(store.getState().origin).toEqual({ text: TEXT, variant: 'stream' });
  });

  it('forgets the changes when another scenario is opened', async () => {
    const { client, store } = await pausedAt45();
    await store.getState().change('g: 3 instances', [{ action: 'scale', group: 'g', instances: 3 }]);
    client.reply(loaded(2, lastChange(client).text));
    await store.getState().open({ text: TEXT });
    expect(store.getState().changes).toEqual([]);
    expect(store.getState().origin).toEqual({ text: TEXT });
  });

  it('makes no change when the run is over', async () => {
    const { client, store } = await pausedAt45();
    client.reply({ type: 'frame', runId: 1, playback: 'done', speed: 2, frame: { ...frame(10), done: true }, samples: [] });
    await store.getState().change('late', [{ action: 'scale', group: 'g', instances: 3 }]);
    expect(client.sent.filter((m) => m.type === 'change')).toEqual([]);
  });
});
