import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { removedFrom, type Message, type TraceRecord } from '../../../src/model';
import { build } from '../../../src/scenario';
import { expectInvariantsHold, guarded, run } from '../../helpers/guarded-run';
import { scenarioFrom } from '../../helpers/scenarios';

/** Queue knobs of every drop policy and bound, in any combination, with some of the lifecycle knobs they meet. */
const queueKnobs = fc.record(
  {
    maxLength: fc.integer({ min: 0, max: 6 }),
    maxBytes: fc.integer({ min: 0, max: 2000 }),
    overflow: fc.constantFrom('drop-head', 'reject-publish'),
    keepOneIn: fc.integer({ min: 1, max: 4 }),
    conflate: fc.boolean(),
    orderByKey: fc.boolean(),
    memoryLimitBytes: fc.integer({ min: 200, max: 4000 }),
    restartSeconds: fc.double({ min: 0, max: 5, noNaN: true }),
    ackTimeout: fc.double({ min: 0.2, max: 3, noNaN: true }),
    maxDeliveries: fc.integer({ min: 1, max: 3 }),
    onMaxDeliveries: fc.constantFrom('dead-letter', 'drop', 'keep'),
    messageTtl: fc.double({ min: 0.2, max: 5, noNaN: true }),
    deliveryDelay: fc.double({ min: 0, max: 1, noNaN: true }),
    deadLetterTo: fc.constant('dlq'),
  },
  { requiredKeys: [] },
);

const scenarioData = fc.record({
  queue: queueKnobs,
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  keys: fc.integer({ min: 1, max: 4 }),
  rate: fc.double({ min: 1, max: 12, noNaN: true }),
  burst: fc.integer({ min: 0, max: 20 }),
  instances: fc.integer({ min: 1, max: 3 }),
  prefetch: fc.integer({ min: 1, max: 3 }),
  meanSeconds: fc.double({ min: 0.05, max: 1, noNaN: true }),
});

type Data = typeof scenarioData extends fc.Arbitrary<infer T> ? T : never;

/** A keyed and an unkeyed producer into queue "q" (dead-lettering to "dlq"), read by competing consumers. */
function scenarioOf(d: Data) {
  const payloadBytes = { type: 'uniform', min: 50, max: 400 };
  return scenarioFrom({
    version: 1,
    name: 'drop policies',
    seed: d.seed,
    duration: 20,
    producers: [
      { id: 'keyed', target: 'q', keys: d.keys, payloadBytes, rate: { process: 'poisson', perSecond: d.rate }, bursts: d.burst > 0 ? [{ at: 5, count: d.burst }] : [] },
      { id: 'plain', target: 'q', payloadBytes, rate: { process: 'poisson', perSecond: d.rate / 2 } },
    ],
    brokers: [
      { id: 'q', kind: 'queue', ...d.queue },
      { id: 'dlq', kind: 'queue' },
    ],
    consumers: [{ id: 'w', reads: 'q', instances: d.instances, concurrency: 1, prefetch: d.prefetch, processing: { type: 'exponential', mean: d.meanSeconds } }],
  });
}

/** Runs a scenario with a spy on queue "q" that records each accepted message's key, and returns the trace too. */
function runWithKeys(scenario: ReturnType<typeof scenarioOf>): { records: TraceRecord[]; keyOf: Map<number, string> } {
  const model = build(scenario);
  const records: TraceRecord[] = [];
  model.tracer.subscribe(guarded((r) => records.push({ ...r })));
  const queue = model.probe.queues.get('q')!;
  const keyOf = new Map<number, string>();
  const accept = queue.accept.bind(queue);
  queue.accept = (message: Message) => {
    keyOf.set(message.id, message.key);
    accept(message);
  };
  model.start();
  model.sim.runUntil(scenario.duration);
  return { records, keyOf };
}

/** Whether a record ends the delivery its message has in flight in queue "q". */
function leavesFlight(r: TraceRecord): boolean {
  switch (r.kind) {
    case 'acked':
      return r.reason !== 'late';
    case 'requeued':
    case 'flagged':
      return true;
    case 'delayed':
      return r.group !== '';
    case 'dropped':
    case 'dead-lettered':
      return removedFrom(r.reason) === 'inflight';
    default:
      return false;
  }
}

/** The most messages of one key in flight in queue "q" at once, replayed from the trace. */
function mostInFlightPerKey(records: readonly TraceRecord[], keyOf: ReadonlyMap<number, string>): number {
  const inFlight = new Map<string, number>();
  let most = 0;
  for (const r of records) {
    if (r.broker !== 'q' || r.message === 0) continue;
    const key = keyOf.get(r.message);
    if (key === undefined || key === '') continue;
    if (r.kind === 'delivered') {
      const n = (inFlight.get(key) ?? 0) + 1;
      inFlight.set(key, n);
      most = Math.max(most, n);
    } else if (leavesFlight(r)) inFlight.set(key, (inFlight.get(key) ?? 0) - 1);
  }
  return most;
}

/** Acks in queue "q" of a message older than one of its key acked before it. */
function acksOutOfKeyOrder(records: readonly TraceRecord[], keyOf: ReadonlyMap<number, string>): number {
  const lastAcked = new Map<string, number>();
  let outOfOrder = 0;
  for (const r of records) {
    if (r.broker !== 'q' || r.kind !== 'acked') continue;
    const key = keyOf.get(r.message);
    if (key === undefined || key === '') continue;
    if (r.message < (lastAcked.get(key) ?? 0)) outOfOrder++;
    else lastAcked.set(key, r.message);
  }
  return outOfOrder;
}

describe('drop policies, bounds, message groups and the memory limit in any combination', () => {
  it('keep every auditor invariant: each lost message is counted under a cause', () => {
    fc.assert(
      fc.property(scenarioData, (d) => {
        expectInvariantsHold(run(scenarioOf(d)));
      }),
      { numRuns: 150 },
    );
  });

  it('reach every drop reason of the policies and a crash, so the property is not vacuous', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenarioData, (d) => {
        const report = run(scenarioOf(d));
        for (const [reason, n] of Object.entries(report.brokers.q!.droppedBy)) if (n > 0) seen.add(reason);
        if (report.brokers.q!.crashes! > 0) seen.add('crash');
      }),
      { numRuns: 150, seed: 7 },
    );
    expect([...seen].sort()).toEqual(expect.arrayContaining(['broker-crash', 'broker-crash-inflight', 'conflated', 'crash', 'maxlen', 'sampled']));
  });
});

describe('orderByKey', () => {
  it('never has two messages of one key in flight at once, whatever else the queue does', () => {
    fc.assert(
      fc.property(scenarioData, (d) => {
        const { records, keyOf } = runWithKeys(scenarioOf({ ...d, queue: { ...d.queue, orderByKey: true } }));
        expect(mostInFlightPerKey(records, keyOf)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 150 },
    );
  });

  it('has competing consumers without failures ack each key\'s messages in publish order', () => {
    fc.assert(
      fc.property(scenarioData, (d) => {
        const { records, keyOf } = runWithKeys(scenarioOf({ ...d, instances: 3, queue: { orderByKey: true } }));
        expect(acksOutOfKeyOrder(records, keyOf)).toBe(0);
        expect(records.filter((r) => r.kind === 'acked').length).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
  });

  it('is what keeps them in order: the same runs without it ack some messages out of key order', () => {
    let outOfOrder = 0;
    fc.assert(
      fc.property(scenarioData, (d) => {
        const { records, keyOf } = runWithKeys(scenarioOf({ ...d, instances: 3, queue: {} }));
        outOfOrder += acksOutOfKeyOrder(records, keyOf);
      }),
      { numRuns: 30, seed: 3 },
    );
    expect(outOfOrder).toBeGreaterThan(0);
  });
});
