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

/** `count` messages published at t = 1 into the at-most-once queue `jobs`, read by `workers` (1 s each). */
function burst(group: Record<string, unknown>, o: { count?: number; broker?: Record<string, unknown>; timeline?: unknown[]; duration?: number } = {}) {
  return scenarioFrom({
    version: 1,
    name: 'at most once',
    duration: o.duration ?? 30,
    producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: o.count ?? 1 }] }],
    brokers: [{ id: 'jobs', kind: 'queue', delivery: 'at-most-once', ...o.broker }],
    consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 1 }, ...group }],
    ...(o.timeline !== undefined ? { timeline: o.timeline } : {}),
  });
}

describe('delivery at-most-once', () => {
  it('loses a message whose processing fails, with reason at-most-once, and never delivers it again', () => {
    const scenario = burst({ failure: { probability: 1 } });
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['published', 1, 1, 'jobs', '', '', 0],
      ['enqueued', 1, 1, 'jobs', '', '', 0],
      ['delivered', 1, 1, 'jobs', 'workers#1', '', 1],
      ['failed', 2, 1, 'jobs', 'workers#1', 'transient', 0],
      ['dropped', 2, 1, 'jobs', 'workers#1', 'at-most-once', 0],
    ]);
    const report = runScenario(scenario);
    expect(report.brokers.jobs).toMatchObject({ dropped: 1, droppedBy: { 'at-most-once': 1 } });
    expect(report.invariants.ok).toBe(true);
  });

  it('loses a rejected message too, even with a dead-letter queue: the broker no longer has it to dead-letter', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'reject at most once',
      duration: 10,
      producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: 1 }] }],
      brokers: [{ id: 'jobs', kind: 'queue', delivery: 'at-most-once', deadLetterTo: 'dlq' }, { id: 'dlq', kind: 'queue' }],
      consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 1 }, failure: { probability: 1, action: 'reject' } }],
    });
    expect(steps(traceOf(scenario)).slice(3)).toEqual<Step[]>([
      ['failed', 2, 1, 'jobs', 'workers#1', 'transient', 0],
      ['dropped', 2, 1, 'jobs', 'workers#1', 'at-most-once', 0],
    ]);
  });

  it('acks a message processed without failure, as at-least-once does', () => {
    expect(steps(traceOf(burst({}))).slice(2)).toEqual<Step[]>([
      ['delivered', 1, 1, 'jobs', 'workers#1', '', 1],
      ['acked', 2, 1, 'jobs', 'workers#1', '', 1],
    ]);
  });

  it('loses everything a crashed instance held, in its workers and its prefetch buffer, in publish order, while the other instance keeps its own', () => {
    // Prefetch 2 each, round-robin: workers#1 gets 1 and 3, workers#2 gets 2 and 4; message 5 waits in the queue.
    const scenario = burst(
      { instances: 2, prefetch: 2, processing: { type: 'constant', value: 10 } },
      { count: 5, duration: 40, timeline: [{ at: 3, action: 'crash', group: 'workers', instance: 1 }] },
    );
    const records = traceOf(scenario).filter((r) => r.time === 3 || r.kind === 'acked' || (r.kind === 'delivered' && r.time > 3));
    expect(steps(records)).toEqual<Step[]>([
      ['crashed', 3, 0, 'jobs', 'workers#1', '', 0],
      ['dropped', 3, 1, 'jobs', 'workers#1', 'at-most-once', 0],
      ['dropped', 3, 3, 'jobs', 'workers#1', 'at-most-once', 0],
      ['acked', 11, 2, 'jobs', 'workers#2', '', 1],
      // Message 5 was still in the broker: it goes to the instance that has room, not lost.
      ['delivered', 11, 5, 'jobs', 'workers#2', '', 1],
      ['acked', 21, 4, 'jobs', 'workers#2', '', 1],
      ['acked', 31, 5, 'jobs', 'workers#2', '', 1],
    ]);
    const report = runScenario(scenario);
    expect(report.brokers.jobs!.droppedBy).toEqual({ 'at-most-once': 2 });
    expect(report.invariants.ok).toBe(true);
  });

  it('loses what a scaled-in instance held', () => {
    const scenario = burst({ instances: 2, prefetch: 1, processing: { type: 'constant', value: 10 } }, { count: 2, timeline: [{ at: 3, action: 'scale', group: 'workers', instances: 1 }] });
    const drops = traceOf(scenario).filter((r) => r.kind === 'dropped');
    expect(steps(drops)).toEqual<Step[]>([['dropped', 3, 2, 'jobs', 'workers#2', 'at-most-once', 0]]);
  });

  it('keeps a delivered message out of the broker\'s memory: a broker crash does not lose what consumers hold', () => {
    // 100-byte messages, limit 250: two delivered, the third ready; the fourth pushes the ready ones past it.
    const scenario = scenarioFrom({
      version: 1,
      name: 'memory',
      duration: 20,
      producers: [{ id: 'app', target: 'jobs', payloadBytes: { type: 'constant', value: 100 }, bursts: [{ at: 1, count: 2 }, { at: 2, count: 3 }] }],
      brokers: [{ id: 'jobs', kind: 'queue', delivery: 'at-most-once', memoryLimitBytes: 250 }],
      consumers: [{ id: 'workers', reads: 'jobs', instances: 2, prefetch: 1, processing: { type: 'constant', value: 5 } }],
    });
    const records = traceOf(scenario);
    const lost = records.filter((r) => r.kind === 'dropped').map((r) => [r.message, r.reason]);
    expect(lost).toEqual([
      [3, 'broker-crash'],
      [4, 'broker-crash'],
      [5, 'broker-crash'],
    ]);
    expect(records.filter((r) => r.kind === 'acked').map((r) => r.message)).toEqual([1, 2]);
  });

  it('keeps the auditor\'s books balanced for any mix of failures and crashes (every loss has a counted cause)', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          probability: fc.double({ min: 0, max: 1, noNaN: true }),
          instances: fc.integer({ min: 1, max: 3 }),
          prefetch: fc.integer({ min: 1, max: 4 }),
          crashAt: fc.double({ min: 0.5, max: 15, noNaN: true }),
        }),
        ({ seed, probability, instances, prefetch, crashAt }) => {
          const scenario = scenarioFrom({
            version: 1,
            name: 'audit',
            seed,
            duration: 40,
            producers: [{ id: 'app', target: 'jobs', rate: { process: 'poisson', perSecond: 4 }, stop: 20 }],
            brokers: [{ id: 'jobs', kind: 'queue', delivery: 'at-most-once' }],
            consumers: [
              {
                id: 'workers',
                reads: 'jobs',
                instances,
                prefetch,
                processing: { type: 'exponential', mean: 0.4 },
                failure: { probability, action: 'reject' },
                crashes: { uptime: { type: 'exponential', mean: 5 }, downtime: { type: 'constant', value: 1 } },
              },
            ],
            timeline: [{ at: crashAt, action: 'crash', group: 'workers', instance: 1 }],
          });
          const report = runScenario(scenario);
          expect(report.invariants.checks.filter((c) => !c.ok)).toEqual([]);
          const jobs = report.brokers.jobs!;
          // Nothing is delivered twice: every delivery was acked, lost with the at-most-once cause, or is still being processed.
          expect(jobs.requeued).toBe(0);
          expect(report.groups.workers!.delivered).toBe(report.groups.workers!.acked + (jobs.droppedBy['at-most-once'] ?? 0) + jobs.inflight.final);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('QueueBroker options delivery', () => {
  const ctx = () => createModelContext(new Simulation(), new RandomSource(1));
  const base = { id: 'q', maxLength: undefined, overflow: 'drop-head', ackTimeout: undefined, lateAck: 'ignore', maxDeliveries: undefined, onMaxDeliveries: 'dead-letter', messageTtl: undefined, deliveryDelay: 0 } as const;

  it('refuses ackTimeout with at-most-once, naming the option', () => {
    expect(() => new QueueBroker(ctx(), { ...base, delivery: 'at-most-once', ackTimeout: 30 })).toThrow(/queue q: ackTimeout needs delivery 'at-least-once'/);
  });

  it('refuses maxDeliveries with at-most-once, naming the option', () => {
    expect(() => new QueueBroker(ctx(), { ...base, delivery: 'at-most-once', maxDeliveries: 5 })).toThrow(/queue q: maxDeliveries needs delivery 'at-least-once'/);
  });

  it('refuses an unknown delivery guarantee', () => {
    expect(() => new QueueBroker(ctx(), { ...base, delivery: 'exactly-once' as never })).toThrow(/delivery must be 'at-least-once' or 'at-most-once', got exactly-once/);
  });
});
