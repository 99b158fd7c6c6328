import { describe, expect, it } from 'vitest';
import { createDistribution, RandomSource, Simulation } from '../../src/engine';
import {
  Autoscaler,
  CircuitBreaker,
  ConsumerGroup,
  createMessage,
  createModelContext,
  DepthMetric,
  Producer,
  StreamBroker,
  type CircuitState,
  type ModelContext,
  type ProducerOptions,
} from '../../src/model';
import { queue, world } from './routing-fixtures';

/**
 * The model methods behind the policy-switching timeline actions, called directly: bad values are
 * refused with a RangeError naming the option, and a refused change changes nothing (no `policy`
 * record, no setting half applied). Their effects on whole runs are in test/scenario/policy-actions.
 */

const policyRecords = (records: readonly { kind: string }[]) => records.filter((r) => r.kind === 'policy');

function producer(ctx: ModelContext, target: ProducerOptions['target']): Producer {
  return new Producer(ctx, {
    id: 'p',
    target,
    arrivals: undefined,
    bursts: [],
    start: 0,
    stop: 10,
    eventType: 'E',
    keyCount: 0,
    payloadBytes: createDistribution({ type: 'constant', value: 100 }),
  });
}

function group(ctx: ModelContext, extra: Partial<ConstructorParameters<typeof ConsumerGroup>[1]> = {}): ConsumerGroup {
  return new ConsumerGroup(ctx, {
    id: 'w',
    source: queue(ctx, 'q'),
    instances: 1,
    concurrency: 1,
    prefetch: 1,
    processing: createDistribution({ type: 'constant', value: 1 }),
    failure: undefined,
    crashes: undefined,
    ...extra,
  });
}

describe('QueueBroker.setLimits', () => {
  it('refuses a bad value with a RangeError naming the option, and then applies none of the change', () => {
    const { ctx, records } = world();
    const q = queue(ctx, 'q', { maxLength: 2, overflow: 'reject-publish' });
    expect(() => q.setLimits({ maxLength: -1 })).toThrow(new RangeError('queue q: maxLength must be a whole number >= 0 (or absent for no bound), got -1'));
    expect(() => q.setLimits({ maxBytes: 1.5 })).toThrow(/queue q: maxBytes must be a whole number >= 0/);
    expect(() => q.setLimits({ overflow: 'drop-tail' as never })).toThrow(new RangeError("queue q: overflow must be 'drop-head' or 'reject-publish', got drop-tail"));
    expect(() => q.setLimits({ maxLength: null, keepOneIn: 0 })).toThrow(/keepOneIn must be a whole number >= 1/);
    expect(policyRecords(records)).toEqual([]);
    // Still bounded at 2 with reject-publish: the refused change (which also asked for no bound) removed nothing.
    for (const id of [1, 2]) q.accept(createMessage(id, 0, 'p', 'E', '', 100));
    expect(q.refusal()).toBe('maxlen');
    q.setLimits({ maxLength: null });
    expect(q.refusal()).toBeUndefined();
    expect(policyRecords(records)).toHaveLength(1);
  });
});

describe('Producer.setFlow', () => {
  it('refuses to block on a target that cannot signal room, and bad limits, changing nothing', () => {
    const { ctx, records } = world();
    const stream = new StreamBroker(ctx, { id: 's', partitions: 1, partitioner: { type: 'round-robin' }, retention: {} } as ConstructorParameters<typeof StreamBroker>[1]);
    const p = producer(ctx, stream);
    expect(() => p.setFlow({ whenFull: 'block' })).toThrow(new RangeError(`producer p: whenFull 'block' needs a target that signals room (a queue); "s" is a stream`));
    expect(() => p.setFlow({ rateLimit: { perSecond: 0, burst: 1 } })).toThrow(/rateLimit.perSecond must be a finite number > 0/);
    expect(() => p.setFlow({ maxBacklog: -2 })).toThrow(/maxBacklog must be a whole number >= 0/);
    expect(policyRecords(records)).toEqual([]);
    expect(p.backlog).toBe(0);
  });
});

describe('ConsumerGroup switches', () => {
  it('refuse a prefetch below 1, a prefetch on a pull group, pull settings on a push group, and a breaker that is not there', () => {
    const { ctx, records } = world();
    const push = group(ctx);
    const pull = group(ctx, { pull: { batchSize: 2, waitTime: 0, pollInterval: 1 } });
    expect(() => push.setPrefetch(0)).toThrow(new RangeError('group w: prefetch must be a whole number >= 1, got 0'));
    expect(() => pull.setPrefetch(3)).toThrow(/group w: prefetch applies to push groups; this one pulls/);
    expect(() => push.setPull({ batchSize: 3 })).toThrow(/group w: pull settings apply to pull groups/);
    expect(() => pull.setPull({ batchSize: 0 })).toThrow(new RangeError('group w: pull.batchSize must be a whole number >= 1, got 0'));
    expect(() => pull.setPull({ refill: 'sometimes' as never })).toThrow(/pull.refill must be 'batch' or 'each'/);
    expect(() => push.setBreaker(false)).toThrow(new RangeError('group w: has no circuit breaker to switch (give it a breaker)'));
    expect(policyRecords(records)).toEqual([]);
  });

  it('copy their options, so a switch does not change the object the group was built from', () => {
    const { ctx } = world();
    const options = { pull: { batchSize: 2, waitTime: 0, pollInterval: 1 } };
    const pull = group(ctx, options);
    pull.setPull({ batchSize: 5 });
    expect(options.pull.batchSize).toBe(2);
  });
});

describe('Autoscaler.reconfigure', () => {
  it('refuses an empty range with the constructor\'s RangeError and keeps evaluating as before', () => {
    const sim = new Simulation();
    const ctx = createModelContext(sim, new RandomSource(1));
    const calls: number[] = [];
    const target = { id: 'g', instanceCount: 1, scaleTo: (count: number) => calls.push(count) };
    const autoscaler = new Autoscaler(ctx, target, { broker: 'q', metric: new DepthMetric({ depth: 35 }), target: 10, minInstances: 1, maxInstances: 5, interval: 15, cooldown: 0, coldStart: 0, tolerance: 0.1 });
    autoscaler.start();
    expect(() => autoscaler.reconfigure({ minInstances: 4, maxInstances: 2 })).toThrow(new RangeError('group g: autoscale.maxInstances must be a whole number >= 4, got 2'));
    sim.runUntil(16);
    expect(calls).toEqual([4]);
  });

  it('paused before it starts, it never evaluates until resumed', () => {
    const sim = new Simulation();
    const ctx = createModelContext(sim, new RandomSource(1));
    const calls: [number, number][] = [];
    const target = { id: 'g', instanceCount: 1, scaleTo: (count: number) => calls.push([sim.now, count]) };
    const autoscaler = new Autoscaler(ctx, target, { broker: 'q', metric: new DepthMetric({ depth: 35 }), target: 10, minInstances: 1, maxInstances: 5, interval: 15, cooldown: 0, coldStart: 0, tolerance: 0.1 });
    autoscaler.reconfigure({ enabled: false });
    autoscaler.start();
    sim.runUntil(40);
    autoscaler.reconfigure({ enabled: true });
    sim.runUntil(60);
    expect(calls).toEqual([[55, 4]]);
    expect(autoscaler.isEnabled).toBe(true);
  });
});

describe('CircuitBreaker.reset', () => {
  it('closes an open breaker at once, reports it, and calls off the move to half-open it had pending', () => {
    const sim = new Simulation();
    const ctx = createModelContext(sim, new RandomSource(1));
    const changes: [CircuitState, number][] = [];
    const breaker = new CircuitBreaker(
      ctx,
      { failureRate: 0.5, slowCallSeconds: Infinity, slowCallRate: 1, windowSeconds: 10, minCalls: 1, openSeconds: 30, halfOpenProbes: 1 },
      (state) => changes.push([state, sim.now]),
    );
    breaker.allow();
    breaker.record(false, 0.1);
    sim.runUntil(5);
    breaker.reset();
    sim.runUntil(100);
    expect(changes).toEqual([
      ['open', 0],
      ['closed', 5],
    ]);
    // Reset again while closed: nothing to report. The window starts empty: one success keeps it closed.
    breaker.reset();
    expect(breaker.allow()).toBe(true);
    breaker.record(true, 0.1);
    expect(changes).toHaveLength(2);
  });
});
