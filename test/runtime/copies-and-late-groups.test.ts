import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf } from '../helpers/trace';

/** A bus whose two rules both send every event to queue q0: q0 holds two copies of each message. */
function twoCopies(queue: object, group: object): unknown {
  return {
    version: 1,
    name: 'two copies in one queue',
    duration: 10,
    producers: [{ id: 'p', target: 'bus', bursts: [{ at: 1, count: 1 }] }],
    brokers: [
      { id: 'q0', kind: 'queue', ...queue },
      { id: 'bus', kind: 'bus', rules: [{ id: 'r0', targets: [{ to: 'q0' }] }, { id: 'r1', targets: [{ to: 'q0' }] }] },
    ],
    consumers: [{ id: 'g', reads: 'q0', processing: { type: 'constant', value: 0.5 }, ...group }],
  };
}

describe('two copies of one message in the same queue', () => {
  it('delays both copies and makes both ready, each on its own timer', () => {
    const records = traceOf(scenarioFrom(twoCopies({ deliveryDelay: 1 }, {})));
    const kinds = records.filter((r) => r.broker === 'q0').map((r) => [r.kind, r.time]);
    expect(kinds).toEqual([
      ['delayed', 1],
      ['delayed', 1],
      ['enqueued', 2],
      ['delivered', 2],
      ['enqueued', 2],
      ['acked', 2.5],
      ['delivered', 2.5],
      ['acked', 3],
    ]);
  });

  it('gives each copy its own lease, so each expires, comes back and is redelivered by itself', () => {
    const scenario = scenarioFrom(twoCopies({ ackTimeout: 1 }, { instances: 2, processing: { type: 'constant', value: 3 } }));
    const records = traceOf(scenario).filter((r) => r.broker === 'q0' && r.kind !== 'enqueued' && r.time <= 5);
    // Processing takes 3 s against a 1 s lease: every delivery runs out, and the ack comes too late.
    expect(records.map((r) => [r.kind, r.time, r.consumer, r.reason, r.attempt])).toEqual([
      ['delivered', 1, 'g#1', '', 1],
      ['delivered', 1, 'g#2', '', 1],
      ['requeued', 2, 'g#1', 'lease-expired', 0],
      ['requeued', 2, 'g#2', 'lease-expired', 0],
      ['late-ack', 4, 'g#1', 'ignored', 1],
      ['delivered', 4, 'g#1', 'lease-expired', 2],
      ['late-ack', 4, 'g#2', 'ignored', 1],
      ['delivered', 4, 'g#2', 'lease-expired', 2],
      ['requeued', 5, 'g#1', 'lease-expired', 0],
      ['requeued', 5, 'g#2', 'lease-expired', 0],
    ]);
    const report = runScenario(scenario);
    expect(report.invariants.violations).toEqual([]);
    expect(report.groups.g!.duplicates).toBe(2);
  });
});

describe('a consumer group the timeline adds at 0 s', () => {
  it('starts once, so every record reaches it once', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'group at 0',
      duration: 5,
      producers: [{ id: 'p', target: 's', bursts: [{ at: 1, count: 3 }] }],
      brokers: [{ id: 's', kind: 'stream' }],
      timeline: [{ at: 0, action: 'add-group', group: { id: 'g', reads: 's', processing: { type: 'constant', value: 0.1 } } }],
    });
    const delivered = traceOf(scenario).filter((r) => r.kind === 'delivered');
    expect(delivered.map((r) => [r.message, r.attempt])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
  });
});
