import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime';
import { formatErrors, validateScenario } from '../../src/scenario';

/**
 * The conformance test issue 5 names for NATS, core half: "NATS core drops for a slow consumer". A
 * queue group of two members that together process 4 messages/s receives 10/s. With the generic knobs
 * NATS core sets (delivery at-most-once, buffering none) the excess is dropped as slow-consumer and
 * nothing is ever redelivered; the same scenario with a buffering, at-least-once queue drops nothing.
 */
function natsLike(queue: Record<string, unknown>) {
  const result = validateScenario({
    version: 1,
    name: 'slow consumer',
    seed: 42,
    duration: 40,
    producers: [{ id: 'orders', target: 'orders.created', rate: { process: 'poisson', perSecond: 10 }, stop: 20 }],
    brokers: [{ id: 'orders.created', kind: 'queue', ...queue }],
    consumers: [{ id: 'billing', reads: 'orders.created', instances: 2, prefetch: 2, processing: { type: 'constant', value: 0.5 } }],
  });
  if (!result.ok) throw new Error(formatErrors(result.errors));
  return runScenario(result.scenario);
}

describe('NATS core (delivery at-most-once, buffering none)', () => {
  it('drops for a slow consumer: messages beyond the members\' pending limits are lost as slow-consumer, and none is redelivered', () => {
    const report = natsLike({ delivery: 'at-most-once', buffering: 'none' });
    const broker = report.brokers['orders.created']!;
    const group = report.groups.billing!;
    const published = report.producers.orders!.published;
    const slow = broker.droppedBy['slow-consumer'] ?? 0;
    // Capacity is 4/s against 10/s offered: well over half is lost.
    expect(slow / published).toBeGreaterThan(0.4);
    expect(broker.droppedBy).toEqual({ 'slow-consumer': slow });
    // Each message is delivered once or dropped once: no redelivery, nothing left behind.
    expect(group.delivered + slow).toBe(published);
    expect(group.acked).toBe(group.delivered);
    expect(report.invariants.ok).toBe(true);
  });

  it('drops nothing when the same load meets a queue that buffers (the at-least-once default)', () => {
    const report = natsLike({});
    expect(report.brokers['orders.created']!.dropped).toBe(0);
    expect(report.invariants.ok).toBe(true);
  });
});
