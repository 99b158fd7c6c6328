import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime';
import { scenarioFrom } from '../helpers/scenarios';

/**
 * Checks from the oracles page that hold on every sample path when the runs share their random numbers
 * (same seed, same stream names): each component draws from its own stream, and the service time of the
 * k-th delivery is the k-th draw of the group's stream whichever message it is.
 */

interface QueueCase {
  seed: number;
  arrivalRate: number;
  meanService: number;
  consumers: number;
  maxLength: number;
  bursts: { at: number; count: number }[];
}

const queueCase = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  arrivalRate: fc.double({ min: 0.5, max: 30, noNaN: true }),
  meanService: fc.double({ min: 0.05, max: 2, noNaN: true }),
  consumers: fc.integer({ min: 1, max: 4 }),
  maxLength: fc.integer({ min: 0, max: 8 }),
  bursts: fc.array(fc.record({ at: fc.integer({ min: 0, max: 50 }), count: fc.integer({ min: 1, max: 30 }) }), { maxLength: 2 }),
});

/** The case's queue with the given overflow mode; `unbounded` drops maxLength, `servers` overrides the consumer count. */
function queueScenario(c: QueueCase, overflow: 'drop-head' | 'reject-publish', options: { servers?: number; unbounded?: boolean } = {}) {
  const servers = options.servers ?? c.consumers;
  const maxLength = options.unbounded ? undefined : c.maxLength;
  return scenarioFrom({
    version: 1,
    name: 'crn',
    seed: c.seed,
    duration: 60,
    producers: [{ id: 'p', target: 'q', rate: { perSecond: c.arrivalRate }, bursts: c.bursts }],
    brokers: [{ id: 'q', kind: 'queue', overflow, ...(maxLength !== undefined ? { maxLength } : {}) }],
    consumers: [{ id: 'g', reads: 'q', instances: servers, processing: { type: 'exponential', mean: c.meanService } }],
  });
}

describe('monotonicity with common random numbers', () => {
  it('drop-head and reject-publish lose exactly the same number of messages (only which ones differ)', () => {
    fc.assert(
      fc.property(queueCase, (c) => {
        const dropHead = runScenario(queueScenario(c, 'drop-head'));
        const rejectPublish = runScenario(queueScenario(c, 'reject-publish'));
        // A full queue stays full either way (drop one old + add one new, or refuse the new one), so the
        // number in the system follows the same path and every later arrival meets the same state.
        expect(dropHead.brokers.q!.dropped).toBe(rejectPublish.producers.p!.rejected);
        expect(dropHead.producers.p!.attempted).toBe(rejectPublish.producers.p!.attempted);
        expect(dropHead.groups.g!.acked).toBe(rejectPublish.groups.g!.acked);
        expect(dropHead.brokers.q!.depth.max).toBe(rejectPublish.brokers.q!.depth.max);
        expect(dropHead.series).toEqual(rejectPublish.series);
        // Same level path; the time average differs only in rounding, as drop-head splits one interval in two.
        expect(dropHead.brokers.q!.depth.mean).toBeCloseTo(rejectPublish.brokers.q!.depth.mean, 10);
      }),
      { numRuns: 150 },
    );
  });

  it('losses happen at all in these cases, so the equality above is not vacuous', () => {
    const c: QueueCase = { seed: 1, arrivalRate: 20, meanService: 0.5, consumers: 2, maxLength: 3, bursts: [{ at: 5, count: 30 }] };
    expect(runScenario(queueScenario(c, 'drop-head')).brokers.q!.dropped).toBeGreaterThan(100);
  });

  it("adding a consumer never delays any message's delivery (unbounded FIFO queue)", () => {
    /** Delivery time of every published message, by id; Infinity if still waiting when the run ends. */
    const deliveries = (servers: number, c: QueueCase): number[] => {
      const times: number[] = [];
      runScenario(queueScenario(c, 'drop-head', { servers, unbounded: true }), {
        onTrace: (r) => {
          if (r.kind === 'published') times[r.message] = Infinity;
          else if (r.kind === 'delivered') times[r.message] = r.time;
        },
      });
      return times;
    };
    fc.assert(
      fc.property(queueCase, (c) => {
        const fewer = deliveries(c.consumers, c);
        const more = deliveries(c.consumers + 1, c);
        expect(more.length).toBe(fewer.length);
        // Per message, so it holds for the mean wait too (and for waits still open at the end of the run).
        const later = more.flatMap((t, id) => (t > fewer[id]! ? [{ id, more: t, fewer: fewer[id] }] : []));
        expect(later).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
