import { beforeAll, describe, expect, it } from 'vitest';
import type { QueueOverflow } from '../../src/model';
import { runScenario } from '../../src/runtime';
import type { Scenario } from '../../src/scenario';
import { intervalOf } from '../helpers/batch-means';
import { expectCovers } from '../helpers/expect-interval';
import { mm1k } from '../helpers/oracles';
import { markovianQueue } from '../helpers/scenarios';
import { measureSteadyState, perMessageInterval, type SteadyStateResult } from '../helpers/steady-state';

// M/M/1/K with K = 5: K counts the message in service, and maxLength counts ready messages only,
// so one consumer at concurrency 1 with maxLength 4 holds at most 5. About 500,000 arrivals per run.
// The same bound in bytes: every payload is PAYLOAD bytes, so maxBytes 4 × PAYLOAD also keeps 4 ready.
const LAMBDA = 8;
const MU = 10;
const K = 5;
const WARM_UP = 500;
const STOP = 63_000;
const BATCHES = 25;
const PAYLOAD = 1000;

/** How the buffer is bounded: by message count (maxLength) or by payload bytes (maxBytes). */
type Bound = 'maxLength' | 'maxBytes';

/** The M/M/1/K scenario, bounded by count or, with constant payloads, by the same number of messages' bytes. */
function mm1kScenario(overflow: QueueOverflow, bound: Bound, stopAt: number): Scenario {
  const scenario = markovianQueue({ arrivalRate: LAMBDA, serviceRate: MU, servers: 1, maxLength: K - 1, overflow, stopAt, duration: stopAt + 100, seed: 20260103 });
  scenario.producers[0]!.payloadBytes = { type: 'constant', value: PAYLOAD };
  if (bound === 'maxBytes') {
    const queue = scenario.brokers[0] as Extract<Scenario['brokers'][number], { kind: 'queue' }>;
    scenario.brokers[0] = { ...queue, maxLength: undefined, maxBytes: (K - 1) * PAYLOAD };
  }
  return scenario;
}

/** One run per overflow mode and bound, shared by the checks below. */
const measured = new Map<string, SteadyStateResult>();
function run(overflow: QueueOverflow, bound: Bound = 'maxLength'): SteadyStateResult {
  let result = measured.get(`${overflow}/${bound}`);
  if (result === undefined) {
    result = measureSteadyState(mm1kScenario(overflow, bound, STOP), { from: WARM_UP, to: STOP, batches: BATCHES });
    measured.set(`${overflow}/${bound}`, result);
  }
  return result;
}

const oracle = mm1k(LAMBDA, MU, K);

describe.each([
  ['reject-publish', 'maxLength'],
  ['drop-head', 'maxLength'],
  ['reject-publish', 'maxBytes'],
  ['drop-head', 'maxBytes'],
] as const)('M/M/1/5 (λ = 8, μ = 10) with overflow %s, bounded by %s', (overflow, bound) => {
  let result: SteadyStateResult;
  beforeAll(() => {
    result = run(overflow, bound);
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

describe('a bytes bound with constant payloads', () => {
  it.each(['reject-publish', 'drop-head'] as const)('with %s, runs exactly like the count bound it equals (the same trace)', (overflow) => {
    const byCount = runScenario(mm1kScenario(overflow, 'maxLength', 2000));
    const byBytes = runScenario(mm1kScenario(overflow, 'maxBytes', 2000));
    expect(byBytes.producers.source!.attempted).toBeGreaterThan(10_000);
    expect(byBytes.brokers.queue!.dropped + byBytes.producers.source!.rejected).toBeGreaterThan(1000);
    expect(byBytes.traceHash).toBe(byCount.traceHash);
  });
});
