import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomSource, Simulation } from '../../../src/engine';
import { AlertMonitor, copyRecord, createModelContext, type AlertMetric, type AlertRule, type TraceRecord } from '../../../src/model';

/** A metric that returns `values` in turn, one per evaluation (NaN once they run out). */
function scripted(values: readonly number[]): AlertMetric {
  let next = 0;
  return { name: 'depth', start: () => undefined, read: () => values[next++] ?? NaN };
}

type Row = [time: number, name: string, firing: number, value: number];

/** Runs one monitor of `rules` to `until` and returns its alert records as [time, name, 1 fired / 0 resolved, value]. */
function alertRows(rules: readonly Omit<AlertRule, 'group' | 'broker'>[], until: number): Row[] {
  const sim = new Simulation();
  const context = createModelContext(sim, new RandomSource(1));
  const records: TraceRecord[] = [];
  context.tracer.subscribe((r) => records.push(copyRecord(r)));
  new AlertMonitor(context, rules.map((rule) => ({ ...rule, group: 'g', broker: 'q' }))).start();
  sim.runUntil(until);
  return records.map((r) => [r.time, r.reason, r.attempt, r.offset]);
}

const rule = (values: readonly number[], more: Partial<AlertRule> = {}): Omit<AlertRule, 'group' | 'broker'> => ({
  name: 'backlog',
  metric: scripted(values),
  above: 10,
  for: 10,
  interval: 5,
  ...more,
});

describe('AlertMonitor', () => {
  it('fires at the first evaluation `for` seconds after the first breaching one, and resolves at the first clear one', () => {
    // Evaluations at 5, 10, …: breaching from 10 s, so it fires at 10 + 10 = 20 s and resolves at 30 s.
    expect(alertRows([rule([5, 11, 12, 13, 14, 9, 8])], 35)).toEqual([
      [20, 'backlog', 1, 13],
      [30, 'backlog', 0, 9],
    ]);
  });

  it('starts the `for` count again after one clear evaluation while pending, so a flapping value never fires', () => {
    expect(alertRows([rule([11, 12, 3, 11, 12, 3, 11, 12])], 40)).toEqual([]);
    // The same, but held for three evaluations after the dip: fires 10 s after 20 s.
    expect(alertRows([rule([11, 12, 3, 11, 12, 13, 14])], 35)).toEqual([[30, 'backlog', 1, 13]]);
  });

  it('fires at the first breaching evaluation when `for` is 0, and a value equal to the threshold does not breach', () => {
    expect(alertRows([rule([10, 10.5, 10], { for: 0 })], 15)).toEqual([
      [10, 'backlog', 1, 10.5],
      [15, 'backlog', 0, 10],
    ]);
  });

  it('fires at the first evaluation at or after the `for` period when `for` is not a multiple of the interval (for 7 s, interval 5 s: 10 s after)', () => {
    expect(alertRows([rule([20, 20, 20, 20], { for: 7 })], 20)).toEqual([[15, 'backlog', 1, 20]]);
  });

  it('treats a NaN reading (nothing to read) as clear: it resolves a firing alert and resets a pending one', () => {
    expect(alertRows([rule([20, NaN, 20, 20, NaN], { for: 0 })], 25)).toEqual([
      [5, 'backlog', 1, 20],
      [10, 'backlog', 0, NaN],
      [15, 'backlog', 1, 20],
      [25, 'backlog', 0, NaN],
    ]);
  });

  it('evaluates each rule on its own interval', () => {
    const rows = alertRows(
      [
        { ...rule([20, 20, 20], { for: 0 }), name: 'fast', interval: 2 },
        { ...rule([20, 20, 20], { for: 0 }), name: 'slow', interval: 3 },
      ],
      6,
    );
    expect(rows).toEqual([
      [2, 'fast', 1, 20],
      [3, 'slow', 1, 20],
    ]);
  });

  it('counts `for` with floating-point slack: eight 0.1 s steps hold for 0.8 s although their times differ by 0.7999999999999999', () => {
    const rows = alertRows([rule(new Array<number>(12).fill(20), { for: 0.8, interval: 0.1 })], 1.25);
    expect(rows).toEqual([[expect.closeTo(0.9, 12), 'backlog', 1, 20]]);
  });

  it('schedules nothing when it has no rules', () => {
    const sim = new Simulation();
    new AlertMonitor(createModelContext(sim, new RandomSource(1)), []).start();
    expect(sim.step()).toBe(false);
  });

  it('refuses a rule it could never evaluate, naming the alert and the option', () => {
    const context = createModelContext(new Simulation(), new RandomSource(1));
    const make = (more: Partial<AlertRule>) => () => new AlertMonitor(context, [{ ...rule([]), group: '', broker: 'q', ...more }]);
    expect(make({ interval: 0 })).toThrow(new RangeError('alert "backlog": interval must be a finite number of seconds > 0, got 0'));
    expect(make({ for: -1 })).toThrow(new RangeError('alert "backlog": for must be a finite number of seconds >= 0, got -1'));
    expect(make({ above: Number.NaN })).toThrow(new RangeError('alert "backlog": above must be a finite number, got NaN'));
    expect(make({ name: '' })).toThrow(new RangeError('an alert needs a non-empty name'));
    expect(() => new AlertMonitor(context, [{ ...rule([]), group: '', broker: 'q' }, { ...rule([]), group: '', broker: 'q' }])).toThrow(
      new RangeError('alert "backlog" is defined twice; alert names must be unique'),
    );
  });

  it('fires exactly when the last ⌈for / interval⌉ + 1 readings all breached and resolves exactly at the first clear reading, for any readings', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 40 }), fc.integer({ min: 0, max: 4 }), (values, holds) => {
        const interval = 5;
        const forSeconds = holds * interval;
        const rows = alertRows([rule(values, { for: forSeconds })], values.length * interval);
        // The reference: a run of breaching readings fires at its (holds + 1)-th reading; the first clear reading after that resolves it.
        const expected: Row[] = [];
        let run = 0;
        let firing = false;
        values.forEach((v, i) => {
          const time = (i + 1) * interval;
          if (v > 10) {
            run++;
            if (!firing && run === holds + 1) {
              firing = true;
              expected.push([time, 'backlog', 1, v]);
            }
          } else {
            run = 0;
            if (firing) expected.push([time, 'backlog', 0, v]);
            firing = false;
          }
        });
        expect(rows).toEqual(expected);
      }),
    );
  });
});
