import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FromWorker } from '../../src/runtime/protocol';
import { runScenario } from '../../src/runtime/run';
import { WorkerHost } from '../../src/runtime/worker-host';
import { loadScenarioText } from '../../src/scenario';
import { FakeEnvironment } from './fake-runtime';

// 60 virtual seconds: checkpoints every 10 s.
const CHECKOUT_BURST = readFileSync(join(import.meta.dirname, '../../scenarios/checkout-burst.json'), 'utf8');

/** With `msPerRead`, every look at the clock costs that much, so idle building comes in several chunks. */
function loaded(msPerRead = 0): { env: FakeEnvironment; host: WorkerHost } {
  const env = new FakeEnvironment(msPerRead);
  const host = new WorkerHost(env);
  host.handle({ type: 'load', text: CHECKOUT_BURST });
  return { env, host };
}

/** Every chart sample time the lab has been sent since the last `loaded`. */
function sampleTimesSinceLoad(env: FakeEnvironment): number[] {
  const at = env.posted.map((m) => m.type).lastIndexOf('loaded');
  return env.posted
    .slice(at)
    .filter((m): m is Extract<FromWorker, { type: 'frame' }> => m.type === 'frame')
    .flatMap((f) => f.samples.map((s) => s.time));
}

describe('checkpoint runs for seeks (WorkerHost)', () => {
  it('builds, while paused, a parked run at every 10 s the run has reached, latest first, in short chunks, without posting anything', () => {
    const { env, host } = loaded(1);
    host.handle({ type: 'seek', time: 35 });
    env.drain(20);
    const posted = env.posted.length;
    const seen: number[][] = [];
    for (let i = 0; i < 200 && host.checkpointTimes().length < 3; i++) {
      env.advance(30);
      seen.push(host.checkpointTimes());
    }
    expect(seen.filter((times) => times.length > 0)[0]).toEqual([30]);
    expect(host.checkpointTimes()).toEqual([10, 20, 30]);
    // Several idle chunks, each short.
    expect(seen.filter((times) => times.length === 0).length).toBeGreaterThan(1);
    expect(env.posted.length).toBe(posted);
  });

  it('starts a backward seek from the latest checkpoint before the target: a new run whose first frame brings the whole history', () => {
    const { env, host } = loaded();
    host.handle({ type: 'seek', time: 50 });
    env.drain();
    host.handle({ type: 'seek', time: 27.5 });
    const loads = env.messages('loaded');
    expect(loads).toHaveLength(2);
    // The new run comes on show at the checkpoint, not at 0…
    expect(loads[1]!.frame.time).toBe(20);
    // …and the charts still get every sample from 0, once each.
    expect(sampleTimesSinceLoad(env)).toEqual(Array.from({ length: 111 }, (_, i) => i * 0.25));
    expect(env.messages('frame').at(-1)).toMatchObject({ runId: 2, playback: 'paused', frame: { time: 27.5 } });
    // The checkpoint it used is gone until the next idle moment builds it again.
    expect(host.checkpointTimes()).toEqual([10, 30, 40, 50]);
    env.drain();
    expect(host.checkpointTimes()).toEqual([10, 20, 30, 40, 50]);
  });

  it('plays on from a checkpoint to the very trace an uninterrupted run gives', () => {
    const { env, host } = loaded();
    host.handle({ type: 'finish' });
    env.drain();
    for (const time of [44, 13, 58, 31]) {
      host.handle({ type: 'seek', time });
      env.drain();
    }
    host.handle({ type: 'finish' });
    env.drain();
    const scenario = loadScenarioText(CHECKOUT_BURST);
    if (!scenario.ok) throw new Error('checkout-burst.json must validate');
    const reports = env.messages('report');
    expect(reports.at(-1)!.report.traceHash).toBe(runScenario(scenario.scenario).traceHash);
    // Three seeks back, each from a checkpoint (never from 0).
    expect(env.messages('loaded').slice(1).map((m) => m.frame.time)).toEqual([40, 10, 50, 30]);
  });

  it('takes a checkpoint ahead of the run on show for a long seek forward', () => {
    const { env, host } = loaded();
    host.handle({ type: 'seek', time: 45 });
    env.drain();
    host.handle({ type: 'seek', time: 5 });
    env.drain();
    host.handle({ type: 'seek', time: 43 });
    expect(env.messages('loaded').map((m) => m.frame.time)).toEqual([0, 0, 40]);
    expect(env.messages('frame').at(-1)).toMatchObject({ playback: 'paused', frame: { time: 43 } });
  });

  it('stops building while playing, and forgets the checkpoints when another scenario is loaded', () => {
    const { env, host } = loaded(1);
    host.handle({ type: 'seek', time: 45 });
    env.drain(20);
    env.advance(60);
    host.handle({ type: 'play' });
    const during = host.checkpointTimes();
    expect(during.length).toBeLessThan(4);
    env.advance(2000);
    expect(host.checkpointTimes()).toEqual(during);
    host.handle({ type: 'pause' });
    env.drain();
    expect(host.checkpointTimes().length).toBeGreaterThan(during.length);
    host.handle({ type: 'load', text: CHECKOUT_BURST });
    expect(host.checkpointTimes()).toEqual([]);
  });
});
