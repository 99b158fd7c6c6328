import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioFrom } from '../helpers/scenarios';
import { expectInvariantsHold, expectSameRunTwiceAndInChunks, runCuts, runWithTrace } from '../helpers/guarded-run';

interface HandlerCase {
  seed: number;
  style: 'sequential' | 'concurrent';
  calls: { mean: number; blocking: boolean }[];
  instances: number;
  concurrency: number;
  rate: number;
  crashes: boolean;
  failure: number;
}

const handlerCase: fc.Arbitrary<HandlerCase> = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  style: fc.constantFrom('sequential' as const, 'concurrent' as const),
  calls: fc.array(fc.record({ mean: fc.double({ min: 0.01, max: 1, noNaN: true }), blocking: fc.boolean() }), { minLength: 1, maxLength: 4 }),
  instances: fc.integer({ min: 1, max: 3 }),
  concurrency: fc.integer({ min: 1, max: 6 }),
  rate: fc.double({ min: 0.5, max: 20, noNaN: true }),
  crashes: fc.boolean(),
  failure: fc.constantFrom(0, 0.2),
});

function handlerScenario(c: HandlerCase, blocking: (call: HandlerCase['calls'][number]) => boolean = (call) => call.blocking) {
  return scenarioFrom({
    version: 1,
    name: 'handler property',
    seed: c.seed,
    duration: 60,
    producers: [{ id: 'p', target: 'q', rate: { perSecond: c.rate }, stop: 40 }],
    brokers: [{ id: 'q', kind: 'queue', ackTimeout: 30 }],
    consumers: [
      {
        id: 'g',
        reads: 'q',
        instances: c.instances,
        concurrency: c.concurrency,
        handler: { style: c.style, calls: c.calls.map((call, i) => ({ name: `call-${i}`, latency: { type: 'exponential', mean: call.mean }, blocking: blocking(call) })) },
        ...(c.failure > 0 ? { failure: { probability: c.failure, action: 'requeue' } } : {}),
        ...(c.crashes ? { crashes: { uptime: { type: 'exponential', mean: 15 }, downtime: { type: 'constant', value: 2 } } } : {}),
      },
    ],
  });
}

describe('handler styles under random workloads', () => {
  it('keeps every invariant, and the same run twice and in chunks, whatever the calls, styles, crashes and failures', () => {
    fc.assert(
      fc.property(handlerCase, runCuts, (c, cuts) => {
        const scenario = handlerScenario(c);
        expectInvariantsHold(runWithTrace(scenario).report);
        expectSameRunTwiceAndInChunks(scenario, handlerScenario(c), cuts);
      }),
      { numRuns: 40 },
    );
  });

  it('makes blocking calls cost nothing in a sequential handler on an instance that runs one handler at a time', () => {
    // One handler per loop: nobody else to stall, so marking calls blocking moves no ack (up to rounding,
    // since the step-by-step path adds the latencies to the clock one at a time). Not so for a concurrent
    // handler: a blocking call there also delays the calls the handler issues after it.
    fc.assert(
      fc.property(handlerCase, (c) => {
        const single = { ...c, style: 'sequential' as const, instances: 1, concurrency: 1, crashes: false, failure: 0 };
        const acks = (blocking: (call: HandlerCase['calls'][number]) => boolean) =>
          runWithTrace(handlerScenario(single, blocking)).records.filter((r) => r.kind === 'acked').map((r) => [r.message, r.time] as const);
        const awaited = acks(() => false);
        const asGiven = acks((call) => call.blocking);
        expect(asGiven.map(([m]) => m)).toEqual(awaited.map(([m]) => m));
        asGiven.forEach(([, time], i) => expect(time).toBeCloseTo(awaited[i]![1], 9));
      }),
      { numRuns: 40 },
    );
  });
});
