import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/model';
import { ChartTap } from '../../src/runtime/chart-tap';
import { Run } from '../../src/runtime/run';
import { WorkerHost } from '../../src/runtime/worker-host';
import { SampledRun } from '../../src/runtime/worker-sampled-run';
import { loadScenarioText, type Scenario } from '../../src/scenario';
import { FakeEnvironment } from '../ui/fake-runtime';

/** A queue group (email on signups) and a stream group (audit on events, 2 partitions). */
const SMALL = JSON.stringify({
  version: 1,
  name: 'chart tap',
  duration: 10,
  producers: [
    { id: 'web', target: 'signups', rate: { perSecond: 1 } },
    { id: 'log', target: 'events', rate: { perSecond: 1 } },
  ],
  brokers: [
    { id: 'signups', kind: 'queue' },
    { id: 'events', kind: 'stream', partitions: 2 },
  ],
  consumers: [
    { id: 'email', reads: 'signups', instances: 1, concurrency: 1, processing: { type: 'constant', value: 0.1 } },
    { id: 'audit', reads: 'events', instances: 1, concurrency: 1, processing: { type: 'constant', value: 0.1 } },
  ],
});

function scenarioOf(text: string): Scenario {
  const result = loadScenarioText(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.scenario;
}

/** A trace record with the defaults of a record about nothing in particular. */
function rec(kind: TraceRecord['kind'], time: number, fields: Partial<TraceRecord> = {}): TraceRecord {
  return { kind, time, message: 1, publishedAt: 0, producer: '', broker: '', group: '', consumer: '', reason: '', attempt: 0, partition: -1, offset: -1, ...fields };
}

const NO_BROKERS = {};

describe('ChartTap (the charts’ counts, latencies, lag and alerts per sample interval)', () => {
  it('counts publishes, acks, drops, dead letters, redeliveries and retries per interval, then starts again from zero', () => {
    const tap = new ChartTap(scenarioOf(SMALL));
    for (const r of [
      rec('published', 0.1, { broker: 'signups' }),
      rec('published', 0.2, { broker: 'signups' }),
      rec('published', 0.3, { broker: 'signups', reason: 'retry' }),
      rec('acked', 0.4, { group: 'email', attempt: 1 }),
      rec('dropped', 0.5, { reason: 'maxlen' }),
      rec('expired', 0.5),
      rec('dead-lettered', 0.6, { reason: 'retry-limit' }),
      rec('delivered', 0.7, { group: 'email', attempt: 1 }),
      rec('delivered', 0.7, { group: 'email', attempt: 2 }),
      rec('delayed', 0.8, { reason: 'retry' }),
      rec('delayed', 0.8, { reason: '' }),
      rec('retrying', 0.9, { attempt: 2 }),
    ]) {
      tap.observe(r);
    }
    expect(tap.sample(1, NO_BROKERS)).toMatchObject({ time: 1, published: 3, acked: 1, dropped: 2, deadLettered: 1, redelivered: 1, retried: 3, alerts: [] });
    tap.observe(rec('acked', 1.5, { group: 'audit' }));
    expect(tap.sample(2, NO_BROKERS)).toMatchObject({ time: 2, published: 0, acked: 1, dropped: 0, deadLettered: 0, redelivered: 0, retried: 0 });
  });

  it('gives each group the p50, p95 and p99 of its end-to-end latency over the interval’s acks, and NaN without acks', () => {
    const tap = new ChartTap(scenarioOf(SMALL));
    // 100 acks of email with latencies 0.01 … 1.00 s; audit acks nothing.
    for (let i = 1; i <= 100; i++) tap.observe(rec('acked', 5, { group: 'email', publishedAt: 5 - i / 100 }));
    const first = tap.sample(5, NO_BROKERS);
    expect(first.groups.email!.acked).toBe(100);
    // The histogram is within 1% of the exact sample quantiles (ranks 49, 94 and 98 of 0 … 99).
    expect(first.groups.email!.p50).toBeCloseTo(0.5, 2);
    expect(first.groups.email!.p95).toBeCloseTo(0.95, 1);
    expect(Math.abs(first.groups.email!.p99 - 0.99) / 0.99).toBeLessThan(0.01);
    expect(first.groups.audit).toMatchObject({ acked: 0, p50: NaN, p95: NaN, p99: NaN });
    tap.observe(rec('acked', 6, { group: 'email', publishedAt: 4 }));
    const second = tap.sample(6, NO_BROKERS);
    // The previous interval's acks no longer count.
    expect(second.groups.email).toMatchObject({ acked: 1, p50: 2, p95: 2, p99: 2 });
  });

  it('reads a queue group’s lag as ready plus in flight of its queue', () => {
    const tap = new ChartTap(scenarioOf(SMALL));
    expect(tap.sample(1, { signups: { depth: 7, inflight: 2 } }).groups.email).toMatchObject({ lag: 9 });
    expect(tap.sample(1, { signups: { depth: 7, inflight: 2 } }).groups.email!.partitions).toBeUndefined();
  });

  it('reads a stream group’s lag as log end minus committed offset, per partition and summed', () => {
    const tap = new ChartTap(scenarioOf(SMALL));
    for (let offset = 0; offset < 5; offset++) tap.observe(rec('appended', 1, { broker: 'events', partition: 0, offset }));
    for (let offset = 0; offset < 3; offset++) tap.observe(rec('appended', 1, { broker: 'events', partition: 1, offset }));
    // Before any commit the group is behind by the whole log.
    expect(tap.sample(1, NO_BROKERS).groups.audit).toMatchObject({ lag: 8, partitions: [5, 3] });
    tap.observe(rec('committed', 2, { broker: 'events', group: 'audit', partition: 0, offset: 4, message: 0 }));
    tap.observe(rec('committed', 2, { broker: 'events', group: 'audit', partition: 1, offset: 3, message: 0 }));
    expect(tap.sample(2, NO_BROKERS).groups.audit).toMatchObject({ lag: 1, partitions: [1, 0] });
  });

  it('starts a stream group that was reset to the log end with no lag', () => {
    const tap = new ChartTap(scenarioOf(SMALL));
    for (let offset = 0; offset < 4; offset++) tap.observe(rec('appended', 1, { broker: 'events', partition: 0, offset }));
    tap.observe(rec('reset', 1, { broker: 'events', group: 'audit', partition: 0, offset: 4, reason: 'latest', message: 0 }));
    expect(tap.sample(1, NO_BROKERS).groups.audit).toMatchObject({ lag: 0, partitions: [0, 0] });
  });

  it('gives a group the timeline adds later no lag before it joins (NaN, a gap in the chart)', () => {
    const late = JSON.parse(SMALL) as { consumers: { id: string }[]; timeline?: unknown[] };
    const audit = late.consumers.pop()!;
    late.timeline = [{ at: 5, action: 'add-group', group: audit }];
    const tap = new ChartTap(scenarioOf(JSON.stringify(late)));
    tap.observe(rec('appended', 1, { broker: 'events', partition: 0, offset: 0 }));
    expect(tap.sample(4, NO_BROKERS).groups.audit!.lag).toBeNaN();
    expect(tap.sample(5, NO_BROKERS).groups.audit).toMatchObject({ lag: 1, partitions: [1, 0] });
  });

  it('hands on each alert change once, in the interval it happened', () => {
    const tap = new ChartTap(scenarioOf(SMALL));
    tap.observe(rec('alert', 3.5, { reason: 'email-behind', group: 'email', broker: 'signups', attempt: 1, offset: 250, message: 0 }));
    tap.observe(rec('alert', 3.75, { reason: 'email-behind', group: 'email', broker: 'signups', attempt: 0, offset: 10, message: 0 }));
    expect(tap.sample(4, NO_BROKERS).alerts).toEqual([
      { time: 3.5, name: 'email-behind', firing: true, group: 'email', broker: 'signups', value: 250 },
      { time: 3.75, name: 'email-behind', firing: false, group: 'email', broker: 'signups', value: 10 },
    ]);
    expect(tap.sample(5, NO_BROKERS).alerts).toEqual([]);
  });
});

describe('ChartTap on a SampledRun', () => {
  const NO_MONITORING = readFileSync(join(import.meta.dirname, '../../scenarios/anti-pattern-no-monitoring.json'), 'utf8');

  /** Plays the fixed variant with the run cut into pieces of `piece` virtual seconds. */
  function play(piece: number, budget: number): { series: ReturnType<SampledRun['takeSeries']>; depth: number } {
    const result = loadScenarioText(NO_MONITORING, [], 'fixed');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const scenario = result.scenario;
    const tap = new ChartTap(scenario);
    const run = new Run(scenario, { onTrace: tap.observe });
    const sampled = new SampledRun(run, 2, tap);
    let wall = 0;
    const clock = (): number => (wall += 1);
    while (!run.done) sampled.advance(run.now + piece, wall + budget, clock);
    return { series: sampled.takeSeries(), depth: sampled.takeSamples().length };
  }

  it('takes one series sample per depth sample, the same whatever the playback chunking', () => {
    const whole = play(1000, 1e12);
    const pieces = play(0.7, 3);
    expect(whole.series.map((s) => s.time)).toEqual(Array.from({ length: 181 }, (_, i) => i * 2));
    expect(whole.depth).toBe(whole.series.length);
    expect(pieces.series).toEqual(whole.series);
  });

  it('counts every publish and ack of the run, and shows the fulfilment lag and the alerts of the fixed variant', () => {
    const { series } = play(1000, 1e12);
    const published = series.reduce((sum, s) => sum + s.published, 0);
    expect(published).toBeGreaterThan(2500);
    const behind = series.flatMap((s) => s.alerts).filter((a) => a.name === 'fulfilment-behind');
    expect(behind[0]).toMatchObject({ firing: true, group: 'fulfilment' });
    expect(behind[0]!.time).toBeGreaterThan(120);
    const atFire = series.find((s) => s.time >= behind[0]!.time)!;
    expect(atFire.groups.fulfilment!.lag).toBeGreaterThan(200);
    expect(series.flatMap((s) => s.alerts).some((a) => a.name.startsWith('payments') && a.firing)).toBe(true);
    expect(series.some((s) => s.deadLettered > 0)).toBe(true);
  });
});

describe('WorkerHost with the chart tap', () => {
  it('posts one series sample with each depth sample, at the same times, in every frame', () => {
    const env = new FakeEnvironment();
    const host = new WorkerHost(env);
    host.handle({ type: 'load', text: SMALL });
    host.handle({ type: 'step' });
    host.handle({ type: 'play' });
    env.advance(1500);
    host.handle({ type: 'finish' });
    env.drain();
    const frames = env.messages('frame');
    for (const f of frames) expect(f.series?.map((s) => s.time)).toEqual(f.samples.map((s) => s.time));
    const series = frames.flatMap((f) => f.series ?? []);
    expect(series).toHaveLength(frames.flatMap((f) => f.samples).length);
    // One publish per second from each of the two producers over 10 s.
    const published = series.reduce((sum, s) => sum + s.published, 0);
    expect(published).toBeGreaterThanOrEqual(18);
    expect(published).toBeLessThanOrEqual(22);
  });
});
