import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/model';
import { runScenario } from '../../src/runtime';
import { validateScenario, type ScenarioError } from '../../src/scenario';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf } from '../helpers/trace';
import { queue, world } from './routing-fixtures';

/** [kind, time, message, consumer, reason, attempt]. */
type Step = [string, number, number, string, string, number];

function steps(records: readonly TraceRecord[]): Step[] {
  return records.map((r) => [r.kind, r.time, r.message, r.consumer, r.reason, r.attempt]);
}

/** One message published at t = 1 into `jobs` (with `broker` knobs), read by `workers` (with `group` knobs). */
function oneMessage(broker: Record<string, unknown>, group: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return scenarioFrom({
    version: 1,
    name: 'requeue delay',
    duration: 30,
    producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: 1 }] }],
    brokers: [{ id: 'jobs', kind: 'queue', ...broker }],
    consumers: [{ id: 'workers', reads: 'jobs', ...group }],
    ...extra,
  });
}

function errorsOf(data: unknown): ScenarioError[] {
  const result = validateScenario(data);
  if (result.ok) throw new Error('expected the scenario to be rejected, but it was accepted');
  return result.errors;
}

describe('requeueDelay', () => {
  it('makes a message nacked with requeue ready again exactly requeueDelay seconds later, counting each delivery', () => {
    const scenario = oneMessage(
      { requeueDelay: 5, maxDeliveries: 2, onMaxDeliveries: 'drop' },
      { processing: { type: 'constant', value: 1 }, failure: { probability: 1, action: 'requeue' } },
    );
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['published', 1, 1, '', '', 0],
      ['enqueued', 1, 1, '', '', 0],
      ['delivered', 1, 1, 'workers#1', '', 1],
      ['failed', 2, 1, 'workers#1', 'transient', 0],
      ['delayed', 2, 1, 'workers#1', 'retry', 0],
      ['enqueued', 7, 1, '', '', 0],
      ['delivered', 7, 1, 'workers#1', 'nack', 2],
      ['failed', 8, 1, 'workers#1', 'transient', 0],
      ['dropped', 8, 1, 'workers#1', 'delivery-limit', 0],
    ]);
    const report = runScenario(scenario);
    expect(report.invariants.ok).toBe(true);
    expect(report.brokers.jobs).toMatchObject({ inflight: { final: 0 }, depth: { final: 0 } });
  });

  it('redelivers at once after a lease expiry, which is not a nack', () => {
    const scenario = oneMessage({ requeueDelay: 5, ackTimeout: 3 }, { instances: 2, processing: { type: 'constant', value: 8 } }, { duration: 8 });
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['published', 1, 1, '', '', 0],
      ['enqueued', 1, 1, '', '', 0],
      ['delivered', 1, 1, 'workers#1', '', 1],
      ['requeued', 4, 1, 'workers#1', 'lease-expired', 0],
      ['delivered', 4, 1, 'workers#2', 'lease-expired', 2],
      // workers#1 is still busy with its expired delivery, so the message waits, ready, not delayed.
      ['requeued', 7, 1, 'workers#2', 'lease-expired', 0],
    ]);
  });

  it('redelivers at once what a crashed consumer held', () => {
    const scenario = oneMessage(
      { requeueDelay: 5 },
      { instances: 2, processing: { type: 'constant', value: 4 } },
      { timeline: [{ at: 2, action: 'crash', group: 'workers', instance: 1 }] },
    );
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['published', 1, 1, '', '', 0],
      ['enqueued', 1, 1, '', '', 0],
      ['delivered', 1, 1, 'workers#1', '', 1],
      ['crashed', 2, 0, 'workers#1', '', 0],
      ['requeued', 2, 1, 'workers#1', 'crash', 0],
      ['delivered', 2, 1, 'workers#2', 'crash', 2],
      ['acked', 6, 1, 'workers#2', '', 2],
    ]);
  });

  it('leaves a nacked message requeued at once when it is 0, the default', () => {
    const scenario = oneMessage({ maxDeliveries: 2, onMaxDeliveries: 'drop' }, { processing: { type: 'constant', value: 1 }, failure: { probability: 1, action: 'requeue' } });
    expect(steps(traceOf(scenario)).slice(3, 6)).toEqual<Step[]>([
      ['failed', 2, 1, 'workers#1', 'transient', 0],
      ['requeued', 2, 1, 'workers#1', 'nack', 0],
      ['delivered', 2, 1, 'workers#1', 'nack', 2],
    ]);
  });
});

describe('requeueDelay validation', () => {
  it('names the path of a negative delay on a queue and on a subscription', () => {
    const errors = errorsOf({
      version: 1,
      name: 'bad delay',
      duration: 10,
      producers: [{ id: 'app', target: 'jobs', rate: { perSecond: 1 } }],
      brokers: [
        { id: 'jobs', kind: 'queue', requeueDelay: -1 },
        { id: 'news', kind: 'topic', subscriptions: [{ id: 'mail', requeueDelay: 'soon' }] },
      ],
      consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 1 } }],
    });
    expect(errors.map((e) => e.path)).toEqual(['brokers[0].requeueDelay', 'brokers[1].subscriptions[0].requeueDelay']);
  });

  it('refuses a requeue delay on an at-most-once queue, which never takes a message back', () => {
    const errors = errorsOf({
      version: 1,
      name: 'pointless delay',
      duration: 10,
      producers: [{ id: 'app', target: 'jobs', rate: { perSecond: 1 } }],
      brokers: [{ id: 'jobs', kind: 'queue', delivery: 'at-most-once', requeueDelay: 60 }],
      consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 1 } }],
    });
    expect(errors).toEqual([
      {
        path: 'brokers[0].requeueDelay',
        message: 'needs delivery "at-least-once": an at-most-once queue never takes a message back, so there is no requeue to delay; remove requeueDelay or use delivery "at-least-once"',
      },
    ]);
  });

  it('has the queue constructor refuse a negative or infinite delay with a RangeError naming the option', () => {
    const { ctx } = world();
    expect(() => queue(ctx, 'q', { requeueDelay: -1 })).toThrow(new RangeError('queue q: requeueDelay must be a finite number of seconds >= 0, got -1'));
    expect(() => queue(ctx, 'q', { requeueDelay: Infinity })).toThrow(/requeueDelay must be a finite number/);
  });
});
