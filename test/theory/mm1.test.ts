import { beforeAll, describe, expect, it } from 'vitest';
import { intervalOf } from '../helpers/batch-means';
import { expectCovers } from '../helpers/expect-interval';
import { mm1 } from '../helpers/oracles';
import { markovianQueue } from '../helpers/scenarios';
import { measureSteadyState, perMessageInterval, type SteadyStateResult } from '../helpers/steady-state';

// About 1,000,000 messages after a 2,000 s warm-up (≈ 200 relaxation times at ρ = 0.8), cut into 25 batches.
const LAMBDA = 8;
const MU = 10;
const WARM_UP = 2_000;
const STOP = 127_000;
const BATCHES = 25;

describe('M/M/1 (λ = 8, μ = 10) against queueing theory', () => {
  const oracle = mm1(LAMBDA, MU);
  let result: SteadyStateResult;

  beforeAll(() => {
    const scenario = markovianQueue({ arrivalRate: LAMBDA, serviceRate: MU, servers: 1, stopAt: STOP, duration: STOP + 100, seed: 20260101 });
    result = measureSteadyState(scenario, { from: WARM_UP, to: STOP, batches: BATCHES });
  });

  it('runs clean: every invariant holds and every message is acknowledged', () => {
    expect(result.report.invariants.ok).toBe(true);
    expect(result.report.groups.servers!.acked).toBe(result.report.producers.source!.published);
  });

  it('has mean wait in queue Wq = 0.4 within the 95% batch-means interval', () => {
    expectCovers(perMessageInterval(result.waits, BATCHES), oracle.wq, 'Wq', 0.05);
  });

  it('has mean time in system W = 0.5 within the 95% batch-means interval', () => {
    expectCovers(perMessageInterval(result.sojourns, BATCHES), oracle.w, 'W', 0.05);
  });

  it('has time-averaged number in system L = 4 within the 95% batch-means interval', () => {
    expectCovers(intervalOf(result.batches.inSystem), oracle.l, 'L', 0.05);
  });

  it('has time-averaged number waiting Lq = 3.2 within the 95% batch-means interval', () => {
    expectCovers(intervalOf(result.batches.ready), oracle.lq, 'Lq', 0.05);
  });
});
