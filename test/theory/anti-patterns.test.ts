import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/model';
import { runScenario } from '../../src/runtime';
import { expectInvariantsHold } from '../helpers/guarded-run';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf } from '../helpers/trace';

/**
 * The chapter's anti-patterns, each measured against its fix on the same load and seed: the report
 * must show the damage in numbers, and the fix must remove it.
 */

type Data = Record<string, unknown>;

/** One producer into one queue (with a dead-letter queue) and one consumer group; `group` adds to the group. */
function work(group: Data, options: { seed?: number; duration?: number; perSecond?: number; keys?: number; queue?: Data } = {}): Data {
  return {
    version: 1,
    name: 'anti-pattern',
    seed: options.seed ?? 1,
    duration: options.duration ?? 300,
    producers: [{ id: 'orders', target: 'jobs', rate: { perSecond: options.perSecond ?? 10 }, keys: options.keys ?? 0 }],
    brokers: [{ id: 'jobs', kind: 'queue', deadLetterTo: 'dlq', ...options.queue }, { id: 'dlq', kind: 'queue' }],
    consumers: [{ id: 'workers', reads: 'jobs', instances: 4, processing: { type: 'exponential', mean: 0.2 }, ...group }],
  };
}

const count = (records: readonly TraceRecord[], keep: (r: TraceRecord) => boolean): number => records.filter(keep).length;

describe('ack on failure', () => {
  it('loses exactly the messages whose processing failed, and the auditor names the consumer as the cause', () => {
    const scenario = scenarioFrom(work({ failure: { probability: 0.1, action: 'ack' } }));
    const records = traceOf(scenario);
    const report = runScenario(scenario);
    const failed = count(records, (r) => r.kind === 'failed');
    expect(failed).toBeGreaterThan(200);
    expect(report.groups.workers!.lostByConsumer).toBe(failed);
    expect(count(records, (r) => r.kind === 'acked' && r.reason === 'ack-on-failure')).toBe(failed);
    expect(report.brokers.dlq!.enqueued).toBe(0);
    const check = report.invariants.checks.find((c) => c.name === 'no-loss-by-consumer')!;
    expect(check.ok).toBe(false);
    expect(check.detail).toContain(`${failed} failed message(s) acknowledged anyway and lost by the consumer: workers ${failed}`);
    expect(report.invariants.checks.find((c) => c.name === 'conservation')!.ok).toBe(true);
  });

  it('loses nothing when failures are retried and the last failure goes to the dead-letter queue', () => {
    const scenario = scenarioFrom(work({ failure: { probability: 0.1, action: 'retry' }, retry: { backoff: 'exponential', delay: 0.5, maxRetries: 1 } }));
    const report = runScenario(scenario);
    const group = report.groups.workers!;
    expect(group.lostByConsumer).toBe(0);
    expect(group.retries).toBeGreaterThan(200);
    // With one retry, a message fails for good with probability 0.1²: those wait in the DLQ, for a redrive.
    expect(report.brokers.dlq!.enqueued).toBeGreaterThan(0);
    expect(report.brokers.jobs!.deadLetteredBy).toEqual({ 'retry-limit': report.brokers.dlq!.enqueued });
    const published = report.producers.orders!.published;
    const settledOrWaiting = group.acked + report.brokers.dlq!.depth.final + report.brokers.jobs!.depth.final + report.brokers.jobs!.inflight.final;
    expect(settledOrWaiting).toBe(published);
    expectInvariantsHold(report);
  });
});

describe('at-least-once delivery without idempotency', () => {
  // A lease shorter than the slowest processing: the broker redelivers a message its first consumer
  // is still working on, and both finish. Every finished processing applies the side effect.
  const racing = { processing: { type: 'exponential', mean: 0.5 }, sideEffect: { name: 'charges' } };
  const leased = { queue: { ackTimeout: 1 } };

  it('applies the side effect again for every duplicate delivery that was processed', () => {
    const scenario = scenarioFrom(work(racing, leased));
    const records = traceOf(scenario);
    const report = runScenario(scenario);
    // Finished processings: acked, or acked after the lease ran out (ignored by the broker, applied all the same).
    const finished = records.filter((r) => r.group === 'workers' && (r.kind === 'acked' || r.kind === 'late-ack'));
    const distinct = new Set(finished.map((r) => r.message)).size;
    const duplicateProcessings = finished.length - distinct;
    expect(duplicateProcessings).toBeGreaterThan(50);
    expect(report.groups.workers!.sideEffects).toEqual({ applied: finished.length, duplicates: duplicateProcessings, avoided: 0 });
    expect(report.groups.workers!.duplicates).toBeGreaterThan(0);
    expectInvariantsHold(report);
  });

  it('applies no duplicate side effect with an idempotency store, and counts what it avoided', () => {
    const guarded = { ...racing, sideEffect: { name: 'charges', idempotency: { key: 'message-id', ttl: 3600, lookupLatency: 0.001 } } };
    const report = runScenario(scenarioFrom(work(guarded, leased)));
    const effects = report.groups.workers!.sideEffects;
    expect(effects.duplicates).toBe(0);
    expect(effects.avoided).toBeGreaterThan(50);
    // Each message that was processed at all had its side effect exactly once.
    expect(report.groups.workers!.duplicates).toBeGreaterThan(0);
    expectInvariantsHold(report);
  });
});

describe('ordering with competing consumers', () => {
  const keyed = { keys: 10, perSecond: 20 };
  const updates = (remedy: string): Data => ({ concurrency: 2, processing: { type: 'exponential', mean: 0.3 }, ordering: { remedy } });

  it('applies updates out of order and leaves keys in the wrong final state', () => {
    const report = runScenario(scenarioFrom(work(updates('none'), keyed)));
    expect(report.groups.workers!.outOfOrder).toBeGreaterThan(100);
    expect(report.groups.workers!.wrongFinalState).toBeGreaterThan(0);
    expectInvariantsHold(report);
  });

  it('applies every update in order when the queue delivers each key one message at a time (FIFO message groups)', () => {
    const report = runScenario(scenarioFrom(work(updates('none'), { ...keyed, queue: { orderByKey: true } })));
    expect(report.groups.workers!.outOfOrder).toBe(0);
    expect(report.groups.workers!.wrongFinalState).toBe(0);
    expect(report.groups.workers!.acked).toBeGreaterThan(5000);
    expectInvariantsHold(report);
  });

  it('applies every update in order on a stream partitioned by key, one member per partition', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'partition by key',
      seed: 1,
      duration: 300,
      producers: [{ id: 'orders', target: 'updates', rate: { perSecond: keyed.perSecond }, keys: keyed.keys }],
      brokers: [{ id: 'updates', kind: 'stream', partitions: 4, partitioner: 'keyed' }],
      consumers: [{ id: 'workers', reads: 'updates', instances: 4, startFrom: 'earliest', processing: { type: 'exponential', mean: 0.1 }, ordering: { remedy: 'none' } }],
    });
    const records = traceOf(scenario);
    const report = runScenario(scenario);
    expect(records.filter((r) => r.kind === 'state' && r.reason === 'in-order').length).toBeGreaterThan(5000);
    expect(report.groups.workers!.outOfOrder).toBe(0);
    expect(report.groups.workers!.wrongFinalState).toBe(0);
    expectInvariantsHold(report);
  });

  it('leaves every key at its newest version when older updates are rejected, and counts them', () => {
    const report = runScenario(scenarioFrom(work(updates('reject-older'), keyed)));
    expect(report.groups.workers!.outOfOrder).toBe(0);
    expect(report.groups.workers!.wrongFinalState).toBe(0);
    expect(report.groups.workers!.staleSkipped).toBeGreaterThan(100);
  });

  it('leaves every key at its newest version under last-write-wins by publish time', () => {
    const report = runScenario(scenarioFrom(work(updates('last-write-wins'), keyed)));
    expect(report.groups.workers!.wrongFinalState).toBe(0);
    expect(report.groups.workers!.staleSkipped).toBeGreaterThan(100);
  });
});

describe('retry storms', () => {
  const storm = JSON.parse(readFileSync(new URL('../../scenarios/retry-storm.json', import.meta.url), 'utf8')) as Data & { consumers: Data[] };

  it('builds a backlog behind immediate retries during an outage, counted as a retry storm', () => {
    const report = runScenario(scenarioFrom(storm));
    const billing = report.groups.billing!;
    expect(billing.retryStorms).toBeGreaterThanOrEqual(1);
    expect(billing.retries).toBeGreaterThan(report.producers.checkout!.published);
    expect(report.brokers.orders!.depth.max).toBeGreaterThan(300);
    expect(billing.failedBy.outage).toBeGreaterThan(1000);
    expectInvariantsHold(report);
  });

  it('keeps the backlog away with a retry budget, sending what it cannot retry to the dead-letter queue', () => {
    const consumers = [{ ...storm.consumers[0], retry: { backoff: 'immediate', maxRetries: 10, budget: { ratio: 0.1, minPerSecond: 1, windowSeconds: 10 } } }];
    const report = runScenario(scenarioFrom({ ...storm, consumers }));
    const billing = report.groups.billing!;
    expect(billing.retryStorms).toBe(0);
    expect(report.brokers.orders!.depth.max).toBeLessThan(20);
    expect(report.brokers.orders!.deadLetteredBy['retry-budget']).toBeGreaterThan(500);
    expectInvariantsHold(report);
  });
});

describe('circuit breaker', () => {
  it('opens during a dependency outage, fails calls fast while open, and closes after the outage', () => {
    const scenario = scenarioFrom({
      ...work(
        {
          dependency: 'email',
          failure: { probability: 0, action: 'retry' },
          retry: { backoff: 'fixed', delay: 5, maxRetries: 20 },
          breaker: { failureRate: 0.5, minCalls: 5, windowSeconds: 10, openSeconds: 15, halfOpenProbes: 3, whenOpen: 'retry' },
        },
        { duration: 240 },
      ),
      dependencies: [{ id: 'email', timeout: 2 }],
      timeline: [{ at: 60, action: 'outage', dependency: 'email', duration: 60 }],
    });
    const records = traceOf(scenario);
    const report = runScenario(scenario);
    const states = records.filter((r) => r.kind === 'circuit').map((r) => [r.reason, r.time] as const);
    expect(states[0]![0]).toBe('open');
    // The window still holds the successes before the outage; failures (4 workers, one per 2 s timeout
    // each) must outweigh them first, which takes a few seconds.
    expect(states[0]![1]).toBeGreaterThanOrEqual(60);
    expect(states[0]![1]).toBeLessThan(75);
    // It closes for good after the outage, and never opens again.
    const last = states[states.length - 1]!;
    expect(last[0]).toBe('closed');
    expect(last[1]).toBeGreaterThanOrEqual(120);
    expect(states.filter(([state, at]) => state === 'open' && at >= 125)).toEqual([]);
    const circuit = report.groups.workers!.circuit;
    expect(circuit.opens).toBe(states.filter(([state]) => state === 'open').length);
    expect(circuit.openSeconds).toBeGreaterThan(15);
    expect(circuit.openSeconds).toBeLessThanOrEqual(75);
    expect(report.groups.workers!.failedBy['circuit-open']).toBeGreaterThan(50);
    // Retried, not lost: everything is acked or still on its way by the end.
    expect(report.brokers.dlq!.enqueued).toBe(0);
    expectInvariantsHold(report);
  });
});

describe('large payloads', () => {
  const orders = JSON.parse(readFileSync(new URL('../../scenarios/large-payloads.json', import.meta.url), 'utf8')) as Data & { producers: Data[] };
  const withClaimCheck = (): Data => ({ ...orders, producers: [{ ...orders.producers[0], claimCheck: { thresholdBytes: 262_144 } }] });

  it('rejects every publish over the queue size limit, and fills consumers\' memory until they crash', () => {
    const scenario = scenarioFrom(orders);
    const records = traceOf(scenario);
    const report = runScenario(scenario);
    const oversize = records.filter((r) => r.kind === 'rejected' && r.reason === 'oversize').length;
    expect(oversize).toBeGreaterThan(100);
    expect(report.producers.storefront!.rejectedBy).toEqual({ oversize });
    expect(report.brokers.orders!.oversizeRejected).toBe(oversize);
    expect(records.filter((r) => r.kind === 'crashed' && r.reason === 'memory').length).toBe(report.groups.fulfilment!.crashes);
    expect(report.groups.fulfilment!.crashes).toBeGreaterThan(0);
    expectInvariantsHold(report);
  });

  it('lets every message through with the claim check, where only references reach the broker and the consumers', () => {
    const scenario = scenarioFrom(withClaimCheck());
    const report = runScenario(scenario);
    expect(report.producers.storefront!.rejected).toBe(0);
    expect(report.producers.storefront!.published).toBe(report.producers.storefront!.attempted);
    expect(report.groups.fulfilment!.crashes).toBe(0);
    expectInvariantsHold(report);
  });

  it('charges the object store round trip to the processing of a message whose payload is fetched', () => {
    const fetchAlways = (probability: number): Data => {
      const data = withClaimCheck() as Data & { consumers: Data[] };
      return { ...data, consumers: [{ ...data.consumers[0], payload: { fetch: { probability, storeLatency: { type: 'constant', value: 0.5 } } } }] };
    };
    const never = runScenario(scenarioFrom(fetchAlways(0))).groups.fulfilment!;
    const always = runScenario(scenarioFrom(fetchAlways(1))).groups.fulfilment!;
    // Processing has mean 0.35 s; a fetch adds at least its 0.5 s request time to every claim-checked message.
    expect(always.endToEnd.p50 - never.endToEnd.p50).toBeGreaterThan(0.3);
  });
});
