import { beforeAll, describe, expect, it } from 'vitest';
import type { QueueOverflow } from '../../src/model';
import { intervalOf } from '../helpers/batch-means';
import { expectCovers } from '../helpers/expect-interval';
import { mm1k } from '../helpers/oracles';
import { markovianQueue } from '../helpers/scenarios';
import { measureSteadyState, perMessageInterval, type SteadyStateResult } from '../helpers/steady-state';

// M/M/1/K with K = 5: K counts the message in service, and maxLength counts ready messages only,
// so one consumer at concurrency 1 with maxLength 4 holds at most 5. About 500,000 arrivals per run.
const LAMBDA = 8;
const MU = 10;
const K = 5;
const WARM_UP = 500;
const STOP = 63_000;
const BATCHES = 25;

/** One run per overflow mode, shared by the checks below. */
const measured = new Map<QueueOverflow, SteadyStateResult>();
function run(overflow: QueueOverflow): SteadyStateResult {
  let result = measured.get(overflow);
  if (result === undefined) {
    const scenario = markovianQueue({
      arrivalRate: LAMBDA,
      serviceRate: MU,
      servers: 1,
      maxLength: K - 1,
      overflow,
      stopAt: STOP,
      duration: STOP + 100,
      seed: 20260103,
    });
    result = measureSteadyState(scenario, { from: WARM_UP, to: STOP, batches: BATCHES });
    measured.set(overflow, result);
  }
  return result;
}

const oracle = mm1k(LAMBDA, MU, K);

describe.each(['reject-publish', 'drop-head'] as const)('M/M/1/5 (λ = 8, μ = 10) with overflow %s', (overflow) => {
  let result: SteadyStateResult;
  beforeAll(() => {
    result = run(overflow);
  });

  it('runs clean and never holds more than K messages', () => {
    const { report } = result;
    expect(report.invariants.ok).toBe(true);
    expect(report.brokers.queue!.depth.max).toBe(K - 1);
    expect(report.brokers.queue!.depth.max + report.brokers.queue!.inflight.max).toBe(K);
  });

  it('loses messages for the reason "maxlen" in the way the overflow mode says', () => {
    const { report } = result;
    if (overflow === 'reject-publish') {
      expect(report.producers.source!.rejectedBy).toEqual({ maxlen: report.producers.source!.rejected });
      expect(report.brokers.queue!.dropped).toBe(0);
    } else {
      expect(report.brokers.queue!.droppedBy).toEqual({ maxlen: report.brokers.queue!.dropped });
      expect(report.producers.source!.rejected).toBe(0);
    }
  });

  it('loses P_block = 0.088819 of arrivals, within the 95% batch-means interval', () => {
    const { lost, attempts } = result.batches;
    expectCovers(intervalOf(lost.map((n, b) => n / attempts[b]!)), oracle.pBlock, 'P_block', 0.05);
  });

  it('acknowledges X = 7.289444 messages per second, within the 95% batch-means interval', () => {
    expectCovers(intervalOf(result.batches.acked.map((n) => n / result.batchWidth)), oracle.throughput, 'X', 0.02);
  });

  it('holds L = 1.868332 messages on average, within the 95% batch-means interval', () => {
    expectCovers(intervalOf(result.batches.inSystem), oracle.l, 'L', 0.05);
  });
});

// Only with reject-publish is every accepted message served in arrival order: drop-head discards the
// oldest waiting message, so the acknowledged ones are a biased (younger) subset and W = L / X does not apply to them.
describe('M/M/1/5 (λ = 8, μ = 10) with overflow reject-publish', () => {
  it('keeps accepted messages W = 0.256307 in the system, within the 95% batch-means interval', () => {
    expectCovers(perMessageInterval(run('reject-publish').sojourns, BATCHES), oracle.w, 'W', 0.05);
  });
});
