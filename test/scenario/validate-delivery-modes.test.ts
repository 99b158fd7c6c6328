import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario';

function withQueue(queue: Record<string, unknown>, group: Record<string, unknown> = {}) {
  return validateScenario({
    version: 1,
    name: 'delivery modes',
    duration: 10,
    producers: [{ id: 'p', target: 'q', rate: { perSecond: 1 } }],
    brokers: [{ id: 'q', kind: 'queue', ...queue }],
    consumers: [{ id: 'w', reads: 'q', processing: { type: 'constant', value: 1 }, ...group }],
  });
}

function errorsOf(result: ReturnType<typeof validateScenario>) {
  if (result.ok) return expect.fail('the scenario was accepted');
  return result.errors;
}

describe('validating delivery and buffering', () => {
  it('fills in the defaults: at-least-once, with a queue', () => {
    const result = withQueue({});
    if (!result.ok) return expect.fail('valid scenario refused');
    expect(result.scenario.brokers[0]).toMatchObject({ delivery: 'at-least-once', buffering: 'queue' });
  });

  it('accepts the NATS core pair, and an at-most-once queue whose group rejects failures or leaves the action out', () => {
    expect(withQueue({ delivery: 'at-most-once', buffering: 'none' }).ok).toBe(true);
    expect(withQueue({ delivery: 'at-most-once' }, { failure: { probability: 0.1 } }).ok).toBe(true);
    expect(withQueue({ delivery: 'at-most-once' }, { failure: { probability: 0.1, action: 'reject' } }).ok).toBe(true);
  });

  it.each(['ackTimeout', 'maxDeliveries'])('refuses %s on an at-most-once queue, naming the path', (knob) => {
    expect(errorsOf(withQueue({ delivery: 'at-most-once', [knob]: 5 }))).toEqual([
      {
        path: `brokers[0].${knob}`,
        message: `needs delivery "at-least-once": an at-most-once queue forgets a message when it delivers it, so there is no delivery to time out or count; remove ${knob} or use delivery "at-least-once"`,
      },
    ]);
  });

  it.each(['requeue', 'retry', 'no-ack'])('refuses failure action %s on a group reading an at-most-once queue', (action) => {
    const retry = action === 'retry' ? { retry: { backoff: 'immediate', maxRetries: 1 } } : {};
    const errors = errorsOf(withQueue({ delivery: 'at-most-once' }, { failure: { probability: 0.1, action }, ...retry }));
    expect(errors).toEqual([
      {
        path: 'consumers[0].failure.action',
        message: `"${action}" needs a broker that keeps the message, but "q" is at-most-once: a failed message is lost (reason "at-most-once") whatever the consumer does; use "reject" or leave the action out`,
      },
    ]);
  });

  it('refuses a retry policy (which makes retry the default action) on a group reading an at-most-once queue', () => {
    const errors = errorsOf(withQueue({ delivery: 'at-most-once' }, { failure: { probability: 0.1 }, retry: { backoff: 'immediate', maxRetries: 1 } }));
    expect(errors.map((e) => e.path)).toEqual(['consumers[0].retry']);
  });

  it('refuses buffering none without at-most-once delivery', () => {
    expect(errorsOf(withQueue({ buffering: 'none' }))).toEqual([
      { path: 'brokers[0].buffering', message: '"none" needs delivery "at-most-once": a broker that keeps nothing cannot redeliver; set "delivery": "at-most-once" or use buffering "queue"' },
    ]);
  });

  it.each([
    ['maxLength', 10],
    ['maxBytes', 1000],
    ['messageTtl', 5],
    ['deliveryDelay', 1],
  ])('refuses %s on a queue with buffering none', (knob, value) => {
    const errors = errorsOf(withQueue({ delivery: 'at-most-once', buffering: 'none', [knob]: value }));
    expect(errors).toEqual([{ path: `brokers[0].${knob}`, message: `needs buffering "queue": with buffering "none" no message waits in the broker; remove ${knob} or use buffering "queue"` }]);
  });

  it('refuses a single-active consumer mode on a queue with buffering none, once (the consumer-mode check says why)', () => {
    const errors = errorsOf(withQueue({ delivery: 'at-most-once', buffering: 'none', consumerMode: 'single-active' }));
    expect(errors.map((e) => e.path)).toEqual(['brokers[0].consumerMode']);
  });

  it('refuses a pull group on a queue with buffering none', () => {
    const errors = errorsOf(withQueue({ delivery: 'at-most-once', buffering: 'none' }, { pull: { batchSize: 10 } }));
    expect(errors.map((e) => e.path)).toEqual(['consumers[0].pull']);
  });

  it('checks a topic subscription the same way, at its own path', () => {
    const result = validateScenario({
      version: 1,
      name: 'subscription',
      duration: 10,
      producers: [{ id: 'p', target: 't', rate: { perSecond: 1 } }],
      brokers: [{ id: 't', kind: 'topic', subscriptions: [{ id: 's', delivery: 'at-most-once', ackTimeout: 30 }] }],
      consumers: [{ id: 'w', reads: 's', processing: { type: 'constant', value: 1 }, failure: { probability: 0.1, action: 'requeue' } }],
    });
    expect(errorsOf(result).map((e) => e.path)).toEqual(['brokers[0].subscriptions[0].ackTimeout', 'consumers[0].failure.action']);
  });

  it('refuses an unknown delivery or buffering value, naming the path', () => {
    expect(errorsOf(withQueue({ delivery: 'exactly-once' })).map((e) => e.path)).toEqual(['brokers[0].delivery']);
    expect(errorsOf(withQueue({ buffering: 'disk' })).map((e) => e.path)).toEqual(['brokers[0].buffering']);
  });
});
