import type { RunReport } from '../../src/metrics';
import type { TraceRecord } from '../../src/model';
import { runScenario } from '../../src/runtime';
import type { Scenario } from '../../src/scenario';
import { batchMeansOf, intervalOf, TimeBatches, type ConfidenceInterval } from './batch-means';

/** Which part of a run counts as steady state, and how to cut it into batches. */
export interface SteadyStateWindow {
  /** Warm-up: output before this virtual time is discarded. */
  from: number;
  /** End of the window; arrivals should stop here so every message in it completes. */
  to: number;
  batches: number;
}

/**
 * What the theory tests measure on one run, reduced from the trace records alone:
 * per-message waits and sojourns in publish order, time-weighted levels and per-batch counts.
 */
export interface SteadyStateResult {
  report: RunReport;
  /** Publish → delivery, for messages published in the window, in publish order. */
  waits: Float64Array;
  /** Publish → ack, for messages published in the window and acknowledged, in publish order. */
  sojourns: Float64Array;
  /** Batch means of each estimator. */
  batches: {
    inSystem: number[];
    ready: number[];
    /** Publish attempts, messages refused or dropped for overflow, and acks, per batch. */
    attempts: number[];
    lost: number[];
    acked: number[];
  };
  /** Width of one time batch, in virtual seconds. */
  batchWidth: number;
}

/** Runs `scenario` and measures it in `window`. Assumes message ids follow publish order (they do). */
export function measureSteadyState(scenario: Scenario, window: SteadyStateWindow): SteadyStateResult {
  const inSystem = new TimeBatches(window.from, window.to, window.batches);
  const ready = new TimeBatches(window.from, window.to, window.batches);
  const zeros = (): number[] => new Array<number>(window.batches).fill(0);
  const attempts = zeros();
  const lost = zeros();
  const acked = zeros();
  // Indexed by message id; NaN until the event happens.
  let wait = nanFilled(1 << 16);
  let sojourn = nanFilled(1 << 16);
  let inWindow = new Uint8Array(1 << 16);
  let maxId = 0;
  const ensure = (id: number): void => {
    if (id < wait.length) return;
    const length = Math.max(wait.length * 2, id + 1);
    wait = copyInto(nanFilled(length), wait);
    sojourn = copyInto(nanFilled(length), sojourn);
    inWindow = copyInto(new Uint8Array(length), inWindow);
  };
  const count = (counts: number[], time: number): void => {
    const b = inSystem.batchOf(time);
    if (b >= 0) counts[b]!++;
  };

  const onTrace = (r: Readonly<TraceRecord>): void => {
    switch (r.kind) {
      case 'rejected':
        count(attempts, r.time);
        count(lost, r.time);
        return;
      case 'published':
        count(attempts, r.time);
        inSystem.change(r.time, 1);
        ensure(r.message);
        maxId = Math.max(maxId, r.message);
        inWindow[r.message] = r.time >= window.from && r.time < window.to ? 1 : 0;
        return;
      case 'enqueued':
        ready.change(r.time, 1);
        return;
      case 'delivered':
        ready.change(r.time, -1);
        if (r.attempt === 1) wait[r.message] = r.time - r.publishedAt;
        return;
      case 'dropped':
        ready.change(r.time, -1);
        inSystem.change(r.time, -1);
        count(lost, r.time);
        return;
      case 'acked':
        inSystem.change(r.time, -1);
        sojourn[r.message] = r.time - r.publishedAt;
        count(acked, r.time);
        return;
    }
  };
  const report = runScenario(scenario, { onTrace });

  const pick = (values: Float64Array): Float64Array => {
    const out: number[] = [];
    for (let id = 1; id <= maxId; id++) if (inWindow[id] === 1 && !Number.isNaN(values[id]!)) out.push(values[id]!);
    return Float64Array.from(out);
  };
  return {
    report,
    waits: pick(wait),
    sojourns: pick(sojourn),
    batches: { inSystem: inSystem.levelMeans(), ready: ready.levelMeans(), attempts, lost, acked },
    batchWidth: inSystem.width,
  };
}

/** The confidence interval of the mean of per-message observations, batched in publish order. */
export function perMessageInterval(values: Float64Array, batches: number, confidence = 0.95): ConfidenceInterval {
  return intervalOf(batchMeansOf(values, batches), confidence);
}

function nanFilled(length: number): Float64Array {
  return new Float64Array(length).fill(Number.NaN);
}

function copyInto<T extends Float64Array | Uint8Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
