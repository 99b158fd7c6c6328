import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime/run';
import { WorkerHost } from '../../src/runtime/worker-host';
import { loadScenarioText } from '../../src/scenario';
import { FakeEnvironment } from './fake-runtime';

const CHECKOUT_BURST = readFileSync(join(import.meta.dirname, '../../scenarios/checkout-burst.json'), 'utf8');

function loaded(env = new FakeEnvironment()): { env: FakeEnvironment; host: WorkerHost } {
  const host = new WorkerHost(env);
  host.handle({ type: 'load', text: CHECKOUT_BURST });
  return { env, host };
}

const lastFrame = (env: FakeEnvironment) => env.messages('frame').at(-1)!;

describe('WorkerHost (the lab worker behind the runtime protocol)', () => {
  it('loads a scenario paused at time 0 and reports it with its seed and chart interval', () => {
    const { env } = loaded();
    const [message] = env.messages('loaded');
    expect(message).toMatchObject({ runId: 1, seed: 7, sampleInterval: 0.25, frame: { time: 0, events: 0, done: false } });
    expect(message!.scenario.name).toBe('Checkout burst (load levelling)');
    expect(lastFrame(env)).toMatchObject({ playback: 'paused', frame: { time: 0 } });
    expect(env.pendingTimers).toBe(0);
  });

  it('answers a bad scenario with path-named errors and then ignores play', () => {
    const env = new FakeEnvironment();
    const host = new WorkerHost(env);
    host.handle({ type: 'load', text: CHECKOUT_BURST.replace('"instances": 10', '"instances": -1') });
    expect(env.messages('errors')[0]!.errors.map((e) => e.path)).toEqual(['consumers[0].instances']);
    host.handle({ type: 'play' });
    env.advance(1000);
    expect(env.messages('frame')).toEqual([]);
    expect(env.pendingTimers).toBe(0);
  });

  it('plays ten virtual seconds per wall second at speed ×10', () => {
    const { env, host } = loaded();
    host.handle({ type: 'setSpeed', speed: 10 });
    host.handle({ type: 'play' });
    env.advance(1000);
    // Ticks every 16 ms: the last one before 1000 ms fired at 992 ms.
    expect(lastFrame(env).frame.time).toBeCloseTo(9.92, 9);
    expect(lastFrame(env).playback).toBe('playing');
  });

  it('stops advancing on pause and resumes from where it was', () => {
    const { env, host } = loaded();
    host.handle({ type: 'play' });
    env.advance(500);
    host.handle({ type: 'pause' });
    const paused = lastFrame(env).frame.time;
    env.advance(5000);
    expect(lastFrame(env).frame.time).toBe(paused);
    expect(lastFrame(env).playback).toBe('paused');
    host.handle({ type: 'play' });
    env.advance(160);
    expect(lastFrame(env).frame.time).toBeCloseTo(paused + 0.16, 9);
  });

  it('counts a long stall as a short gap, so playback never leaps ahead', () => {
    const { env, host } = loaded();
    host.handle({ type: 'setSpeed', speed: 10 });
    host.handle({ type: 'play' });
    env.time += 5000; // e.g. a throttled background tab: the next tick fires late
    env.advance(0);
    expect(lastFrame(env).frame.time).toBeCloseTo(1.0, 9); // the 100 ms cap at ×10
  });

  it('runs exactly one event per step and pauses a playing run first', () => {
    const { env, host } = loaded();
    host.handle({ type: 'play' });
    env.advance(100);
    const before = lastFrame(env).frame.events;
    host.handle({ type: 'step' });
    expect(lastFrame(env)).toMatchObject({ playback: 'paused', frame: { events: before + 1 } });
    host.handle({ type: 'step' });
    expect(lastFrame(env).frame.events).toBe(before + 2);
    env.advance(1000);
    expect(lastFrame(env).frame.events).toBe(before + 2);
  });

  it('clamps the speed to ×0.1 … ×1000 and rejects a speed that is not a number', () => {
    const { env, host } = loaded();
    host.handle({ type: 'setSpeed', speed: 1e9 });
    expect(lastFrame(env).speed).toBe(1000);
    host.handle({ type: 'setSpeed', speed: 0 });
    expect(lastFrame(env).speed).toBe(0.1);
    host.handle({ type: 'setSpeed', speed: NaN });
    expect(env.messages('error')[0]!.message).toMatch(/speed must be a finite number/);
  });

  it('finishes in wall-time-bounded chunks with the same trace hash as one uninterrupted run', () => {
    // Every clock read costs 1 ms, so each 10 ms chunk stops after a few batches of events.
    const { env, host } = loaded(new FakeEnvironment(1));
    for (let i = 0; i < 7; i++) host.handle({ type: 'step' });
    host.handle({ type: 'finish' });
    env.drain();
    const scenario = loadScenarioText(CHECKOUT_BURST);
    if (!scenario.ok) throw new Error('checkout-burst.json must validate');
    const expected = runScenario(scenario.scenario);
    const reports = env.messages('report');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.report.traceHash).toBe(expected.traceHash);
    expect(reports[0]!.report.events).toBe(expected.events);
    expect(env.messages('frame').filter((f) => f.playback === 'finishing').length).toBeGreaterThan(3);
    // The report comes last, after the final frame (and the final snapshot) of the finished run.
    expect(env.posted.map((m) => m.type).slice(-3)).toEqual(['frame', 'snapshot', 'report']);
    expect(lastFrame(env)).toMatchObject({ type: 'frame', playback: 'done', frame: { done: true, time: 60 } });
  });

  it('takes one chart sample every interval from 0 to the end, however the run was paced', () => {
    const { env, host } = loaded();
    host.handle({ type: 'step' });
    host.handle({ type: 'setSpeed', speed: 7 });
    host.handle({ type: 'play' });
    env.advance(2345);
    host.handle({ type: 'finish' });
    env.drain();
    const times = env.messages('frame').flatMap((f) => f.samples.map((s) => s.time));
    expect(times).toEqual(Array.from({ length: 241 }, (_, i) => i * 0.25));
    const atBurstEnd = env.messages('frame').flatMap((f) => f.samples).find((s) => s.time === 10.25)!;
    expect(atBurstEnd.brokers.orders!.depth).toBeGreaterThan(50);
  });

  it('starts a fresh run with a new id on reload and ignores controls once done', () => {
    const { env, host } = loaded();
    host.handle({ type: 'finish' });
    env.drain();
    const frames = env.messages('frame').length;
    host.handle({ type: 'step' });
    host.handle({ type: 'play' });
    expect(env.messages('frame')).toHaveLength(frames);
    host.handle({ type: 'load', text: CHECKOUT_BURST });
    expect(env.messages('loaded').map((m) => m.runId)).toEqual([1, 2]);
    expect(lastFrame(env)).toMatchObject({ runId: 2, playback: 'paused', frame: { time: 0 } });
  });

  it('posts a report snapshot on load, a few a second while playing, and one matching the final report at the end', () => {
    const { env, host } = loaded();
    expect(env.messages('snapshot')).toHaveLength(1);
    expect(env.messages('snapshot')[0]!.report).not.toHaveProperty('series');
    host.handle({ type: 'setSpeed', speed: 10 });
    host.handle({ type: 'play' });
    env.advance(1000);
    // 62 frames in that second, but a snapshot at most every 250 ms.
    const whilePlaying = env.messages('snapshot').length - 1;
    expect(whilePlaying).toBeGreaterThanOrEqual(3);
    expect(whilePlaying).toBeLessThanOrEqual(5);
    host.handle({ type: 'pause' });
    const atPause = env.messages('snapshot').at(-1)!;
    expect(atPause.report.events).toBe(lastFrame(env).frame.events);
    host.handle({ type: 'finish' });
    env.advance(60_000);
    const { series: _series, ...final } = env.messages('report')[0]!.report;
    expect(env.messages('snapshot').at(-1)!.report).toEqual(final);
  });
});
