/** Latency percentiles in virtual seconds. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Buckets per power of two: each spans at most 1/128 of its lower edge. */
const SUB_BUCKET_BITS = 7;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
/** Values below 2^-40 s (about a picosecond) share the lowest bucket; above 2^40 s, the highest. */
const MIN_EXPONENT = -40;
const MAX_EXPONENT = 40;
const BUCKETS = (MAX_EXPONENT - MIN_EXPONENT + 1) * SUB_BUCKETS;

/**
 * A streaming latency histogram with log-linear buckets, as in HdrHistogram: every power-of-two range
 * [2^e, 2^(e+1)) is cut into 128 equal buckets, so a bucket is at most 1/128 as wide as its lower edge
 * and its midpoint is within 0.4% of any value in it. Quantiles are therefore within 1% of the exact
 * sample quantile, and memory depends only on the range of values seen (at most ~10,000 counters),
 * never on how many samples there were.
 *
 * The bucket of a value comes straight from the bits of its IEEE-754 representation (exponent and the
 * top 7 mantissa bits): no logarithm, so it is fast and gives identical results in every engine.
 * Zero (a message delivered the moment it arrived) is counted exactly, apart from the buckets.
 */
export class LatencyHistogram {
  /** counts[i] is the count of bucket `first + i`; grown on demand to cover the buckets used. */
  private counts = new Float64Array(0);
  private first = 0;
  private zeros = 0;
  private total = 0;
  private sum = 0;
  private min = Infinity;
  private largest = -Infinity;
  private readonly float = new Float64Array(1);
  private readonly words = new Uint32Array(this.float.buffer);
  private readonly highWord = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f ? 1 : 0;

  /** Records one latency in seconds (>= 0). */
  record(seconds: number): void {
    this.total++;
    this.sum += seconds;
    if (seconds < this.min) this.min = seconds;
    if (seconds > this.largest) this.largest = seconds;
    if (!(seconds > 0)) {
      this.zeros++;
      return;
    }
    const bucket = this.bucketOf(seconds);
    let i = bucket - this.first;
    if (i < 0 || i >= this.counts.length) i = this.cover(bucket);
    this.counts[i]!++;
  }

  get count(): number {
    return this.total;
  }

  summary(): LatencySummary {
    if (this.total === 0) return { count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };
    return {
      count: this.total,
      mean: this.sum / this.total,
      p50: this.quantile(0.5),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      max: this.largest,
    };
  }

  /** The value at quantile q: the midpoint of the bucket holding the sample of rank q·(n − 1), kept within [min, max]. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.floor(q * (this.total - 1));
    if (rank < this.zeros) return 0;
    let seen = this.zeros;
    const counts = this.counts;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i]!;
      if (seen > rank) return Math.min(this.largest, Math.max(this.min, this.midpointOf(this.first + i)));
    }
    return this.largest;
  }

  /** The middle of a bucket, built from its bits: the bucket's exponent and sub-bucket, then a 1 for the half. */
  private midpointOf(bucket: number): number {
    const exponent = Math.floor(bucket / SUB_BUCKETS) + MIN_EXPONENT;
    const sub = bucket % SUB_BUCKETS;
    const shift = 20 - SUB_BUCKET_BITS;
    this.words[this.highWord] = ((exponent + 1023) << 20) | (sub << shift) | (1 << (shift - 1));
    this.words[1 - this.highWord] = 0;
    return this.float[0]!;
  }

  private bucketOf(value: number): number {
    this.float[0] = value;
    const high = this.words[this.highWord]!;
    const exponent = ((high >>> 20) & 0x7ff) - 1023;
    if (exponent < MIN_EXPONENT) return 0;
    if (exponent > MAX_EXPONENT) return BUCKETS - 1;
    return (exponent - MIN_EXPONENT) * SUB_BUCKETS + ((high >>> (20 - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1));
  }

  /** Grows the counters so that `bucket` is covered (doubling, within [0, BUCKETS)); returns its index. */
  private cover(bucket: number): number {
    const old = this.counts;
    if (old.length === 0) {
      this.first = Math.max(0, bucket - SUB_BUCKETS);
      this.counts = new Float64Array(Math.min(BUCKETS - this.first, 2 * SUB_BUCKETS));
      return bucket - this.first;
    }
    let first = this.first;
    let end = first + old.length;
    while (bucket < first || bucket >= end) {
      const width = end - first;
      if (bucket < first) first = Math.max(0, first - width);
      else end = Math.min(BUCKETS, end + width);
    }
    const counts = new Float64Array(end - first);
    counts.set(old, this.first - first);
    this.counts = counts;
    this.first = first;
    return bucket - first;
  }
}
