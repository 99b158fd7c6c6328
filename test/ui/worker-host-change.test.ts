import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime/run';
import { WorkerHost } from '../../src/runtime/worker-host';
import { loadScenarioText } from '../../src/scenario';
import { withTimelineActions } from '../../src/scenario/timeline-text';
import type { TimelineAction } from '../../src/scenario/schema';
import { FakeEnvironment } from './fake-runtime';

const CHECKOUT_BURST = readFileSync(join(import.meta.dirname, '../../scenarios/checkout-burst.json'), 'utf8');

/** A host with checkout-burst played for `ms` wall milliseconds at ×10, then paused. */
function pausedAfter(ms: number): { env: FakeEnvironment; host: WorkerHost; at: number } {
  const env = new FakeEnvironment();
  const host = new WorkerHost(env);
  host.handle({ type: 'load', text: CHECKOUT_BURST });
  host.handle({ type: 'setSpeed', speed: 10 });
  host.handle({ type: 'play' });
  env.advance(ms);
  host.handle({ type: 'pause' });
  return { env, host, at: env.messages('frame').at(-1)!.frame.time };
}

function changed(actions: TimelineAction[]): string {
  const result = withTimelineActions(CHECKOUT_BURST, actions);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.text;
}

const lastFrame = (env: FakeEnvironment) => env.messages('frame').at(-1)!;

describe('WorkerHost live changes', () => {
  it('re-simulates the changed scenario to the moment of the change, pauses there, and finishes with the trace of the saved scenario', () => {
    const { env, host, at } = pausedAfter(1000);
    const text = changed([{ at, action: 'scale', group: 'fulfilment', instances: 2 }]);
    host.handle({ type: 'change', text, at, resume: false });
    env.drain();
    expect(env.messages('loaded').map((m) => m.runId)).toEqual([1, 2]);
    expect(env.messages('loaded')[1]!.scenario.timeline.at(-1)).toEqual({ at, action: 'scale', group: 'fulfilment', instances: 2 });
    expect(lastFrame(env)).toMatchObject({ runId: 2, playback: 'paused', frame: { time: at } });

    host.handle({ type: 'finish' });
    env.drain();
    const saved = loadScenarioText(text);
    if (!saved.ok) throw new Error('the changed scenario must validate');
    const replay = runScenario(saved.scenario);
    expect(env.messages('report')[0]!.report.traceHash).toBe(replay.traceHash);
    // The change took effect: fewer workers than the file's, so a different run from the unchanged one.
    const original = loadScenarioText(CHECKOUT_BURST);
    if (!original.ok) throw new Error('checkout-burst.json must validate');
    expect(replay.traceHash).not.toBe(runScenario(original.scenario).traceHash);
  });

  it('plays on after a change made while playing', () => {
    const { env, host, at } = pausedAfter(500);
    host.handle({ type: 'play' });
    host.handle({ type: 'change', text: changed([{ at, action: 'set-rate', producer: 'checkout', perSecond: 1 }]), at, resume: true });
    env.drain(200);
    const frames = env.messages('frame').filter((f) => f.runId === 2);
    expect(frames.some((f) => f.playback === 'paused' && f.frame.time === at)).toBe(true);
    expect(lastFrame(env).playback).toBe('playing');
    expect(lastFrame(env).frame.time).toBeGreaterThan(at);
  });

  it('answers a change the scenario refuses with path-named errors and leaves the run on show as it was', () => {
    const { env, host, at } = pausedAfter(1000);
    const timeline = JSON.parse(CHECKOUT_BURST).timeline?.length ?? 0;
    const before = env.posted.length;
    host.handle({ type: 'change', text: changed([{ at, action: 'scale', group: 'shipping', instances: 2 }]), at, resume: false });
    const [rejected] = env.messages('changeRejected');
    expect(rejected!.errors.map((e) => e.path)).toEqual([`timeline[${timeline}].group`]);
    expect(env.posted.slice(before).map((m) => m.type)).toEqual(['changeRejected']);
    host.handle({ type: 'step' });
    expect(lastFrame(env)).toMatchObject({ runId: 1, playback: 'paused' });
    expect(lastFrame(env).frame.time).toBeGreaterThanOrEqual(at);
  });

  it('refuses a change with no run loaded or at a time that is not a time', () => {
    const env = new FakeEnvironment();
    const host = new WorkerHost(env);
    host.handle({ type: 'change', text: CHECKOUT_BURST, at: 1, resume: false });
    host.handle({ type: 'load', text: CHECKOUT_BURST });
    host.handle({ type: 'change', text: CHECKOUT_BURST, at: Number.NaN, resume: false });
    expect(env.messages('changeRejected').map((m) => m.errors[0]!.message)).toEqual([
      'nothing is loaded to change; open a scenario first',
      'seek time must be a finite number of virtual seconds, got NaN',
    ]);
    expect(env.messages('loaded')).toHaveLength(1);
  });
});

describe('WorkerHost growing a stream live', () => {
  it('shows the new partitions filling on the canvas and lagging in the charts, and nothing is lost', () => {
    const text = readFileSync(join(import.meta.dirname, '../../scenarios/signup-stream.json'), 'utf8');
    const env = new FakeEnvironment();
    const host = new WorkerHost(env);
    host.handle({ type: 'load', text });
    host.handle({ type: 'seek', time: 20 });
    env.drain();
    const grown = withTimelineActions(text, [{ at: 20, action: 'add-partitions', stream: 'user-events', partitions: 6 }]);
    if (!grown.ok) throw new Error(JSON.stringify(grown.errors));
    host.handle({ type: 'change', text: grown.text, at: 20, resume: false });
    env.drain();
    host.handle({ type: 'finish' });
    env.drain();

    const runId = env.messages('loaded').at(-1)!.runId;
    expect(runId).toBe(2);
    const frames = env.messages('frame').filter((f) => f.runId === runId);
    const ends = frames.flatMap((f) => f.topology?.streams ?? []).at(-1)!;
    expect(ends.end).toHaveLength(6);
    // Keyed sign-ups spread over all six partitions once the stream has grown.
    expect([...ends.end].every((offset) => offset > 0)).toBe(true);
    const lagged = frames.flatMap((f) => f.series ?? []).flatMap((s) => Object.values(s.groups)).filter((g) => g.partitions !== undefined);
    expect(lagged.every((g) => g.partitions!.length === 6)).toBe(true);
    expect(env.messages('report')[0]!.report.invariants).toMatchObject({ ok: true, violationCount: 0 });
  });
});
