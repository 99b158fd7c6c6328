import { describe, expect, it } from 'vitest';
import { portableExp, portableLog, RandomSource } from '../../src/engine';

/** Distance in units in the last place between two finite doubles of the same sign. */
function ulps(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}

describe('portableLog', () => {
  it('returns the fdlibm bits for inputs where Chromium 156 and Node 20 disagree in the last place', () => {
    // Node 20's Math.log gives these; Chromium 156's gives 1.6749305137458215, 3.720359927872956, 1.0197235976918548.
    expect(portableLog(5.3384241890849005)).toBe(1.6749305137458217);
    expect(portableLog(41.27924898739321)).toBe(3.7203599278729556);
    expect(portableLog(2.772428352454437)).toBe(1.019723597691855);
  });

  it('stays within one ulp of Math.log across the whole range of doubles', () => {
    const rng = new RandomSource(1).stream('log');
    for (let i = 0; i < 20_000; i++) {
      const x = Math.pow(2, (rng.next() - 0.5) * 2000) * (1 + rng.next());
      expect(ulps(portableLog(x), Math.log(x))).toBeLessThanOrEqual(1);
    }
  });

  it('handles zero, negatives, subnormals, one, infinity and NaN like Math.log', () => {
    expect(portableLog(0)).toBe(-Infinity);
    expect(portableLog(-0)).toBe(-Infinity);
    expect(portableLog(-1)).toBeNaN();
    expect(portableLog(NaN)).toBeNaN();
    expect(portableLog(Infinity)).toBe(Infinity);
    expect(portableLog(1)).toBe(0);
    expect(portableLog(5e-324)).toBe(-744.4400719213812);
    expect(portableLog(1.0000001)).toBe(9.999999505838704e-8);
  });
});

describe('portableExp', () => {
  it('returns the fdlibm bits for inputs where Chromium 156 and Node 20 disagree in the last place', () => {
    expect(portableExp(3.6995475785806775)).toBe(40.429009272077934);
    expect(portableExp(5.97432597540319)).toBe(393.20298327090325);
    expect(portableExp(3.900919617153704)).toBe(49.44790134128722);
  });

  it('stays within one ulp of Math.exp from underflow to overflow', () => {
    const rng = new RandomSource(2).stream('exp');
    for (let i = 0; i < 20_000; i++) {
      const x = (rng.next() - 0.5) * 1400;
      expect(ulps(portableExp(x), Math.exp(x))).toBeLessThanOrEqual(1);
    }
  });

  it('handles the limits and special values like Math.exp', () => {
    expect(portableExp(0)).toBe(1);
    expect(portableExp(-Infinity)).toBe(0);
    expect(portableExp(Infinity)).toBe(Infinity);
    expect(portableExp(NaN)).toBeNaN();
    expect(portableExp(710)).toBe(Infinity);
    expect(portableExp(-746)).toBe(0);
    expect(portableExp(-745)).toBe(5e-324);
    expect(portableExp(1e-30)).toBe(1);
  });
});
