import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportTrace } from '../../src/runtime/trace-export';
import { WorkerHost } from '../../src/runtime/worker-host';
import { loadScenarioText } from '../../src/scenario';
import { FakeEnvironment } from './fake-runtime';

const CHECKOUT_BURST = readFileSync(join(import.meta.dirname, '../../scenarios/checkout-burst.json'), 'utf8');

describe('WorkerHost trace export', () => {
  it('pauses and answers with the trace of the run so far, the same as a run straight to that time', () => {
    const env = new FakeEnvironment();
    const host = new WorkerHost(env);
    host.handle({ type: 'load', text: CHECKOUT_BURST });
    host.handle({ type: 'setSpeed', speed: 10 });
    host.handle({ type: 'play' });
    env.advance(1500);
    host.handle({ type: 'exportTrace' });
    const [trace] = env.messages('trace');
    const lastFrame = env.messages('frame').at(-1)!;
    expect(lastFrame.playback).toBe('paused');
    expect(trace!.until).toBe(lastFrame.frame.time);
    expect(trace!.until).toBeGreaterThan(10);
    const loaded = loadScenarioText(CHECKOUT_BURST);
    if (!loaded.ok) throw new Error('checkout-burst.json must validate');
    const expected = exportTrace(loaded.scenario, loaded.scenario.seed, trace!.until);
    expect(trace!.text).toBe(expected.text);
    expect(trace!.records).toBe(expected.records);
    env.advance(1000);
    expect(env.messages('frame').at(-1)!.frame.time).toBe(trace!.until);
  });

  it('ignores an export before anything is loaded', () => {
    const env = new FakeEnvironment();
    new WorkerHost(env).handle({ type: 'exportTrace' });
    expect(env.posted).toEqual([]);
  });
});
