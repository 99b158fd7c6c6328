import { describe, expect, it } from 'vitest';
import { mmckTheory, mmcTheory } from '../../src/metrics/queueing-theory';

// Worked numbers from shared/reference/queueing-oracles.md.
describe('closed forms beside the simulation', () => {
  it('gives the M/M/1 numbers for λ = 8, μ = 10', () => {
    const t = mmcTheory(8, 10, 1);
    expect(t.meanInSystem).toBeCloseTo(4, 9);
    expect(t.meanWaiting).toBeCloseTo(3.2, 9);
    expect(t.meanSojourn).toBeCloseTo(0.5, 9);
    expect(t.meanWait).toBeCloseTo(0.4, 9);
  });

  it('gives Erlang C for λ = 9, μ = 1, c = 10', () => {
    const t = mmcTheory(9, 1, 10);
    expect(t.meanWait).toBeCloseTo(0.668732, 6);
    expect(t.meanWaiting).toBeCloseTo(6.018584, 6);
    expect(t.meanInSystem).toBeCloseTo(15.018584, 6);
    expect(t.rho).toBeCloseTo(0.9, 12);
  });

  it('says an unbounded queue with ρ >= 1 has no steady state', () => {
    const t = mmcTheory(10, 1, 5);
    expect(t.stable).toBe(false);
    expect(t.meanWait).toBeNaN();
  });

  it('gives the M/M/1/K numbers for λ = 8, μ = 10, K = 5, and for ρ = 1', () => {
    const t = mmckTheory(8, 10, 1, 5);
    expect(t.blocking).toBeCloseTo(0.088819, 6);
    expect(t.throughput).toBeCloseTo(7.289444, 6);
    expect(t.meanInSystem).toBeCloseTo(1.868332, 6);
    expect(t.meanSojourn).toBeCloseTo(0.256307, 6);
    const balanced = mmckTheory(10, 10, 1, 5);
    expect(balanced.blocking).toBeCloseTo(1 / 6, 12);
    expect(balanced.meanInSystem).toBeCloseTo(2.5, 12);
    expect(balanced.meanSojourn).toBeCloseTo(0.3, 12);
  });

  it('turns into M/M/c as the buffer grows, and loses less with every extra place', () => {
    const open = mmcTheory(9, 1, 10);
    const big = mmckTheory(9, 1, 10, 2000);
    expect(big.meanWait).toBeCloseTo(open.meanWait, 9);
    let previous = 1;
    for (let k = 10; k <= 40; k++) {
      const blocking = mmckTheory(9, 1, 10, k).blocking;
      expect(blocking).toBeLessThan(previous);
      previous = blocking;
    }
  });

  it('refuses rates and capacities it has no formula for, naming them', () => {
    expect(() => mmcTheory(0, 1, 1)).toThrow('λ must be a finite rate > 0, got 0');
    expect(() => mmckTheory(1, 1, 3, 2)).toThrow('M/M/c/K needs a whole K >= c (3), got 2');
  });
});
