import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/model';
import { isInteresting } from '../../src/runtime/interesting';
import type { FromWorker } from '../../src/runtime/protocol';
import { Run } from '../../src/runtime/run';
import { WorkerHost } from '../../src/runtime/worker-host';
import { chartSampleInterval, SampledRun } from '../../src/runtime/worker-sampled-run';
import { loadScenarioText, type Scenario } from '../../src/scenario';
import { FakeEnvironment } from './fake-runtime';

const text = (name: string) => readFileSync(join(import.meta.dirname, `../../scenarios/${name}.json`), 'utf8');
const CHECKOUT_BURST = text('checkout-burst');

function scenarioOf(source: string): Scenario {
  const result = loadScenarioText(source);
  if (!result.ok) throw new Error('library scenario must validate');
  return result.scenario;
}

function loaded(source = CHECKOUT_BURST, env = new FakeEnvironment()): { env: FakeEnvironment; host: WorkerHost } {
  const host = new WorkerHost(env);
  host.handle({ type: 'load', text: source });
  return { env, host };
}

/** What the lab has been told about the current run: everything posted since its last `loaded`. */
function sinceLastLoad(env: FakeEnvironment): FromWorker[] {
  const at = env.posted.map((m) => m.type).lastIndexOf('loaded');
  return env.posted.slice(at);
}

function view(env: FakeEnvironment) {
  const posted = sinceLastLoad(env);
  const frames = posted.filter((m): m is Extract<FromWorker, { type: 'frame' }> => m.type === 'frame');
  const snapshots = posted.filter((m): m is Extract<FromWorker, { type: 'snapshot' }> => m.type === 'snapshot');
  const last = frames.at(-1)!;
  return {
    frame: last.frame,
    playback: last.playback,
    samples: frames.flatMap((f) => f.samples),
    series: frames.flatMap((f) => f.series ?? []),
    levels: { groups: last.topology?.groups, streams: last.topology?.streams, offsets: last.topology?.offsets },
    report: snapshots.at(-1)!.report,
  };
}

describe('seeking (WorkerHost)', () => {
  it('seeking backward shows the same frame, chart samples, topology levels and report as running straight there', () => {
    const { env, host } = loaded();
    host.handle({ type: 'finish' });
    env.drain();
    host.handle({ type: 'seek', time: 23.3 });
    const back = view(env);

    const straight = loaded();
    straight.host.handle({ type: 'seek', time: 23.3 });
    const forward = view(straight.env);

    expect(back.playback).toBe('paused');
    expect(back.frame.time).toBe(23.3);
    expect(back.frame).toEqual(forward.frame);
    expect(back.samples).toEqual(forward.samples);
    expect(back.series).toEqual(forward.series);
    expect(back.levels).toEqual(forward.levels);
    expect(back.report).toEqual(forward.report);

    // …and both are what an uninterrupted run gives at 23.3 s.
    const scenario = scenarioOf(CHECKOUT_BURST);
    const reference = new SampledRun(new Run(scenario), chartSampleInterval(scenario.duration, scenario.sampleInterval));
    reference.advance(23.3, Infinity, () => 0);
    const { series: _series, ...report } = reference.run.report();
    expect(back.report).toEqual(report);
    expect(back.report.traceHash).toBe(report.traceHash);
    expect(back.samples.map((s) => s.time)).toEqual(Array.from({ length: 94 }, (_, i) => i * 0.25));
    expect(back.samples).toEqual(reference.takeSamples());
  });

  it('sends no movements for the history a seek ran through, and movements again once playing on', () => {
    const { env, host } = loaded();
    host.handle({ type: 'seek', time: 12 });
    const seekFrames = sinceLastLoad(env).filter((m): m is Extract<FromWorker, { type: 'frame' }> => m.type === 'frame');
    expect(seekFrames.at(-1)!.topology!.movement.count).toBe(0);
    host.handle({ type: 'play' });
    env.advance(500);
    const moved = env.messages('frame').reduce((n, f) => n + (f.topology?.movement.count ?? 0), 0);
    expect(moved).toBeGreaterThan(0);
  });

  it('a backward seek starts a fresh run of the same scenario and seed, so every view starts over', () => {
    const { env, host } = loaded();
    host.handle({ type: 'seek', time: 40 });
    host.handle({ type: 'seek', time: 10 });
    const loads = env.messages('loaded');
    expect(loads.map((m) => m.runId)).toEqual([1, 2]);
    expect(loads[1]!.seed).toBe(loads[0]!.seed);
    expect(loads[1]!.frame.time).toBe(0);
    expect(env.messages('frame').at(-1)).toMatchObject({ runId: 2, playback: 'paused', frame: { time: 10 } });
  });

  it('seeking forward runs on from now in the same run, with the samples continuing where they were', () => {
    const { env, host } = loaded();
    host.handle({ type: 'setSpeed', speed: 10 });
    host.handle({ type: 'play' });
    env.advance(500);
    host.handle({ type: 'seek', time: 30 });
    expect(env.messages('loaded')).toHaveLength(1);
    expect(env.messages('frame').at(-1)).toMatchObject({ runId: 1, playback: 'paused', frame: { time: 30 } });
    const times = env.messages('frame').flatMap((f) => f.samples.map((s) => s.time));
    expect(times).toEqual(Array.from({ length: 121 }, (_, i) => i * 0.25));
    // Paused: nothing plays on; the only work left builds checkpoint runs for later seeks.
    const frames = env.messages('frame').length;
    env.drain();
    expect(env.messages('frame')).toHaveLength(frames);
    expect(host.checkpointTimes()).toEqual([10, 20, 30]);
  });

  it('seeking past the end runs to the end, reports once and is done', () => {
    const { env, host } = loaded();
    host.handle({ type: 'seek', time: 1e9 });
    expect(env.messages('frame').at(-1)).toMatchObject({ playback: 'done', frame: { time: 60, done: true } });
    expect(env.messages('report')).toHaveLength(1);
    host.handle({ type: 'seek', time: 60 });
    expect(env.messages('report')).toHaveLength(1);
    expect(env.messages('frame').at(-1)!.playback).toBe('done');
  });

  it('seeking back from the end gives a live run again, and its report once it is done', () => {
    const { env, host } = loaded();
    host.handle({ type: 'finish' });
    env.drain();
    host.handle({ type: 'seek', time: 5 });
    expect(env.messages('frame').at(-1)).toMatchObject({ runId: 2, playback: 'paused', frame: { time: 5 } });
    host.handle({ type: 'finish' });
    env.drain();
    const reports = env.messages('report');
    expect(reports.map((r) => r.runId)).toEqual([1, 2]);
    expect(reports[1]!.report.traceHash).toBe(reports[0]!.report.traceHash);
  });

  it.each([NaN, -1, Infinity, '12' as unknown as number, undefined as unknown as number])(
    'rejects the seek time %s with a clear error and leaves the run as it was',
    (time) => {
      const { env, host } = loaded();
      host.handle({ type: 'seek', time: 12 });
      const before = env.posted.length;
      host.handle({ type: 'seek', time });
      expect(env.posted.slice(before)).toEqual([{ type: 'error', message: expect.stringMatching(/^seek time must be/) as unknown as string }]);
      host.handle({ type: 'step' });
      expect(env.messages('frame').at(-1)!.frame.time).toBeGreaterThanOrEqual(12);
    },
  );

  it('seeks in wall-time-bounded chunks with seeking frames between them, and yields to other messages', () => {
    // Every clock read costs 1 ms, so a 50 ms chunk stops after a few batches of events.
    const { env, host } = loaded(CHECKOUT_BURST, new FakeEnvironment(1));
    host.handle({ type: 'seek', time: 50 });
    expect(env.pendingTimers).toBe(1);
    expect(env.messages('frame').at(-1)!.playback).toBe('seeking');
    env.drain();
    const frames = env.messages('frame');
    expect(frames.filter((f) => f.playback === 'seeking').length).toBeGreaterThan(2);
    expect(frames.at(-1)).toMatchObject({ playback: 'paused', frame: { time: 50 } });
    // A newer seek replaces one under way.
    host.handle({ type: 'seek', time: 10 });
    host.handle({ type: 'seek', time: 20 });
    env.drain();
    expect(env.messages('frame').at(-1)).toMatchObject({ playback: 'paused', frame: { time: 20 } });
    expect(env.pendingTimers).toBe(0);
  });

  it('play during a seek abandons it and plays on from where the seek had got to', () => {
    const { env, host } = loaded(CHECKOUT_BURST, new FakeEnvironment(1));
    host.handle({ type: 'seek', time: 50 });
    const reached = env.messages('frame').at(-1)!.frame.time;
    host.handle({ type: 'play' });
    env.advance(100);
    const frame = env.messages('frame').at(-1)!;
    expect(frame.playback).toBe('playing');
    expect(frame.frame.time).toBeGreaterThanOrEqual(reached);
    expect(frame.frame.time).toBeLessThan(50);
  });
});

describe('stepping to the next interesting event (WorkerHost)', () => {
  /** Steps an uninterrupted run event by event until it emits an interesting record (from `after` on). */
  function firstInteresting(source: string, after: number): { events: number; record: TraceRecord } {
    let found: TraceRecord | null = null;
    const run = new Run(scenarioOf(source), {
      onTrace: (r) => {
        if (found === null && run.now >= after && isInteresting(r)) found = { ...r };
      },
    });
    run.advanceTo(after);
    while (found === null && run.step());
    return { events: run.events, record: found! };
  }

  it('stops exactly after the event that emitted the next interesting record, and says what it was', () => {
    const source = text('retry-storm');
    const { env, host } = loaded(source);
    host.handle({ type: 'seek', time: 61 });
    const expected = firstInteresting(source, 61);
    host.handle({ type: 'stepInteresting' });
    const last = env.posted.at(-1)!;
    expect(last.type).toBe('interesting');
    const stop = env.messages('interesting')[0]!;
    expect(stop.event).toMatchObject({ kind: expected.record.kind === 'delivered' ? 'redelivered' : expected.record.kind, time: expected.record.time });
    expect(stop.event!.text.length).toBeGreaterThan(5);
    expect(env.messages('frame').at(-1)).toMatchObject({ playback: 'paused', frame: { events: expected.events, time: expected.record.time } });
  });

  it('stops at the same event when the search is cut into wall-time-bounded chunks', () => {
    const source = text('retry-storm');
    const expected = firstInteresting(source, 61);
    // Every clock read costs 1 ms: the 50 ms chunks end after a few hundred steps each.
    const { env, host } = loaded(source, new FakeEnvironment(1));
    host.handle({ type: 'seek', time: 61 });
    env.drain();
    host.handle({ type: 'stepInteresting' });
    env.drain();
    expect(env.messages('interesting')[0]!.event!.time).toBe(expected.record.time);
    expect(env.messages('frame').at(-1)).toMatchObject({ playback: 'paused', frame: { events: expected.events } });
  });

  it('stops at a caption of the timeline when it comes first', () => {
    const { env, host } = loaded(text('design-challenge'));
    host.handle({ type: 'stepInteresting' });
    expect(env.messages('interesting')[0]!.event).toMatchObject({ kind: 'caption', time: 1 });
    expect(env.messages('interesting')[0]!.event!.text).toMatch(/^caption: USER_CREATED events start flowing/);
    expect(env.messages('frame').at(-1)).toMatchObject({ playback: 'paused', frame: { time: 1 } });
  });

  it('runs to the end in bounded chunks and says so when nothing interesting is left', () => {
    const { env, host } = loaded(CHECKOUT_BURST, new FakeEnvironment(1));
    host.handle({ type: 'stepInteresting' });
    expect(env.pendingTimers).toBe(1);
    env.drain();
    expect(env.messages('frame').filter((f) => f.playback === 'seeking').length).toBeGreaterThanOrEqual(1);
    expect(env.messages('interesting')).toEqual([{ type: 'interesting', runId: 1, event: null }]);
    expect(env.messages('frame').at(-1)).toMatchObject({ playback: 'done', frame: { time: 60 } });
    expect(env.messages('report')).toHaveLength(1);
  });
});
