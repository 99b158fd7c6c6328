import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/model';
import { runScenario } from '../../src/runtime';
import { scenarioFrom } from '../helpers/scenarios';

/**
 * Little's law on one sample path: when a run starts and ends empty, the area under N(t) equals the sum
 * of the times each message spent in the system, so (area / T) = (completed / T) × mean sojourn exactly.
 * No statistics: the only slack is floating-point rounding over a few thousand terms.
 */
const ROUNDING = 1e-9;

/** Two queues, bursts, a bounded queue that drops, varied processing times; arrivals stop at 100 s and everything drains by 400 s. */
const startsAndEndsEmpty = scenarioFrom({
  version: 1,
  name: 'little',
  seed: 99,
  duration: 400,
  producers: [
    { id: 'web', target: 'orders', rate: { perSecond: 4 }, bursts: [{ at: 20, count: 60 }, { at: 50, count: 30, spread: 2 }], stop: 100 },
    { id: 'batch', target: 'emails', rate: { process: 'constant', perSecond: 2 }, stop: 100 },
  ],
  brokers: [
    { id: 'orders', kind: 'queue', maxLength: 25, overflow: 'drop-head' },
    { id: 'emails', kind: 'queue' },
  ],
  consumers: [
    { id: 'fulfilment', reads: 'orders', instances: 3, concurrency: 2, processing: { type: 'lognormal', mean: 1, p99: 4 } },
    { id: 'mailer', reads: 'emails', instances: 1, processing: { type: 'uniform', min: 0.1, max: 0.8 } },
  ],
});

/** Integrates a step function given as (time, delta) changes, in the order they happened. */
class StepArea {
  level = 0;
  area = 0;
  private since = 0;
  change(time: number, delta: number): void {
    this.area += this.level * (time - this.since);
    this.since = time;
    this.level += delta;
  }
  until(time: number): number {
    return this.area + this.level * (time - this.since);
  }
}

describe("Little's law on the sample path", () => {
  const inSystem = new StepArea();
  const waiting = new StepArea();
  let sojournSum = 0;
  let waitSum = 0;
  let left = 0;
  let served = 0;
  const onTrace = (r: Readonly<TraceRecord>): void => {
    if (r.kind === 'published') {
      inSystem.change(r.time, 1);
      waiting.change(r.time, 1);
    } else if (r.kind === 'delivered') {
      waiting.change(r.time, -1);
      waitSum += r.time - r.publishedAt;
      served++;
    } else if (r.kind === 'acked' || r.kind === 'dropped') {
      inSystem.change(r.time, -1);
      sojournSum += r.time - r.publishedAt;
      left++;
      if (r.kind === 'dropped') {
        waiting.change(r.time, -1);
        waitSum += r.time - r.publishedAt;
        served++;
      }
    }
  };
  const report = runScenario(startsAndEndsEmpty, { onTrace });
  const T = report.duration;

  it('uses a run that starts and ends empty, with drops among the departures', () => {
    expect(inSystem.level).toBe(0);
    expect(waiting.level).toBe(0);
    expect(left).toBe(report.producers.web!.published + report.producers.batch!.published);
    expect(report.brokers.orders!.dropped).toBeGreaterThan(0);
    expect(report.brokers.orders!.depth.max).toBe(25);
  });

  it('has area under N(t) equal to the sum of the times in system: L = λ·W', () => {
    const L = inSystem.until(T) / T;
    const lambdaW = (left / T) * (sojournSum / left);
    expect(Math.abs(L - lambdaW)).toBeLessThanOrEqual(ROUNDING * L);
    expect(L).toBeGreaterThan(1);
  });

  it('has area under the waiting count equal to the sum of the waits: Lq = λ·Wq', () => {
    const Lq = waiting.until(T) / T;
    const lambdaWq = (served / T) * (waitSum / served);
    expect(Math.abs(Lq - lambdaWq)).toBeLessThanOrEqual(ROUNDING * Lq);
    expect(Lq).toBeGreaterThan(0.1);
  });

  it("agrees with the auditor's own Little's law checks", () => {
    expect(report.invariants.ok).toBe(true);
    const names = report.invariants.checks.filter((c) => c.ok).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['littles-law-system', 'littles-law-waiting', 'conservation', 'no-unexpected']));
  });

  it("still holds when the run is cut while messages are in flight (the auditor counts the partial sojourns)", () => {
    const cut = runScenario({ ...startsAndEndsEmpty, duration: 60 });
    expect(cut.brokers.orders!.depth.final + cut.brokers.orders!.inflight.final).toBeGreaterThan(0);
    expect(cut.invariants.checks.find((c) => c.name === 'littles-law-system')?.ok).toBe(true);
    expect(cut.invariants.checks.find((c) => c.name === 'littles-law-waiting')?.ok).toBe(true);
  });
});
