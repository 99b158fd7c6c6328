import { describe, expect, it } from 'vitest';
import { RandomSource, RandomStream } from '../../src/engine';

function draws(stream: RandomStream, n: number): number[] {
  return Array.from({ length: n }, () => stream.nextUint32());
}

/**
 * sfc32 written independently with BigInt arithmetic, straight from Chris Doty-Humphrey's definition:
 * t = a + b + counter; counter += 1; a = b ^ (b >> 9); b = c + (c << 3); c = rotl(c, 21) + t.
 */
function* referenceSfc32(a: number, b: number, c: number, d: number): Generator<number> {
  const mask = 0xffffffffn;
  let [A, B, C, D] = [a, b, c, d].map((x) => BigInt(x >>> 0));
  for (;;) {
    const t = (A! + B! + D!) & mask;
    D = (D! + 1n) & mask;
    A = B! ^ (B! >> 9n);
    B = (C! + (C! << 3n)) & mask;
    C = ((((C! << 21n) | (C! >> 11n)) & mask) + t) & mask;
    yield Number(t);
  }
}

describe('RandomStream', () => {
  it('implements sfc32 exactly (after discarding its first 12 outputs)', () => {
    const state: [number, number, number, number] = [0xdeadbeef, 0x01234567, 0x89abcdef, 0xfeedface];
    const reference = referenceSfc32(...state);
    for (let i = 0; i < 12; i++) reference.next();
    const expected = Array.from({ length: 1000 }, () => reference.next().value as number);
    expect(draws(new RandomStream(...state), 1000)).toEqual(expected);
  });

  it('keeps next() in [0, 1), nextOpenZero() in (0, 1] and nextInt(n) in [0, n)', () => {
    const stream = new RandomSource(3).stream('ranges');
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = stream.next();
      const v = stream.nextOpenZero();
      const k = stream.nextInt(7);
      if (!(u >= 0 && u < 1 && v > 0 && v <= 1 && Number.isInteger(k) && k >= 0 && k < 7)) outside++;
    }
    expect(outside).toBe(0);
  });

  it('draws nextInt uniformly (chi-square over 10 bins below the 99.9% critical value)', () => {
    const stream = new RandomSource(11).stream('uniformity');
    const n = 200_000;
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) bins[stream.nextInt(10)]!++;
    const expected = n / 10;
    const chiSquare = bins.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.877); // chi-square, 9 degrees of freedom, 0.999 quantile
  });
});

describe('RandomSource', () => {
  it('gives the same sequence for the same seed and name', () => {
    expect(draws(new RandomSource(42).stream('producer:a'), 500)).toEqual(draws(new RandomSource(42).stream('producer:a'), 500));
  });

  it('gives different sequences for different names, seeds, and seeds 2^32 apart', () => {
    const base = draws(new RandomSource(42).stream('producer:a'), 50);
    expect(draws(new RandomSource(42).stream('producer:b'), 50)).not.toEqual(base);
    expect(draws(new RandomSource(43).stream('producer:a'), 50)).not.toEqual(base);
    expect(draws(new RandomSource(42 + 2 ** 32).stream('producer:a'), 50)).not.toEqual(base);
  });

  it('does not change a stream when other streams are created or drawn from first', () => {
    const alone = draws(new RandomSource(9).stream('group:g:processing'), 200);
    const source = new RandomSource(9);
    const intruder = source.stream('producer:new:arrivals');
    draws(intruder, 1000);
    const withNeighbour = source.stream('group:g:processing');
    draws(source.stream('another'), 10);
    expect(draws(withNeighbour, 200)).toEqual(alone);
  });

  it('makes streams with nearby names uncorrelated (|r| within 4 standard errors of 0)', () => {
    const n = 50_000;
    const source = new RandomSource(1);
    const pairs: [string, string][] = [
      ['consumer#1', 'consumer#2'],
      ['a', 'b'],
      ['producer:x:arrivals', 'producer:x:keys'],
    ];
    for (const [left, right] of pairs) {
      const x = source.stream(left);
      const y = source.stream(right);
      let sxy = 0;
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let syy = 0;
      for (let i = 0; i < n; i++) {
        const a = x.next();
        const b = y.next();
        sx += a;
        sy += b;
        sxy += a * b;
        sxx += a * a;
        syy += b * b;
      }
      const r = (sxy - (sx * sy) / n) / Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
      expect(Math.abs(r), `${left} vs ${right}`).toBeLessThan(4 / Math.sqrt(n));
    }
  });

  it.each([-1, 1.5, Number.NaN, Infinity, 2 ** 53])('rejects seed %s with an error naming the seed and the valid range', (seed) => {
    expect(() => new RandomSource(seed)).toThrow(/seed must be an integer between 0 and 9007199254740991/);
  });

  it('accepts the extreme valid seeds', () => {
    expect(() => new RandomSource(0).stream('x').next()).not.toThrow();
    expect(() => new RandomSource(Number.MAX_SAFE_INTEGER).stream('x').next()).not.toThrow();
  });
});
