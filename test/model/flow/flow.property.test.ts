import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDistribution, RandomSource, Simulation } from '../../../src/engine';
import { createModelContext, Producer, type Broker, type Message, type ModelContext, type RejectReason, type TraceRecord } from '../../../src/model';
import { scenarioFrom } from '../../helpers/scenarios';
import { expectInvariantsHold, guarded, runWithTrace } from '../../helpers/guarded-run';

/**
 * A stand-in for a bounded queue with `servers` parallel servers: it holds up to `capacity` messages,
 * frees a place after a fixed service time, and signals room then, as QueueBroker does.
 */
class BoundedStation implements Broker {
  readonly id = 'station';
  readonly kind = 'queue';
  held = 0;
  private readonly listeners: (() => void)[] = [];
  private readonly onDone = (): void => {
    this.held--;
    for (const listener of this.listeners) listener();
  };

  constructor(
    private readonly ctx: ModelContext,
    private readonly capacity: number,
    private readonly service: number,
  ) {}

  refusal(): RejectReason | undefined {
    return this.held >= this.capacity ? 'maxlen' : undefined;
  }

  accept(_message: Message): void {
    this.held++;
    this.ctx.sim.schedule(this.service, this.onDone, 0);
  }

  onRoom(listener: () => void): void {
    this.listeners.push(listener);
  }
}

const flowCase = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  perSecond: fc.double({ min: 0.5, max: 50, noNaN: true }),
  burst: fc.integer({ min: 0, max: 40 }),
  capacity: fc.integer({ min: 1, max: 6 }),
  service: fc.double({ min: 0.01, max: 1, noNaN: true }),
  whenFull: fc.constantFrom('fail' as const, 'block' as const),
  maxBacklog: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  rateLimit: fc.option(fc.record({ perSecond: fc.double({ min: 0.5, max: 30, noNaN: true }), burst: fc.integer({ min: 1, max: 5 }) }), { nil: undefined }),
  maxOutstanding: fc.integer({ min: 1, max: 6 }),
  latencyMean: fc.double({ min: 0.001, max: 0.5, noNaN: true }),
  lossProbability: fc.constantFrom(0, 0.05, 0.3),
  timeout: fc.double({ min: 0.1, max: 2, noNaN: true }),
  idempotent: fc.boolean(),
});

describe('producer flow control, over random configurations', () => {
  it('never has more than maxOutstanding publishes awaiting their confirm, and accounts for every message', () => {
    fc.assert(
      fc.property(flowCase, (c) => {
        const sim = new Simulation({ maxEvents: 1_000_000 });
        const ctx = createModelContext(sim, new RandomSource(c.seed));
        const station = new BoundedStation(ctx, c.capacity, c.service);
        const producer = new Producer(ctx, {
          id: 'p',
          target: station,
          arrivals: { process: 'poisson', rate: c.perSecond },
          bursts: c.burst > 0 ? [{ at: 1, count: c.burst, spread: 0 }] : [],
          start: 0,
          stop: 20,
          eventType: 'E',
          keyCount: 0,
          payloadBytes: createDistribution({ type: 'constant', value: 100 }),
          flow: {
            whenFull: c.whenFull,
            maxBacklog: c.maxBacklog,
            rateLimit: c.rateLimit,
            idempotent: c.idempotent,
            confirms: {
              maxOutstanding: c.maxOutstanding,
              latency: createDistribution({ type: 'exponential', mean: c.latencyMean }),
              lossProbability: c.lossProbability,
              timeout: c.timeout,
            },
          },
        });
        let peak = 0;
        const firsts = new Set<number>();
        const done = new Set<number>();
        ctx.tracer.subscribe(
          guarded((r) => {
            peak = Math.max(peak, producer.outstanding);
            if (r.attempt !== 0) return;
            if (r.kind === 'throttled' || r.kind === 'published' || r.kind === 'rejected') firsts.add(r.message);
            if (r.kind === 'published' || r.kind === 'rejected') {
              expect(done.has(r.message)).toBe(false);
              done.add(r.message);
            }
          }),
        );
        producer.start();
        sim.runUntil(30);
        expect(peak).toBeLessThanOrEqual(c.maxOutstanding);
        expect(producer.outstanding).toBeLessThanOrEqual(c.maxOutstanding);
        // Every first publish is out, refused, or still waiting in the backlog (repeats wait there too).
        expect(firsts.size - done.size).toBeLessThanOrEqual(producer.backlog);
        if (c.maxBacklog !== undefined) expect(producer.backlog).toBeLessThanOrEqual(c.maxBacklog + c.maxOutstanding);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the auditor’s invariants and the producer’s books whatever the flow options on a bounded queue', () => {
    const scenarioCase = fc.record({
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      perSecond: fc.double({ min: 1, max: 40, noNaN: true }),
      maxLength: fc.integer({ min: 0, max: 5 }),
      instances: fc.integer({ min: 1, max: 3 }),
      mean: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      whenFull: fc.constantFrom('fail', 'block'),
      maxBacklog: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
      rateLimit: fc.option(fc.record({ perSecond: fc.double({ min: 1, max: 30, noNaN: true }), burst: fc.integer({ min: 1, max: 5 }) }), { nil: undefined }),
      confirms: fc.option(
        fc.record({
          maxOutstanding: fc.integer({ min: 1, max: 8 }),
          latency: fc.record({ type: fc.constant('exponential'), mean: fc.double({ min: 0.001, max: 0.3, noNaN: true }) }),
          lossProbability: fc.constantFrom(0, 0.1),
          timeout: fc.double({ min: 0.1, max: 2, noNaN: true }),
        }),
        { nil: undefined },
      ),
      idempotent: fc.boolean(),
      ttl: fc.option(fc.double({ min: 0.1, max: 3, noNaN: true }), { nil: undefined }),
    });
    fc.assert(
      fc.property(scenarioCase, (c) => {
        const scenario = scenarioFrom({
          version: 1,
          name: 'flow property',
          seed: c.seed,
          duration: 30,
          producers: [
            {
              id: 'p',
              target: 'q',
              rate: { perSecond: c.perSecond },
              stop: 15,
              whenFull: c.whenFull,
              idempotent: c.idempotent,
              ...(c.maxBacklog !== undefined ? { maxBacklog: c.maxBacklog } : {}),
              ...(c.rateLimit !== undefined ? { rateLimit: c.rateLimit } : {}),
              ...(c.confirms !== undefined ? { confirms: c.confirms } : {}),
            },
          ],
          brokers: [{ id: 'q', kind: 'queue', maxLength: c.maxLength, overflow: 'reject-publish', ...(c.ttl !== undefined ? { messageTtl: c.ttl } : {}) }],
          consumers: [{ id: 'w', reads: 'q', instances: c.instances, processing: { type: 'exponential', mean: c.mean } }],
        });
        const { report, records } = runWithTrace(scenario);
        expectInvariantsHold(report);
        const producer = report.producers.p!;
        expect(producer.attempted).toBe(producer.published + producer.rejected + firstPublishesStillWaiting(records));
        expect(producer.duplicatesPublished).toBe(records.filter((r) => r.kind === 'published' && r.reason === 'retry').length);
        if (c.whenFull === 'block') expect(producer.rejectedBy.maxlen ?? 0).toBe(0);
        if (c.idempotent) expect(producer.duplicatesPublished).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});

/** First publishes (not repeats) that entered the backlog and never left it: published or rejected. */
function firstPublishesStillWaiting(records: readonly TraceRecord[]): number {
  const waiting = new Set<number>();
  for (const r of records) {
    if (r.attempt !== 0) continue;
    if (r.kind === 'throttled') waiting.add(r.message);
    else if (r.kind === 'published' || r.kind === 'rejected') waiting.delete(r.message);
  }
  return waiting.size;
}
