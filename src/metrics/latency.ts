import { DDSketch } from '@datadog/sketches-js';

/** Latency percentiles in virtual seconds. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * A streaming latency histogram: DDSketch with 0.5% relative accuracy, so quantiles are within 1% of
 * the exact sample quantile while memory depends only on the range of values (log-spaced buckets),
 * never on how many samples were seen.
 */
export class LatencyHistogram {
  private readonly sketch = new DDSketch({ relativeAccuracy: 0.005 });

  record(seconds: number): void {
    this.sketch.accept(seconds);
  }

  get count(): number {
    return this.sketch.count;
  }

  summary(): LatencySummary {
    const s = this.sketch;
    if (s.count === 0) return { count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 };
    return {
      count: s.count,
      mean: s.sum / s.count,
      p50: s.getValueAtQuantile(0.5),
      p95: s.getValueAtQuantile(0.95),
      p99: s.getValueAtQuantile(0.99),
      max: s.max,
    };
  }
}
