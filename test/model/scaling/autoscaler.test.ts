import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../../src/model';
import { runScenario } from '../../../src/runtime';
import { scenarioFrom } from '../../helpers/scenarios';
import { traceOf } from '../../helpers/trace';

type Row = [kind: string, time: number, consumer: string, reason: string, attempt: number];

const rows = (records: readonly TraceRecord[], kinds: readonly string[]): Row[] =>
  records.filter((r) => kinds.includes(r.kind)).map((r) => [r.kind, r.time, r.consumer, r.reason, r.attempt]);

/** One queue, one producer publishing `burst` messages at 0 s, one autoscaled group starting at one instance. */
function burstScenario(o: { burst: number; processing: number; duration: number; autoscale: Record<string, unknown>; timeline?: unknown[] }) {
  return scenarioFrom({
    version: 1,
    name: 'autoscaled burst',
    duration: o.duration,
    producers: [{ id: 'p', target: 'q', bursts: [{ at: 0, count: o.burst }] }],
    brokers: [{ id: 'q', kind: 'queue' }],
    consumers: [{ id: 'g', reads: 'q', instances: 1, processing: { type: 'constant', value: o.processing }, autoscale: o.autoscale }],
    timeline: o.timeline ?? [],
  });
}

describe('the autoscaler on a queue', () => {
  // 51 messages, each held for 1000 s: instance 1 takes one, so the depth stays at 50 until new instances start.
  const held = burstScenario({ burst: 51, processing: 1000, duration: 40, autoscale: { metric: 'depth', target: 10, interval: 15, coldStart: 4 } });

  it('scales a depth of 50 at a target of 10 per instance to exactly 5 instances at the first evaluation, and keeps 5 while 46 stay within the tolerance', () => {
    expect(rows(traceOf(held), ['autoscaled', 'scaled'])).toEqual([
      ['autoscaled', 15, '', 'out', 5],
      ['scaled', 15, 'g#2', 'up', 0],
      ['scaled', 15, 'g#3', 'up', 0],
      ['scaled', 15, 'g#4', 'up', 0],
      ['scaled', 15, 'g#5', 'up', 0],
      ['scaled', 19, 'g#2', 'ready', 0],
      ['scaled', 19, 'g#3', 'ready', 0],
      ['scaled', 19, 'g#4', 'ready', 0],
      ['scaled', 19, 'g#5', 'ready', 0],
    ]);
  });

  it('delays the first delivery to a new instance by exactly the cold start (scaled up at 15 s, first delivery at 19 s)', () => {
    const firstDelivery = (consumer: string) => traceOf(held).find((r) => r.kind === 'delivered' && r.consumer === consumer)?.time;
    expect(['g#1', 'g#2', 'g#3', 'g#4', 'g#5'].map(firstDelivery)).toEqual([0, 19, 19, 19, 19]);
  });

  it('records the reading on the autoscaled record: 50 ready messages', () => {
    expect(traceOf(held).find((r) => r.kind === 'autoscaled')?.offset).toBe(50);
  });

  it('charges instance-seconds from the moment an instance is asked for, cold start included: 1 × 40 s + 4 × 25 s = 140', () => {
    const report = runScenario(held);
    expect(report.groups.g!.instanceSeconds).toBe(140);
    expect(report.groups.g!.instances).toEqual({ mean: 3.5, max: 5, final: 5 });
    expect(report.invariants.ok).toBe(true);
  });

  it('waits out the cooldown after scaling out before it scales in (out at 15 s, the queue empty from about 20 s, in at 15 + 60 = 75 s)', () => {
    const drained = burstScenario({ burst: 50, processing: 0.5, duration: 100, autoscale: { target: 10, interval: 15, coldStart: 0, cooldown: 60 } });
    const trace = traceOf(drained);
    expect(rows(trace, ['autoscaled', 'scaled'])).toEqual([
      ['autoscaled', 15, '', 'out', 2],
      ['scaled', 15, 'g#2', 'up', 0],
      ['autoscaled', 75, '', 'in', 1],
      ['scaled', 75, 'g#2', 'down', 0],
    ]);
    // The evaluations at 30, 45 and 60 s saw an empty queue and still kept both instances.
    expect(trace.filter((r) => r.kind === 'acked').at(-1)!.time).toBeLessThan(30);
  });

  it('never lets an instance scaled in during its cold start take work, and asks for new ones at the next evaluation', () => {
    const scaledBack = burstScenario({
      burst: 51,
      processing: 1000,
      duration: 60,
      autoscale: { target: 10, interval: 15, coldStart: 20, cooldown: 0 },
      timeline: [{ at: 20, action: 'scale', group: 'g', instances: 1 }],
    });
    const trace = traceOf(scaledBack);
    expect(rows(trace, ['autoscaled', 'scaled']).filter((r) => r[3] !== 'up')).toEqual([
      ['autoscaled', 15, '', 'out', 5],
      ['scaled', 20, 'g#5', 'down', 0],
      ['scaled', 20, 'g#4', 'down', 0],
      ['scaled', 20, 'g#3', 'down', 0],
      ['scaled', 20, 'g#2', 'down', 0],
      ['autoscaled', 30, '', 'out', 5],
      ['scaled', 50, 'g#6', 'ready', 0],
      ['scaled', 50, 'g#7', 'ready', 0],
      ['scaled', 50, 'g#8', 'ready', 0],
      ['scaled', 50, 'g#9', 'ready', 0],
    ]);
    const served = new Set(trace.filter((r) => r.kind === 'delivered').map((r) => r.consumer));
    expect([...served].sort()).toEqual(['g#1', 'g#6', 'g#7', 'g#8', 'g#9']);
  });

  it('scales on utilisation measured over the interval: one of four always-busy instances is 25 % busy, so a 50 % target halves the group', () => {
    const quarterBusy = scenarioFrom({
      version: 1,
      name: 'quarter busy',
      duration: 16,
      producers: [{ id: 'p', target: 'q', bursts: [{ at: 0, count: 1 }] }],
      brokers: [{ id: 'q', kind: 'queue' }],
      consumers: [
        { id: 'g', reads: 'q', instances: 4, processing: { type: 'constant', value: 1000 }, autoscale: { metric: 'utilization', target: 0.5, interval: 15, cooldown: 0 } },
      ],
    });
    expect(rows(traceOf(quarterBusy), ['autoscaled'])).toEqual([['autoscaled', 15, '', 'in', 2]]);
  });
});

describe('the autoscaler on a stream', () => {
  it('scales past the partition count up to maxInstances, and the members beyond the partitions sit idle', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'autoscaled stream',
      duration: 120,
      producers: [{ id: 'p', target: 's', keys: 100, rate: { process: 'poisson', perSecond: 20 } }],
      brokers: [{ id: 's', kind: 'stream', partitions: 2 }],
      consumers: [
        { id: 'g', reads: 's', instances: 1, processing: { type: 'constant', value: 0.5 }, autoscale: { metric: 'lag', target: 10, maxInstances: 4, interval: 15, coldStart: 2 } },
      ],
    });
    const trace = traceOf(scenario);
    const report = runScenario(scenario);
    expect(report.groups.g!.instances.max).toBe(4);
    expect(report.groups.g!.instances.final).toBe(4);
    expect(report.groups.g!.idleMembers).toBe(2);
    expect(report.invariants.ok).toBe(true);
    // Partitions go only to members whose cold start is over.
    const readyAt = new Map(trace.filter((r) => r.kind === 'scaled' && r.reason === 'ready').map((r) => [r.consumer, r.time]));
    for (const r of trace.filter((t) => t.kind === 'assigned' && readyAt.has(t.consumer))) expect(r.time).toBeGreaterThanOrEqual(readyAt.get(r.consumer)!);
    expect(trace.filter((r) => r.kind === 'autoscaled').every((r) => r.attempt <= 4)).toBe(true);
  });
});
