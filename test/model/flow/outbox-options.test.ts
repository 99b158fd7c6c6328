import { describe, expect, it } from 'vitest';
import { createDistribution, RandomSource, Simulation } from '../../../src/engine';
import { createModelContext, needsFlowControl, Outbox, StreamBroker, QueueBroker, type FlowControlOptions } from '../../../src/model';

function context() {
  return createModelContext(new Simulation(), new RandomSource(1));
}

function queue(ctx: ReturnType<typeof context>) {
  return new QueueBroker(ctx, {
    id: 'q',
    maxLength: 1,
    overflow: 'reject-publish',
    ackTimeout: undefined,
    lateAck: 'ignore',
    maxDeliveries: undefined,
    onMaxDeliveries: 'drop',
    messageTtl: undefined,
    deliveryDelay: 0,
  });
}

const latency = createDistribution({ type: 'constant', value: 0.01 });

describe('producer flow-control options', () => {
  it('ask for flow control only when something changes how the producer publishes', () => {
    expect(needsFlowControl(undefined)).toBe(false);
    expect(needsFlowControl({})).toBe(false);
    // A backlog bound or idempotence alone changes nothing: without a gate nothing ever waits or repeats.
    expect(needsFlowControl({ whenFull: 'fail', maxBacklog: 3, idempotent: true })).toBe(false);
    expect(needsFlowControl({ whenFull: 'block' })).toBe(true);
    expect(needsFlowControl({ rateLimit: { perSecond: 1, burst: 1 } })).toBe(true);
    expect(needsFlowControl({ confirms: { maxOutstanding: 1, latency } })).toBe(true);
  });

  it('refuse nonsense with a RangeError naming the option and what would be valid', () => {
    const ctx = context();
    const make = (options: FlowControlOptions) => () => new Outbox(ctx, 'p', queue(ctx), options);
    expect(make({ maxBacklog: -1 })).toThrow(/maxBacklog must be a whole number >= 0/);
    expect(make({ maxBacklog: 1.5 })).toThrow(RangeError);
    expect(make({ confirms: { maxOutstanding: 0, latency } })).toThrow(/confirms.maxOutstanding must be a whole number >= 1/);
    expect(make({ confirms: { maxOutstanding: 1, latency, lossProbability: 1 } })).toThrow(/confirms.lossProbability must be in \[0, 1\)/);
    expect(make({ confirms: { maxOutstanding: 1, latency, timeout: 0 } })).toThrow(/confirms.timeout/);
    expect(make({ whenFull: 'wait' as never })).toThrow(/whenFull must be 'fail' or 'block'/);
  });

  it('refuse to block on a broker that cannot signal room', () => {
    const ctx = context();
    const stream = new StreamBroker(ctx, { id: 's', partitions: 1, partitioner: { type: 'round-robin' }, retention: {} } as ConstructorParameters<typeof StreamBroker>[1]);
    expect(() => new Outbox(ctx, 'p', stream, { whenFull: 'block' })).toThrow(/whenFull 'block' needs a target that signals room \(a queue\); "s" is a stream/);
  });
});
