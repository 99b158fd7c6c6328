import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/exit-codes';
import type { SweepRow } from '../../src/cli/sweep/csv';
import { formatSweepCsv } from '../../src/cli/sweep/csv';
import { parseVary, planPoints } from '../../src/cli/sweep/plan';
import { readMetric } from '../../src/cli/sweep/run-point';
import { summarize, tQuantile975 } from '../../src/cli/sweep/stats';
import { findTarget, parseTarget } from '../../src/cli/sweep/target';

describe("Student's t quantile (0.975)", () => {
  it('matches the standard table for small degrees of freedom', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(4)).toBe(2.776);
    expect(tQuantile975(10)).toBe(2.228);
    expect(tQuantile975(30)).toBe(2.042);
  });

  it('is within 0.001 of the exact value beyond the table and tends to the normal quantile', () => {
    // Exact values to 5 decimals (R: qt(0.975, df)).
    expect(tQuantile975(31)).toBeCloseTo(2.03951, 3);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.97993, 3);
    expect(tQuantile975(100_000)).toBeCloseTo(1.95998, 4);
  });

  it('refuses degrees of freedom that are not a whole number >= 1', () => {
    expect(() => tQuantile975(0)).toThrow(RangeError);
    expect(() => tQuantile975(2.5)).toThrow(/df must be a whole number/);
  });
});

describe('summaries across replications', () => {
  it('gives the hand-computed mean and 95% CI of 1..5', () => {
    // mean 3, s² = 10/4, standard error √(2.5/5) = 0.70711, half width 2.776 × 0.70711 = 1.96293
    const s = summarize([1, 2, 3, 4, 5]);
    expect(s.n).toBe(5);
    expect(s.mean).toBe(3);
    expect(s.ci95Low).toBeCloseTo(1.03707, 5);
    expect(s.ci95High).toBeCloseTo(4.96293, 5);
  });

  it('uses the wide t of one degree of freedom for two replications', () => {
    // mean 3, s = √2, standard error 1, half width 12.706
    const s = summarize([2, 4]);
    expect(s.ci95Low).toBeCloseTo(-9.706, 9);
    expect(s.ci95High).toBeCloseTo(15.706, 9);
  });

  it('has a zero-width CI when every replication agrees, and no CI for one replication', () => {
    expect(summarize([0.5, 0.5, 0.5])).toEqual({ n: 3, mean: 0.5, ci95Low: 0.5, ci95High: 0.5 });
    const one = summarize([4]);
    expect(one.mean).toBe(4);
    expect(one.ci95Low).toBeNaN();
    expect(one.ci95High).toBeNaN();
  });
});

describe('reading metrics from a report', () => {
  const report = { groups: { fulfilment: { endToEnd: { p99: 0.4 } }, 'orders.v2': { delivered: 3 } }, invariants: { ok: true } };

  it('follows dotted paths, bracketed keys and reads booleans as 0 or 1', () => {
    expect(readMetric(report, 'groups.fulfilment.endToEnd.p99')).toBe(0.4);
    expect(readMetric(report, 'groups[orders.v2].delivered')).toBe(3);
    expect(readMetric(report, 'invariants.ok')).toBe(1);
  });

  it('names the missing key and the keys that exist there', () => {
    expect(() => readMetric(report, 'groups.fulfilment.endToEnd.p98')).toThrow(
      '--metric groups.fulfilment.endToEnd.p98: the report has no "p98" under groups.fulfilment.endToEnd; groups.fulfilment.endToEnd has p99',
    );
  });

  it('refuses a path that ends at an object', () => {
    expect(() => readMetric(report, 'groups.fulfilment')).toThrow(CliError);
    expect(() => readMetric(report, 'groups.fulfilment')).toThrow(/is an object with endToEnd, not a number/);
  });
});

describe('CSV and targets', () => {
  const axes = [parseVary('consumers[0].instances=2..6:2')];
  const points = planPoints(axes);
  const rows: SweepRow[] = [
    { point: points[0]!, metrics: [summarize([0.9, 1.1])] },
    { point: points[1]!, metrics: [summarize([0.44, 0.5, 0.56])] },
    { point: points[2]!, metrics: [summarize([0.2])] },
  ];

  it('writes one row per point with mean and CI columns per metric, an undefined CI left empty', () => {
    const csv = formatSweepCsv(axes, ['groups.g.endToEnd.p99'], rows);
    const lines = csv.split('\n');
    expect(lines[0]).toBe('consumers[0].instances,groups.g.endToEnd.p99.mean,groups.g.endToEnd.p99.ci95_low,groups.g.endToEnd.p99.ci95_high');
    expect(lines[1]).toBe(`2,1,${rows[0]!.metrics[0]!.ci95Low},${rows[0]!.metrics[0]!.ci95High}`);
    expect(lines[3]).toBe('6,0.2,,');
    expect(lines).toHaveLength(5); // header, three rows, and the empty string after the final newline
  });

  it('parses a target and finds the smallest value whose mean meets it, saying whether the whole CI does', () => {
    const target = parseTarget('groups.g.endToEnd.p99 < 0.55');
    expect(target).toEqual({ metric: 'groups.g.endToEnd.p99', op: '<', value: 0.55 });
    const result = findTarget(target, 0, rows);
    expect(result.found).toBe(true);
    expect(result.value).toBe(4);
    expect(result.ciMeets).toBe(false); // the CI of 0.44, 0.5, 0.56 reaches about 0.65
    expect(findTarget(parseTarget('groups.g.endToEnd.p99 <= 0.1'), 0, rows)).toEqual({ found: false, ciMeets: false });
    expect(findTarget(parseTarget('groups.g.endToEnd.p99 >= 1'), 0, rows).value).toBe(2);
  });

  it('rejects a target that is not "<metric> <op> <number>"', () => {
    expect(() => parseTarget('p99 = 0.5')).toThrow(/--target p99 = 0.5: write it as '<metric> <op> <number>'/);
    expect(() => parseTarget('p99 < fast')).toThrow(CliError);
  });
});
