/**
 * Seeded randomness with named, independent streams.
 *
 * Algorithm: each stream is an sfc32 generator (Small Fast Counting, 128-bit state, 32-bit output).
 * Its state is derived from the run seed and the stream's name: the name is hashed with two
 * independent 32-bit FNV-1a variants, mixed with the seed through the splitmix32 finaliser, and
 * splitmix32 then fills the four state words; 12 outputs are discarded to decorrelate nearby seeds.
 * Every operation is 32-bit integer arithmetic (Math.imul, >>>), so the sequence is bit-identical in
 * every JavaScript engine.
 *
 * Because a stream's state depends only on (seed, name), adding a component (a new stream name)
 * never changes the draws of another component.
 */
export class RandomStream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniformly distributed integer in [0, 2^32). */
  nextUint32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.c = (r + t) | 0;
    return t >>> 0;
  }

  /** A uniformly distributed number in [0, 1), with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniformly distributed number in (0, 1]: safe to take the logarithm of. */
  nextOpenZero(): number {
    return (this.nextUint32() + 1) / 4294967296;
  }

  /** A uniformly distributed integer in [0, n) for 1 <= n <= 2^32. */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** Hands out independent random streams for one run seed. Holds no mutable state itself. */
export class RandomSource {
  private readonly seedLow: number;
  private readonly seedHigh: number;

  /** `seed` is an integer in [0, 2^53). */
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`seed must be an integer between 0 and ${Number.MAX_SAFE_INTEGER}, got ${seed}`);
    }
    this.seedLow = seed >>> 0;
    this.seedHigh = Math.floor(seed / 4294967296) >>> 0;
  }

  /** The stream named `name`. The same (seed, name) always yields the same sequence. */
  stream(name: string): RandomStream {
    let x = mix32(this.seedLow ^ 0x9e3779b9);
    x = mix32(x ^ this.seedHigh);
    x = mix32(x ^ fnv1a(name, 0x811c9dc5));
    x = mix32(x ^ fnv1a(name, 0x050c5d1f));
    const state = { x };
    return new RandomStream(splitmix32(state), splitmix32(state), splitmix32(state), splitmix32(state));
  }
}

/**
 * A number in [0, 1) fixed by `salt` and the integer `value` (0 <= value < 2^53), spread as evenly as a
 * uniform draw: for decisions that belong to an item rather than to an attempt (is this message
 * malformed?), which must come out the same however often, and in whatever order, the item is seen.
 */
export function unitHash(salt: number, value: number): number {
  let x = mix32(salt ^ (value >>> 0));
  x = mix32(x ^ (Math.floor(value / 4294967296) >>> 0));
  return x / 4294967296;
}

/** FNV-1a over the UTF-16 code units of `text`, starting from `basis`. */
function fnv1a(text: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The splitmix32 output finaliser (a bijection on 32-bit integers with good avalanche). */
function mix32(value: number): number {
  let z = value | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

function splitmix32(state: { x: number }): number {
  state.x = (state.x + 0x9e3779b9) | 0;
  return mix32(state.x);
}
