import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../../src/model';
import { expectInvariantsHold, runWithTrace } from '../../helpers/guarded-run';
import { scenarioFrom } from '../../helpers/scenarios';
import { traceOf } from '../../helpers/trace';
import { countWhere, switchScenario } from './fixtures';

type Row = [kind: string, time: number, consumer: string, reason: string, attempt: number];

const rows = (records: readonly TraceRecord[], kinds: readonly string[]): Row[] =>
  records.filter((r) => kinds.includes(r.kind)).map((r) => [r.kind, r.time, r.consumer, r.reason, r.attempt]);

/** 51 messages at 0 s, each held for 1000 s, and a depth autoscaler (target 10, every 15 s, 4 s cold start): it wants 5 instances. */
const heldBurst = (timeline: Record<string, unknown>[]) =>
  switchScenario({
    producer: { bursts: [{ at: 0, count: 51 }] },
    group: { processing: { type: 'constant', value: 1000 }, autoscale: { metric: 'depth', target: 10, interval: 15, coldStart: 4 } },
    duration: 60,
    timeline,
  });

/** Instances that exist at the end of each record's time, replayed from `scaled` records (starting from `initial`). */
function instanceCounts(records: readonly TraceRecord[], initial: number): [time: number, count: number][] {
  let count = initial;
  const out: [number, number][] = [];
  for (const r of records) {
    if (r.kind !== 'scaled' || r.reason === 'ready') continue;
    count += r.reason === 'up' ? 1 : -1;
    out.push([r.time, count]);
  }
  return out;
}

describe('set-autoscale', () => {
  it('paused, the autoscaler does not evaluate; resumed, it evaluates one interval later', () => {
    const trace = traceOf(
      heldBurst([
        { at: 10, action: 'set-autoscale', group: 'w', enabled: false },
        { at: 20, action: 'set-autoscale', group: 'w', enabled: true },
      ]),
    );
    expect(rows(trace, ['policy', 'autoscaled', 'scaled'])).toEqual([
      ['policy', 10, '', 'set-autoscale', 0],
      // No evaluation at 15 s: paused.
      ['policy', 20, '', 'set-autoscale', 0],
      ['autoscaled', 35, '', 'out', 5],
      ['scaled', 35, 'w#2', 'up', 0],
      ['scaled', 35, 'w#3', 'up', 0],
      ['scaled', 35, 'w#4', 'up', 0],
      ['scaled', 35, 'w#5', 'up', 0],
      ['scaled', 39, 'w#2', 'ready', 0],
      ['scaled', 39, 'w#3', 'ready', 0],
      ['scaled', 39, 'w#4', 'ready', 0],
      ['scaled', 39, 'w#5', 'ready', 0],
    ]);
    expect(trace.find((r) => r.kind === 'policy')).toMatchObject({ group: 'w', broker: 'q' });
  });

  it('a lowered maxInstances applies at the next evaluation, which scales in to it', () => {
    const trace = traceOf(heldBurst([{ at: 20, action: 'set-autoscale', group: 'w', maxInstances: 2 }]));
    expect(rows(trace, ['policy', 'autoscaled']).concat(rows(trace, ['scaled']).filter(([, , , reason]) => reason === 'down'))).toEqual([
      ['autoscaled', 15, '', 'out', 5],
      ['policy', 20, '', 'set-autoscale', 0],
      ['autoscaled', 30, '', 'in', 2],
      ['scaled', 30, 'w#5', 'down', 0],
      ['scaled', 30, 'w#4', 'down', 0],
      ['scaled', 30, 'w#3', 'down', 0],
    ]);
  });

  it('disabling the autoscaler mid-run freezes the instance count where it is', () => {
    const pauseAt = 100;
    const scenario = switchScenario({
      // A step load: quiet, then five times what one instance takes.
      producer: { rate: { process: 'poisson', perSecond: 5 }, start: 20 },
      group: { processing: { type: 'exponential', mean: 1 }, autoscale: { metric: 'depth', target: 5, interval: 5, maxInstances: 12, cooldown: 10 } },
      duration: 300,
      timeline: [{ at: pauseAt, action: 'set-autoscale', group: 'w', enabled: false }],
    });
    const { report, records } = runWithTrace(scenario);
    expectInvariantsHold(report);
    const counts = instanceCounts(records, 1);
    const atPause = counts.filter(([time]) => time < pauseAt).pop()![1];
    expect(atPause).toBeGreaterThan(1);
    expect(counts.filter(([time]) => time >= pauseAt)).toEqual([]);
    expect(countWhere(records, (r) => r.kind === 'autoscaled' && r.time >= pauseAt)).toBe(0);
    expect(report.groups.w!.instances.final).toBe(atPause);
  });
});

/** Two instances calling dependency "email" (2 s timeout), down from 60 to 120 s, behind a breaker that retries what it refuses. */
const outage = (timeline: Record<string, unknown>[]) =>
  scenarioFrom({
    version: 1,
    name: 'breaker switch',
    duration: 200,
    producers: [{ id: 'p', target: 'q', rate: { perSecond: 2 } }],
    brokers: [
      { id: 'q', kind: 'queue', deadLetterTo: 'dlq' },
      { id: 'dlq', kind: 'queue' },
    ],
    dependencies: [{ id: 'email', timeout: 2 }],
    consumers: [
      {
        id: 'w',
        reads: 'q',
        instances: 2,
        concurrency: 2,
        processing: { type: 'exponential', mean: 0.2 },
        dependency: 'email',
        failure: { probability: 0, action: 'retry' },
        retry: { backoff: 'fixed', delay: 5, maxRetries: 20 },
        breaker: { failureRate: 0.5, minCalls: 5, windowSeconds: 10, openSeconds: 15, halfOpenProbes: 3, whenOpen: 'retry' },
      },
    ],
    timeline: [{ at: 60, action: 'outage', dependency: 'email', duration: 60 }, ...timeline],
  });

describe('set-breaker', () => {
  it('disabling the breaker during an outage closes it at once and lets calls through: they fail for the outage, not circuit-open', () => {
    const offAt = 90;
    const { report, records } = runWithTrace(outage([{ at: offAt, action: 'set-breaker', group: 'w', enabled: false }]));
    expectInvariantsHold(report);
    const failed = (reason: string, from: number, to: number) => countWhere(records, (r) => r.kind === 'failed' && r.reason === reason && r.time >= from && r.time < to);
    expect(failed('circuit-open', 60, offAt)).toBeGreaterThan(10);
    expect(failed('circuit-open', offAt + 1e-9, Infinity)).toBe(0);
    expect(failed('outage', offAt + 1e-9, 120)).toBeGreaterThan(10);
    // The policy record, then the breaker's own record of closing, at the same instant.
    const at = records.findIndex((r) => r.kind === 'policy');
    expect(rows(records.slice(at, at + 2), ['policy', 'circuit'])).toEqual([
      ['policy', offAt, '', 'set-breaker', 0],
      ['circuit', offAt, '', 'closed', 0],
    ]);
    expect(countWhere(records, (r) => r.kind === 'circuit' && r.time > offAt)).toBe(0);
  });

  it('switched back on during the outage, the breaker starts closed and opens again on the new failures', () => {
    const { records } = runWithTrace(
      outage([
        { at: 90, action: 'set-breaker', group: 'w', enabled: false },
        { at: 100, action: 'set-breaker', group: 'w', enabled: true },
      ]),
    );
    const states = records.filter((r) => r.kind === 'circuit' && r.time >= 90).map((r) => r.reason);
    expect(states.slice(0, 2)).toEqual(['closed', 'open']);
    const reopened = records.find((r) => r.kind === 'circuit' && r.time >= 100 && r.reason === 'open')!;
    expect(reopened.time).toBeLessThan(110);
    expect(countWhere(records, (r) => r.kind === 'failed' && r.reason === 'circuit-open' && r.time > reopened.time && r.time < 120)).toBeGreaterThan(0);
  });
});
