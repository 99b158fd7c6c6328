import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime';
import { scenarioFrom } from '../helpers/scenarios';
import { expectInvariantsHold } from '../helpers/guarded-run';
import { traceOf } from '../helpers/trace';

/**
 * Issue 4 §8, backpressure by throttling: the same overload (10 orders/s for 30 s into a queue of 5
 * read at 8/s) with the producer failing on a full queue, and with it blocking until there is room.
 * Arrivals stop at 30 s and the run goes on long enough for everything to drain.
 */
function overload(whenFull: 'fail' | 'block') {
  return scenarioFrom({
    version: 1,
    name: `overload, whenFull ${whenFull}`,
    seed: 42,
    duration: 200,
    producers: [{ id: 'checkout', target: 'orders', rate: { process: 'poisson', perSecond: 10 }, stop: 30, whenFull }],
    brokers: [{ id: 'orders', kind: 'queue', maxLength: 5, overflow: 'reject-publish' }],
    consumers: [{ id: 'fulfilment', reads: 'orders', processing: { type: 'exponential', mean: 0.125 } }],
  });
}

describe('throttling loses nothing and moves the wait upstream', () => {
  const failing = runScenario(overload('fail'));
  const blocking = runScenario(overload('block'));

  it('a producer that fails on a full queue loses messages', () => {
    const producer = failing.producers.checkout!;
    expect(producer.rejected).toBeGreaterThan(0);
    expect(producer.rejectedBy).toEqual({ maxlen: producer.rejected });
    expect(producer.published).toBe(producer.attempted - producer.rejected);
    expect(producer.blockedSeconds).toBe(0);
    expectInvariantsHold(failing);
  });

  it('a blocking producer publishes every message it attempted and rejects none', () => {
    const producer = blocking.producers.checkout!;
    expect(producer.attempted).toBeGreaterThan(250);
    expect(producer.published).toBe(producer.attempted);
    expect(producer.rejected).toBe(0);
    expect(blocking.groups.fulfilment!.acked).toBe(producer.attempted);
    expectInvariantsHold(blocking);
  });

  it('the wait moves to the producer: it waits, its backlog grows, and the queue still never holds more than maxLength', () => {
    const producer = blocking.producers.checkout!;
    expect(producer.blockedSeconds).toBeGreaterThan(0);
    expect(producer.throttled).toBeGreaterThan(0);
    expect(producer.backlog!.max).toBeGreaterThan(5);
    expect(producer.backlog!.final).toBe(0);
    expect(blocking.brokers.orders!.depth.max).toBeLessThanOrEqual(5);
  });

  it('blockedSeconds is the sum, over messages, of the time from entering the backlog to the publish', () => {
    const enteredAt = new Map<number, number>();
    let waits = 0;
    for (const r of traceOf(overload('block'))) {
      if (r.kind === 'throttled') enteredAt.set(r.message, r.time);
      else if (r.kind === 'published' && enteredAt.has(r.message)) waits += r.time - enteredAt.get(r.message)!;
    }
    expect(enteredAt.size).toBe(blocking.producers.checkout!.throttled);
    expect(blocking.producers.checkout!.blockedSeconds).toBeCloseTo(waits, 6);
  });
});
