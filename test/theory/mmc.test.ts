import { beforeAll, describe, expect, it } from 'vitest';
import { intervalOf } from '../helpers/batch-means';
import { expectCovers } from '../helpers/expect-interval';
import { mmc } from '../helpers/oracles';
import { markovianQueue } from '../helpers/scenarios';
import { measureSteadyState, perMessageInterval, type SteadyStateResult } from '../helpers/steady-state';

// One queue, 10 competing consumers. About 1,000,000 messages after a 5,000 s warm-up, 25 batches.
const LAMBDA = 9;
const MU = 1;
const SERVERS = 10;
const WARM_UP = 5_000;
const STOP = 116_000;
const BATCHES = 25;

describe('M/M/10 (λ = 9, μ = 1) against Erlang C', () => {
  const oracle = mmc(LAMBDA, MU, SERVERS);
  let result: SteadyStateResult;

  beforeAll(() => {
    const scenario = markovianQueue({ arrivalRate: LAMBDA, serviceRate: MU, servers: SERVERS, stopAt: STOP, duration: STOP + 200, seed: 20260102 });
    result = measureSteadyState(scenario, { from: WARM_UP, to: STOP, batches: BATCHES });
  });

  it('runs clean: every invariant holds and every message is acknowledged', () => {
    expect(result.report.invariants.ok).toBe(true);
    expect(result.report.groups.servers!.acked).toBe(result.report.producers.source!.published);
  });

  it('has mean wait in queue Wq = 0.668732 within the 95% batch-means interval', () => {
    expectCovers(perMessageInterval(result.waits, BATCHES), oracle.wq, 'Wq', 0.1);
  });

  it('has mean time in system W = 1.668732 within the 95% batch-means interval', () => {
    expectCovers(perMessageInterval(result.sojourns, BATCHES), oracle.w, 'W', 0.05);
  });

  it('has time-averaged number waiting Lq = 6.018584 within the 95% batch-means interval', () => {
    expectCovers(intervalOf(result.batches.ready), oracle.lq, 'Lq', 0.1);
  });

  it('has the probability of waiting C(10, 9) = 0.668732 within the 95% batch-means interval', () => {
    // A message waits when it finds every consumer busy; with continuous service times "waited" means wait > 0.
    const waited = result.waits.map((w) => (w > 0 ? 1 : 0));
    expectCovers(perMessageInterval(waited, BATCHES), oracle.pWait, 'P(wait)', 0.05);
  });
});
