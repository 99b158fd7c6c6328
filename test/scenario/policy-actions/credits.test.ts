import { describe, expect, it } from 'vitest';
import { expectInvariantsHold, runWithTrace } from '../../helpers/guarded-run';
import { traceOf, tuples, type TraceTuple } from '../../helpers/trace';
import { mostHeldPerInstance, switchScenario } from './fixtures';

/** A burst of 5 at t = 1 into queue "q", read by one instance taking 10 s per message. */
const burstOfFive = { bursts: [{ at: 1, count: 5 }] };

const arrivals = (from: number): TraceTuple[] =>
  [2, 3, 4, 5].slice(from - 2).flatMap((m): TraceTuple[] => [
    ['published', 1, m, ''],
    ['enqueued', 1, m, ''],
  ]);

describe('set-prefetch', () => {
  it('growing the window grants the extra credits at once', () => {
    const trace = traceOf(switchScenario({ producer: burstOfFive, timeline: [{ at: 5, action: 'set-prefetch', group: 'w', prefetch: 3 }] }));
    expect(tuples(trace)).toEqual([
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ...arrivals(2),
      ['policy', 5, 0, 'set-prefetch'],
      ['delivered', 5, 2, 'w#1'],
      ['delivered', 5, 3, 'w#1'],
      ['acked', 11, 1, 'w#1'],
      ['delivered', 11, 4, 'w#1'],
      ['acked', 21, 2, 'w#1'],
      ['delivered', 21, 5, 'w#1'],
      ['acked', 31, 3, 'w#1'],
      ['acked', 41, 4, 'w#1'],
      ['acked', 51, 5, 'w#1'],
    ]);
    // The record carries the new window, so a reader of the trace knows the new bound on what an instance holds.
    expect(trace.find((r) => r.kind === 'policy')).toMatchObject({ group: 'w', broker: 'q', producer: '', attempt: 3 });
  });

  it('shrinking the window takes no delivery back: the credits of settled deliveries are kept until the instance is within it', () => {
    const trace = traceOf(switchScenario({ producer: burstOfFive, group: { prefetch: 3 }, duration: 80, timeline: [{ at: 5, action: 'set-prefetch', group: 'w', prefetch: 1 }] }));
    expect(tuples(trace)).toEqual([
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ['published', 1, 2, ''],
      ['enqueued', 1, 2, ''],
      ['delivered', 1, 2, 'w#1'],
      ['published', 1, 3, ''],
      ['enqueued', 1, 3, ''],
      ['delivered', 1, 3, 'w#1'],
      ...arrivals(4),
      ['policy', 5, 0, 'set-prefetch'],
      // It holds 3 with a window of 1: the first two credits that come back are kept.
      ['acked', 11, 1, 'w#1'],
      ['acked', 21, 2, 'w#1'],
      ['acked', 31, 3, 'w#1'],
      ['delivered', 31, 4, 'w#1'],
      ['acked', 41, 4, 'w#1'],
      ['delivered', 41, 5, 'w#1'],
      ['acked', 51, 5, 'w#1'],
    ]);
  });

  it('shrinking the window of an idle instance withdraws the credits it has on offer at once', () => {
    const trace = traceOf(
      switchScenario({ producer: { bursts: [{ at: 10, count: 3 }] }, group: { prefetch: 3 }, duration: 50, timeline: [{ at: 5, action: 'set-prefetch', group: 'w', prefetch: 1 }] }),
    );
    expect(tuples(trace).filter(([kind]) => kind === 'delivered')).toEqual([
      ['delivered', 10, 1, 'w#1'],
      ['delivered', 20, 2, 'w#1'],
      ['delivered', 30, 3, 'w#1'],
    ]);
  });

  it('raising the window mid-run raises the most each instance holds to the new window and never above, and a shrink brings it back down', () => {
    const scenario = switchScenario({
      // Overloaded, so the windows are always full.
      producer: { rate: { process: 'poisson', perSecond: 3 } },
      group: { instances: 2, prefetch: 2, processing: { type: 'exponential', mean: 1 } },
      duration: 200,
      timeline: [
        { at: 100, action: 'set-prefetch', group: 'w', prefetch: 5 },
        { at: 150, action: 'set-prefetch', group: 'w', prefetch: 2 },
      ],
    });
    const { report, records } = runWithTrace(scenario);
    expectInvariantsHold(report);
    const before = mostHeldPerInstance(records, 0, 100);
    const raised = mostHeldPerInstance(records, 100, 150);
    expect(Object.fromEntries(before)).toEqual({ 'w#1': 2, 'w#2': 2 });
    expect(Object.fromEntries(raised)).toEqual({ 'w#1': 5, 'w#2': 5 });
    // After the shrink, once an instance is back within 2 it stays within 2.
    for (const instance of ['w#1', 'w#2']) {
      let held = 0;
      let within = false;
      for (const r of records) {
        if (r.consumer !== instance) continue;
        held += r.kind === 'delivered' ? 1 : r.kind === 'acked' ? -1 : 0;
        if (r.time < 150) continue;
        if (held <= 2) within = true;
        else expect(within, `${instance} holds ${held} at ${r.time} s`).toBe(false);
      }
      expect(within).toBe(true);
    }
  });
});

describe('set-pull', () => {
  it('a larger batch lets an idle instance with refill "each" ask for the extra room at once', () => {
    const trace = traceOf(
      switchScenario({
        producer: burstOfFive,
        group: { pull: { batchSize: 1, waitTime: 20, refill: 'each' } },
        duration: 40,
        timeline: [{ at: 5, action: 'set-pull', group: 'w', batchSize: 3 }],
      }),
    );
    expect(tuples(trace)).toEqual([
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ['polled', 1, 0, 'w#1'],
      ...arrivals(2),
      ['policy', 5, 0, 'set-pull'],
      ['delivered', 5, 2, 'w#1'],
      ['delivered', 5, 3, 'w#1'],
      ['polled', 5, 0, 'w#1'],
      ['acked', 11, 1, 'w#1'],
      ['delivered', 11, 4, 'w#1'],
      ['polled', 11, 0, 'w#1'],
      ['acked', 21, 2, 'w#1'],
      ['delivered', 21, 5, 'w#1'],
      ['polled', 21, 0, 'w#1'],
      ['acked', 31, 3, 'w#1'],
    ]);
  });

  it('switching refill from "batch" to "each" makes an instance with room ask now instead of when its batch is settled', () => {
    const trace = traceOf(
      switchScenario({
        producer: burstOfFive,
        group: { pull: { batchSize: 2, waitTime: 20 } },
        duration: 40,
        timeline: [{ at: 5, action: 'set-pull', group: 'w', refill: 'each' }],
      }),
    );
    // The first receive brought one message (a long poll returns at the first). With "batch" the next
    // receive would wait until it is settled at 11 s; with "each" the instance asks for its free room at once.
    expect(tuples(trace).filter(([kind]) => kind === 'delivered')).toEqual([
      ['delivered', 1, 1, 'w#1'],
      ['delivered', 5, 2, 'w#1'],
      ['delivered', 11, 3, 'w#1'],
      ['delivered', 21, 4, 'w#1'],
      ['delivered', 31, 5, 'w#1'],
    ]);
  });
});
