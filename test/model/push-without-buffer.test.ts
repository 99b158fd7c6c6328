import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomSource, Simulation } from '../../src/engine';
import { createModelContext, QueueBroker, type TraceRecord } from '../../src/model';
import { runScenario } from '../../src/runtime';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf } from '../helpers/trace';

/** [kind, time, message, broker, consumer, reason, attempt]. */
type Step = [string, number, number, string, string, string, number];

function steps(records: readonly TraceRecord[]): Step[] {
  return records.map((r) => [r.kind, r.time, r.message, r.broker, r.consumer, r.reason, r.attempt]);
}

/** The knobs of a queue that keeps nothing (NATS core). */
const NATS_CORE = { delivery: 'at-most-once', buffering: 'none' } as const;

describe('buffering none', () => {
  it('drops a message with reason no-subscriber when no instance is attached', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'no subscriber',
      duration: 10,
      producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: 1 }] }],
      brokers: [{ id: 'jobs', kind: 'queue', ...NATS_CORE }],
      consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 1 } }],
      timeline: [{ at: 0.5, action: 'crash', group: 'workers', instance: 1 }],
    });
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['crashed', 0.5, 0, 'jobs', 'workers#1', '', 0],
      ['published', 1, 1, 'jobs', '', '', 0],
      ['enqueued', 1, 1, 'jobs', '', '', 0],
      ['dropped', 1, 1, 'jobs', '', 'no-subscriber', 0],
    ]);
    const report = runScenario(scenario);
    expect(report.brokers.jobs!.droppedBy).toEqual({ 'no-subscriber': 1 });
    expect(report.invariants.ok).toBe(true);
  });

  it('drops the 3rd message for a slow consumer with prefetch 2, while a fast subscription of the same topic keeps up', () => {
    // Messages at 1, 2, 3. The slow instance takes 10 s each: message 1 is in its worker, 2 in its
    // pending buffer, so its window is full when 3 comes. The fast one takes 0.5 s and always has room.
    const scenario = scenarioFrom({
      version: 1,
      name: 'slow consumer',
      duration: 40,
      producers: [{ id: 'app', target: 'events', bursts: [{ at: 1, count: 1 }, { at: 2, count: 1 }, { at: 3, count: 1 }] }],
      brokers: [
        {
          id: 'events',
          kind: 'topic',
          subscriptions: [
            { id: 'slow-sub', ...NATS_CORE },
            { id: 'fast-sub', ...NATS_CORE },
          ],
        },
      ],
      consumers: [
        { id: 'slow', reads: 'slow-sub', prefetch: 2, processing: { type: 'constant', value: 10 } },
        { id: 'fast', reads: 'fast-sub', prefetch: 2, processing: { type: 'constant', value: 0.5 } },
      ],
    });
    const records = traceOf(scenario).filter((r) => ['delivered', 'acked', 'dropped'].includes(r.kind));
    expect(steps(records)).toEqual<Step[]>([
      ['delivered', 1, 1, 'slow-sub', 'slow#1', '', 1],
      ['delivered', 1, 1, 'fast-sub', 'fast#1', '', 1],
      ['acked', 1.5, 1, 'fast-sub', 'fast#1', '', 1],
      ['delivered', 2, 2, 'slow-sub', 'slow#1', '', 1],
      ['delivered', 2, 2, 'fast-sub', 'fast#1', '', 1],
      ['acked', 2.5, 2, 'fast-sub', 'fast#1', '', 1],
      ['dropped', 3, 3, 'slow-sub', 'slow#1', 'slow-consumer', 0],
      ['delivered', 3, 3, 'fast-sub', 'fast#1', '', 1],
      ['acked', 3.5, 3, 'fast-sub', 'fast#1', '', 1],
      ['acked', 11, 1, 'slow-sub', 'slow#1', '', 1],
      ['acked', 21, 2, 'slow-sub', 'slow#1', '', 1],
    ]);
    const report = runScenario(scenario);
    expect(report.brokers['slow-sub']!.droppedBy).toEqual({ 'slow-consumer': 1 });
    expect(report.brokers['fast-sub']!.droppedBy).toEqual({});
    expect(report.invariants.ok).toBe(true);
  });

  it('drops for a full member even when another member has room (the member is picked first, at random)', () => {
    // Two groups on one queue: slow (holds one message for 1000 s) and fast (done in 0.01 s, so always
    // free when the next message comes a second later). About half the messages pick slow and are lost.
    const scenario = scenarioFrom({
      version: 1,
      name: 'pick first',
      seed: 7,
      duration: 200,
      producers: [{ id: 'app', target: 'jobs', rate: { process: 'constant', perSecond: 1 }, stop: 100.5 }],
      brokers: [{ id: 'jobs', kind: 'queue', ...NATS_CORE }],
      consumers: [
        { id: 'slow', reads: 'jobs', prefetch: 1, processing: { type: 'constant', value: 1000 } },
        { id: 'fast', reads: 'jobs', prefetch: 1, processing: { type: 'constant', value: 0.01 } },
      ],
    });
    const records = traceOf(scenario);
    const drops = records.filter((r) => r.kind === 'dropped');
    const fastDeliveries = records.filter((r) => r.kind === 'delivered' && r.group === 'fast').length;
    expect(drops.length).toBeGreaterThan(30);
    expect(drops.every((r) => r.reason === 'slow-consumer' && r.consumer === 'slow#1')).toBe(true);
    // Every message went to exactly one place: slow's one delivery, fast, or a drop.
    expect(1 + fastDeliveries + drops.length).toBe(records.filter((r) => r.kind === 'published').length);
    expect(runScenario(scenario).invariants.ok).toBe(true);
  });

  it('loses the pending messages of a crashed instance and picks only live instances afterwards', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'crash',
      duration: 30,
      producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: 2 }, { at: 5, count: 1 }] }],
      brokers: [{ id: 'jobs', kind: 'queue', ...NATS_CORE }],
      consumers: [{ id: 'workers', reads: 'jobs', prefetch: 2, processing: { type: 'constant', value: 10 } }],
      timeline: [
        { at: 2, action: 'crash', group: 'workers', instance: 1 },
        { at: 4, action: 'restart', group: 'workers', instance: 1 },
      ],
    });
    const records = traceOf(scenario).filter((r) => r.kind !== 'published' && r.kind !== 'enqueued');
    expect(steps(records)).toEqual<Step[]>([
      ['delivered', 1, 1, 'jobs', 'workers#1', '', 1],
      ['delivered', 1, 2, 'jobs', 'workers#1', '', 1],
      ['crashed', 2, 0, 'jobs', 'workers#1', '', 0],
      ['dropped', 2, 1, 'jobs', 'workers#1', 'at-most-once', 0],
      ['dropped', 2, 2, 'jobs', 'workers#1', 'at-most-once', 0],
      ['restarted', 4, 0, 'jobs', 'workers#1', '', 0],
      ['delivered', 5, 3, 'jobs', 'workers#1', '', 1],
      ['acked', 15, 3, 'jobs', 'workers#1', '', 1],
    ]);
  });

  it('splits the picks between two idle instances about evenly (within a binomial 99.99 % interval), whatever the seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const n = 1000;
        const scenario = scenarioFrom({
          version: 1,
          name: 'even split',
          seed,
          duration: 20,
          producers: [{ id: 'app', target: 'jobs', rate: { process: 'constant', perSecond: 100 }, stop: 10 }],
          brokers: [{ id: 'jobs', kind: 'queue', ...NATS_CORE }],
          consumers: [{ id: 'workers', reads: 'jobs', instances: 2, prefetch: 50, processing: { type: 'constant', value: 0.001 } }],
        });
        const records = traceOf(scenario);
        const delivered = records.filter((r) => r.kind === 'delivered');
        expect(delivered.length).toBe(n);
        const first = delivered.filter((r) => r.consumer === 'workers#1').length;
        // Binomial(1000, 1/2): sd = sqrt(250) ≈ 15.8; 4 sd either side.
        expect(Math.abs(first - n / 2)).toBeLessThan(4 * Math.sqrt(n / 4));
      }),
      { numRuns: 8 },
    );
  });
});

describe('buffering none under failures and crashes', () => {
  it('keeps the auditor\'s checks and accounts for every published message: acked, lost with a counted cause, or still being processed', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          probability: fc.double({ min: 0, max: 1, noNaN: true }),
          instances: fc.integer({ min: 1, max: 3 }),
          prefetch: fc.integer({ min: 1, max: 3 }),
        }),
        ({ seed, probability, instances, prefetch }) => {
          const scenario = scenarioFrom({
            version: 1,
            name: 'audit',
            seed,
            duration: 40,
            producers: [{ id: 'app', target: 'jobs', rate: { process: 'poisson', perSecond: 5 }, stop: 20 }],
            brokers: [{ id: 'jobs', kind: 'queue', ...NATS_CORE }],
            consumers: [
              {
                id: 'workers',
                reads: 'jobs',
                instances,
                prefetch,
                processing: { type: 'exponential', mean: 0.5 },
                failure: { probability },
                crashes: { uptime: { type: 'exponential', mean: 4 }, downtime: { type: 'constant', value: 2 } },
              },
            ],
          });
          const report = runScenario(scenario);
          expect(report.invariants.checks.filter((c) => !c.ok)).toEqual([]);
          const jobs = report.brokers.jobs!;
          expect(Object.keys(jobs.droppedBy).every((reason) => ['at-most-once', 'slow-consumer', 'no-subscriber'].includes(reason))).toBe(true);
          expect(jobs.requeued).toBe(0);
          expect(jobs.depth.final).toBe(0);
          expect(report.producers.app!.published).toBe(report.groups.workers!.acked + jobs.dropped + jobs.inflight.final);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('QueueBroker option buffering', () => {
  const ctx = () => createModelContext(new Simulation(), new RandomSource(1));
  const base = { id: 'q', maxLength: undefined, overflow: 'drop-head', ackTimeout: undefined, lateAck: 'ignore', maxDeliveries: undefined, onMaxDeliveries: 'dead-letter', messageTtl: undefined, deliveryDelay: 0 } as const;

  it("refuses buffering 'none' with at-least-once delivery", () => {
    expect(() => new QueueBroker(ctx(), { ...base, buffering: 'none' })).toThrow(/queue q: buffering 'none' needs delivery 'at-most-once'/);
  });

  it("refuses options that need a buffer with buffering 'none', naming the option", () => {
    expect(() => new QueueBroker(ctx(), { ...base, ...NATS_CORE, maxLength: 10 })).toThrow(/queue q: maxLength needs buffering 'queue'/);
    expect(() => new QueueBroker(ctx(), { ...base, ...NATS_CORE, deliveryDelay: 1 })).toThrow(/queue q: deliveryDelay needs buffering 'queue'/);
  });

  it('refuses an unknown buffering mode', () => {
    expect(() => new QueueBroker(ctx(), { ...base, buffering: 'disk' as never })).toThrow(/buffering must be 'queue' or 'none', got disk/);
  });
});
