import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/model';
import { runScenario } from '../../src/runtime';
import { validateScenario, type ScenarioError } from '../../src/scenario';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf } from '../helpers/trace';
import { queue, world } from './routing-fixtures';

/** [kind, time, message, group, consumer, reason, attempt]. */
type Step = [string, number, number, string, string, string, number];

function steps(records: readonly TraceRecord[]): Step[] {
  return records.map((r) => [r.kind, r.time, r.message, r.group, r.consumer, r.reason, r.attempt]);
}

/** `count` messages published at t = 1 into queue `jobs` (with `queue` knobs), read by `workers` (2 s per message, prefetch 1). */
function burst(count: number, queue: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return scenarioFrom({
    version: 1,
    name: 'consumer mode',
    duration: 20,
    producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count }] }],
    brokers: [{ id: 'jobs', kind: 'queue', ...queue }],
    consumers: [{ id: 'workers', reads: 'jobs', instances: 2, prefetch: 1, processing: { type: 'constant', value: 2 } }],
    ...extra,
  });
}

function errorsOf(data: unknown): ScenarioError[] {
  const result = validateScenario(data);
  if (result.ok) throw new Error('expected the scenario to be rejected, but it was accepted');
  return result.errors;
}

describe('consumerMode single-active', () => {
  it('delivers every message to the earliest attached instance while the other stands by', () => {
    expect(steps(traceOf(burst(3, { consumerMode: 'single-active' })))).toEqual<Step[]>([
      ['consumer-active', 0, 0, 'workers', 'workers#1', 'attached', 0],
      ['published', 1, 1, '', '', '', 0],
      ['enqueued', 1, 1, '', '', '', 0],
      ['delivered', 1, 1, 'workers', 'workers#1', '', 1],
      ['published', 1, 2, '', '', '', 0],
      ['enqueued', 1, 2, '', '', '', 0],
      ['published', 1, 3, '', '', '', 0],
      ['enqueued', 1, 3, '', '', '', 0],
      ['acked', 3, 1, 'workers', 'workers#1', '', 1],
      ['delivered', 3, 2, 'workers', 'workers#1', '', 1],
      ['acked', 5, 2, 'workers', 'workers#1', '', 1],
      ['delivered', 5, 3, 'workers', 'workers#1', '', 1],
      ['acked', 7, 3, 'workers', 'workers#1', '', 1],
    ]);
  });

  it('fails over to the standby when the active instance crashes, and the restarted one stands by behind it', () => {
    const scenario = burst(4, { consumerMode: 'single-active' }, {
      timeline: [
        { at: 4, action: 'crash', group: 'workers', instance: 1 },
        { at: 5, action: 'restart', group: 'workers', instance: 1 },
      ],
    });
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['consumer-active', 0, 0, 'workers', 'workers#1', 'attached', 0],
      ['published', 1, 1, '', '', '', 0],
      ['enqueued', 1, 1, '', '', '', 0],
      ['delivered', 1, 1, 'workers', 'workers#1', '', 1],
      ['published', 1, 2, '', '', '', 0],
      ['enqueued', 1, 2, '', '', '', 0],
      ['published', 1, 3, '', '', '', 0],
      ['enqueued', 1, 3, '', '', '', 0],
      ['published', 1, 4, '', '', '', 0],
      ['enqueued', 1, 4, '', '', '', 0],
      ['acked', 3, 1, 'workers', 'workers#1', '', 1],
      ['delivered', 3, 2, 'workers', 'workers#1', '', 1],
      // The crash hands message 2 back, then the standby takes over and gets it first: order is kept.
      ['crashed', 4, 0, 'workers', 'workers#1', '', 0],
      ['requeued', 4, 2, 'workers', 'workers#1', 'crash', 0],
      ['consumer-active', 4, 0, 'workers', 'workers#2', 'failover', 0],
      ['delivered', 4, 2, 'workers', 'workers#2', 'crash', 2],
      ['restarted', 5, 0, 'workers', 'workers#1', '', 0],
      ['acked', 6, 2, 'workers', 'workers#2', '', 2],
      ['delivered', 6, 3, 'workers', 'workers#2', '', 1],
      ['acked', 8, 3, 'workers', 'workers#2', '', 1],
      ['delivered', 8, 4, 'workers', 'workers#2', '', 1],
      ['acked', 10, 4, 'workers', 'workers#2', '', 1],
    ]);
    const report = runScenario(scenario);
    expect(report.invariants.ok).toBe(true);
    expect(report.brokers.jobs).toMatchObject({ failovers: 1, refusedConsumers: 0 });
  });

  it('hands over across groups when the active instance is scaled in', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'two groups, one active',
      duration: 20,
      producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: 3 }] }],
      brokers: [{ id: 'jobs', kind: 'queue', consumerMode: 'single-active' }],
      consumers: [
        { id: 'blue', reads: 'jobs', prefetch: 1, processing: { type: 'constant', value: 2 } },
        { id: 'green', reads: 'jobs', prefetch: 1, processing: { type: 'constant', value: 2 } },
      ],
      timeline: [{ at: 4, action: 'scale', group: 'blue', instances: 0 }],
    });
    const deliveries = traceOf(scenario)
      .filter((r) => r.kind === 'delivered' || r.kind === 'consumer-active')
      .map((r) => [r.kind, r.time, r.message, r.consumer, r.reason]);
    expect(deliveries).toEqual([
      ['consumer-active', 0, 0, 'blue#1', 'attached'],
      ['delivered', 1, 1, 'blue#1', ''],
      ['delivered', 3, 2, 'blue#1', ''],
      ['consumer-active', 4, 0, 'green#1', 'failover'],
      ['delivered', 4, 2, 'green#1', 'scale-in'],
      ['delivered', 6, 3, 'green#1', ''],
    ]);
  });
});

describe('consumerMode exclusive', () => {
  it('refuses the second instance for good while the queue drains through the first, which is admitted again after a restart', () => {
    const scenario = burst(3, { consumerMode: 'exclusive' }, {
      timeline: [
        { at: 4, action: 'crash', group: 'workers', instance: 1 },
        { at: 6, action: 'restart', group: 'workers', instance: 1 },
      ],
    });
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['consumer-active', 0, 0, 'workers', 'workers#1', 'attached', 0],
      ['consumer-refused', 0, 0, 'workers', 'workers#2', 'exclusive', 0],
      ['published', 1, 1, '', '', '', 0],
      ['enqueued', 1, 1, '', '', '', 0],
      ['delivered', 1, 1, 'workers', 'workers#1', '', 1],
      ['published', 1, 2, '', '', '', 0],
      ['enqueued', 1, 2, '', '', '', 0],
      ['published', 1, 3, '', '', '', 0],
      ['enqueued', 1, 3, '', '', '', 0],
      ['acked', 3, 1, 'workers', 'workers#1', '', 1],
      ['delivered', 3, 2, 'workers', 'workers#1', '', 1],
      // Nobody takes over while the owner is down: the refused instance stays idle with messages waiting.
      ['crashed', 4, 0, 'workers', 'workers#1', '', 0],
      ['requeued', 4, 2, 'workers', 'workers#1', 'crash', 0],
      ['restarted', 6, 0, 'workers', 'workers#1', '', 0],
      ['consumer-active', 6, 0, 'workers', 'workers#1', 'attached', 0],
      ['delivered', 6, 2, 'workers', 'workers#1', 'crash', 2],
      ['acked', 8, 2, 'workers', 'workers#1', '', 2],
      ['delivered', 8, 3, 'workers', 'workers#1', '', 1],
      ['acked', 10, 3, 'workers', 'workers#1', '', 1],
    ]);
    const report = runScenario(scenario);
    expect(report.invariants.ok).toBe(true);
    expect(report.brokers.jobs).toMatchObject({ refusedConsumers: 1, failovers: 0, depth: { final: 0 } });
    expect(report.groups.workers!.delivered).toBe(4);
  });

  it('refuses a pull consumer that attaches second, so it receives nothing', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'exclusive pull',
      duration: 30,
      producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: 4 }] }],
      brokers: [{ id: 'jobs', kind: 'queue', consumerMode: 'exclusive' }],
      consumers: [{ id: 'pullers', reads: 'jobs', instances: 2, pull: { batchSize: 2, waitTime: 5 }, processing: { type: 'constant', value: 1 } }],
    });
    const records = traceOf(scenario);
    expect(records.filter((r) => r.kind === 'consumer-refused').map((r) => r.consumer)).toEqual(['pullers#2']);
    expect(new Set(records.filter((r) => r.kind === 'delivered').map((r) => r.consumer))).toEqual(new Set(['pullers#1']));
    expect(records.filter((r) => r.kind === 'acked')).toHaveLength(4);
  });
});

describe('consumerMode on a topic subscription', () => {
  it('lets only the first attached instance of the subscription receive, and reports the refusal under the subscription', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'exclusive subscription',
      duration: 20,
      producers: [{ id: 'app', target: 'news', bursts: [{ at: 1, count: 3 }] }],
      brokers: [{ id: 'news', kind: 'topic', subscriptions: [{ id: 'mail', consumerMode: 'exclusive' }, { id: 'audit' }] }],
      consumers: [
        { id: 'mailers', reads: 'mail', instances: 2, prefetch: 1, processing: { type: 'constant', value: 1 } },
        { id: 'auditors', reads: 'audit', instances: 2, prefetch: 1, processing: { type: 'constant', value: 1 } },
      ],
    });
    const records = traceOf(scenario);
    const receivers = (group: string) => new Set(records.filter((r) => r.kind === 'delivered' && r.group === group).map((r) => r.consumer));
    expect(receivers('mailers')).toEqual(new Set(['mailers#1']));
    expect(receivers('auditors')).toEqual(new Set(['auditors#1', 'auditors#2']));
    const report = runScenario(scenario);
    expect(report.invariants.ok).toBe(true);
    expect(report.brokers.mail).toMatchObject({ refusedConsumers: 1, depth: { final: 0 } });
    expect(report.groups.mailers!.acked).toBe(3);
    expect(report.brokers.audit).not.toHaveProperty('refusedConsumers');
  });
});

describe('consumerMode competing (the default)', () => {
  it('emits no consumer-mode records and keeps them out of the report', () => {
    const scenario = burst(3, {});
    const records = traceOf(scenario);
    expect(records.some((r) => r.kind === 'consumer-active' || r.kind === 'consumer-refused')).toBe(false);
    expect(new Set(records.filter((r) => r.kind === 'delivered').map((r) => r.consumer))).toEqual(new Set(['workers#1', 'workers#2']));
    const report = runScenario(scenario);
    expect(report.brokers.jobs).not.toHaveProperty('refusedConsumers');
    expect(report.brokers.jobs).not.toHaveProperty('failovers');
  });
});

describe('consumerMode validation', () => {
  const base = (queue: Record<string, unknown>) => ({
    version: 1,
    name: 'bad mode',
    duration: 10,
    producers: [{ id: 'app', target: 'jobs', rate: { perSecond: 1 } }],
    brokers: [{ id: 'jobs', kind: 'queue', ...queue }, { id: 'news', kind: 'topic', subscriptions: [{ id: 'mail', consumerMode: 'failover' }] }],
    consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 1 } }],
  });

  it('names the path of an unknown consumer mode on a queue and on a subscription', () => {
    const paths = errorsOf(base({ consumerMode: 'shared' })).map((e) => e.path);
    expect(paths).toEqual(['brokers[0].consumerMode', 'brokers[1].subscriptions[0].consumerMode']);
  });

  it('refuses a single consumer mode on a queue that buffers nothing, naming the path', () => {
    const data = base({ consumerMode: 'single-active', delivery: 'at-most-once', buffering: 'none' });
    // Only the queue: the subscription's bad mode is a schema error, which would stop the checks that come after the schema.
    const errors = errorsOf({ ...data, brokers: [data.brokers[0]] });
    expect(errors).toEqual([
      {
        path: 'brokers[0].consumerMode',
        message: '"single-active" needs buffering "queue": a queue that keeps nothing hands each message to a random instance; use consumerMode "competing" or buffering "queue"',
      },
    ]);
  });

  it('has the queue constructor refuse an unknown mode with a RangeError naming the option', () => {
    const { ctx } = world();
    expect(() => queue(ctx, 'q', { consumerMode: 'shared' as never })).toThrow(
      new RangeError('queue q: consumerMode must be one of competing, single-active, exclusive, got shared'),
    );
  });
});
