import { describe, expect, it } from 'vitest';
import { explain } from '../../src/runtime/explain';
import { describeRecord } from '../../src/ui/why/describe-record';
import { scenarioFrom } from '../helpers/scenarios';

/** One message whose every attempt outlives its 5 s lease. */
const scenario = scenarioFrom({
  version: 1,
  name: 'why',
  duration: 30,
  producers: [{ id: 'shop', target: 'orders', bursts: [{ at: 1, count: 1 }] }],
  brokers: [{ id: 'orders', kind: 'queue', ackTimeout: 5 }],
  consumers: [{ id: 'billing', reads: 'orders', instances: 2, processing: { type: 'constant', value: 8 } }],
});

describe('explaining a message', () => {
  it('tells its story in order, in words: published, ready, delivered, lease expired, redelivered, the late ack ignored', () => {
    // Processing (8 s) outlasts the lease (5 s): every attempt expires and goes to the other instance.
    const story = explain(scenario, 1, 12, { kind: 'message', id: 1 });
    expect(story.total).toBe(story.records.length);
    expect(story.records.map((r) => `${r.time} ${describeRecord(r)}`)).toEqual([
      '1 published by shop to orders',
      '1 ready in orders',
      '1 delivered to billing#1 (attempt 1)',
      "6 back in orders's queue (its lease expired)",
      '6 delivered to billing#2 (attempt 2, after its lease expired)',
      '9 billing#1 answered after its lease had expired: ignored',
      "11 back in orders's queue (its lease expired)",
      '11 delivered to billing#1 (attempt 3, after its lease expired)',
    ]);
  });

  it('stops at the time asked, and finds nothing for a message not yet published', () => {
    expect(explain(scenario, 1, 5, { kind: 'message', id: 1 }).records).toHaveLength(3);
    expect(explain(scenario, 1, 30, { kind: 'message', id: 99 })).toMatchObject({ records: [], total: 0, until: 30 });
  });
});

describe('explaining a consumer instance', () => {
  it('keeps its latest records, and counts them all', () => {
    const busy = scenarioFrom({
      version: 1,
      name: 'busy',
      duration: 60,
      producers: [{ id: 'shop', target: 'orders', rate: { process: 'constant', perSecond: 5 } }],
      brokers: [{ id: 'orders', kind: 'queue' }],
      consumers: [{ id: 'billing', reads: 'orders', processing: { type: 'constant', value: 0.1 } }],
    });
    const all = explain(busy, 1, 60, { kind: 'consumer', id: 'billing#1' }, 100_000);
    const last = explain(busy, 1, 60, { kind: 'consumer', id: 'billing#1' }, 10);
    expect(last.total).toBe(all.total);
    expect(last.records).toEqual(all.records.slice(-10));
    expect(all.records.every((r) => r.consumer === 'billing#1')).toBe(true);
  });
});
