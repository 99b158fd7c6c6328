import { describe, expect, it } from 'vitest';
import { Auditor, type Topology } from '../../src/metrics';
import type { TraceKind, TraceRecord } from '../../src/model';

/**
 * The auditor's books for copies that topics and event buses route to queues, fed hand-written
 * traces: each check passes a legal trace and fails, with a message naming the message, the place
 * and the time, on the broken one.
 */

function record(kind: TraceKind, time: number, message: number, extra: Partial<TraceRecord> = {}): TraceRecord {
  return { kind, time, message, publishedAt: 0, producer: 'p', broker: '', group: '', consumer: '', reason: '', attempt: 0, partition: -1, offset: -1, ...extra };
}

/**
 * Topic t with subscriptions a and b, both dead-lettering to queue dlq; bus e whose target queue q
 * dead-letters its give-ups to dlq too. Group ga reads a (prefetch 1), gd reads dlq.
 */
const topology: Topology = {
  producers: ['p'],
  brokers: [
    { id: 't', kind: 'topic' },
    { id: 'a', kind: 'subscription', topic: 't' },
    { id: 'b', kind: 'subscription', topic: 't' },
    { id: 'e', kind: 'bus' },
    { id: 'q', kind: 'queue' },
    { id: 'dlq', kind: 'queue' },
  ],
  groups: [
    { id: 'ga', broker: 'a', holdLimit: 1 },
    { id: 'gd', broker: 'dlq', holdLimit: 10 },
  ],
};

function audit(records: readonly TraceRecord[], end = 10) {
  const auditor = new Auditor(topology);
  for (const r of records) auditor.observe(r);
  return { auditor, report: auditor.finish(end) };
}

const check = (report: ReturnType<typeof audit>['report'], name: string) => report.checks.find((c) => c.name === name)!;

/** Message `id` published to topic t at `at` and routed to subscriptions a and b. */
const fanOut = (id: number, at: number): TraceRecord[] => [
  record('published', at, id, { broker: 't', publishedAt: at }),
  record('routed', at, id, { broker: 't', consumer: 'a', publishedAt: at }),
  record('enqueued', at, id, { broker: 'a', publishedAt: at }),
  record('routed', at, id, { broker: 't', consumer: 'b', publishedAt: at }),
  record('enqueued', at, id, { broker: 'b', publishedAt: at }),
];

/** Delivery and ack of message `id` in `broker` by `consumer` of `group`. */
const consume = (id: number, broker: string, group: string, consumer: string, from: number, to: number): TraceRecord[] => [
  record('delivered', from, id, { broker, group, consumer, attempt: 1 }),
  record('acked', to, id, { broker, group, consumer, attempt: 1 }),
];

describe('Auditor on topics', () => {
  it('passes a fan-out where every routed copy reaches its subscription', () => {
    const { report } = audit([...fanOut(1, 0), ...consume(1, 'a', 'ga', 'ga#1', 1, 2)]);
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(check(report, 'conservation').detail).toBe('entered 2 = acked 1 + dropped 0 + expired 0 + moved on 0 + ready 1 + in flight 0 + parked 0 + delayed 0');
  });

  it('reports a copy routed to a subscription but never enqueued there as lost', () => {
    const records = fanOut(1, 0).slice(0, 4); // routed to b, never enqueued
    const { report } = audit(records);
    expect(report.ok).toBe(false);
    expect(check(report, 'conservation')).toMatchObject({ ok: false, detail: 'b: 1 accepted but never reached the queue' });
    expect(check(report, 'no-lost').ok).toBe(false);
    expect(report.violations).toEqual([{ check: 'lost', message: 'message 1 was accepted for b but never reached it', messageId: 1, time: 10 }]);
  });

  it('counts a copy its filter turned away as filtered, not lost, and reports one that arrives anyway as unexpected', () => {
    const filtered = [
      record('published', 0, 1, { broker: 't' }),
      record('routed', 0, 1, { broker: 't', consumer: 'a' }),
      record('enqueued', 0, 1, { broker: 'a' }),
      record('filtered', 0, 1, { broker: 't', consumer: 'b' }),
    ];
    const legal = audit(filtered);
    expect(legal.report.violations).toEqual([]);
    expect(legal.auditor.filteredAt('b')).toBe(1);
    expect(legal.auditor.filteredAt('a')).toBe(0);

    const { report } = audit([...filtered, record('enqueued', 0, 1, { broker: 'b' })]);
    expect(check(report, 'no-unexpected').ok).toBe(false);
    expect(report.violations).toEqual([
      { check: 'unexpected', message: 'message 1 was enqueued in b while not here, not in transit or delayed or pending a bus retry', messageId: 1, time: 0 },
    ]);
  });

  it('passes two copies of one message in one dead-letter queue, arriving from two subscriptions that share it', () => {
    const records = [
      ...fanOut(1, 0),
      record('dead-lettered', 1, 1, { broker: 'a', reason: 'expired' }),
      record('enqueued', 1, 1, { broker: 'dlq' }),
      record('dead-lettered', 1, 1, { broker: 'b', reason: 'expired' }),
      record('enqueued', 1, 1, { broker: 'dlq' }),
      ...consume(1, 'dlq', 'gd', 'gd#1', 2, 3),
      ...consume(1, 'dlq', 'gd', 'gd#2', 2, 4),
    ];
    const { auditor, report } = audit(records);
    expect(report.violations).toEqual([]);
    expect(check(report, 'conservation').detail).toBe('entered 4 = acked 2 + dropped 0 + expired 0 + moved on 2 + ready 0 + in flight 0 + parked 0 + delayed 0');
    // Each copy was handed to gd once: no duplicate.
    expect(auditor.duplicatesOf('gd')).toEqual(new Map());

    // A third arrival with no third dead-letter before it is not legal.
    const broken = audit([...records.slice(0, 9), record('enqueued', 1, 1, { broker: 'dlq' })]);
    expect(broken.report.violations).toEqual([
      { check: 'unexpected', message: 'message 1 was enqueued in dlq while ready, not in transit or delayed or pending a bus retry', messageId: 1, time: 1 },
    ]);
  });

  it('reports an instance holding more unacknowledged copies than its prefetch', () => {
    const records = [...fanOut(1, 0), ...fanOut(2, 0), record('delivered', 1, 1, { broker: 'a', group: 'ga', consumer: 'ga#1', attempt: 1 })];
    expect(audit(records).report.ok).toBe(true);
    const { report } = audit([...records, record('delivered', 1.5, 2, { broker: 'a', group: 'ga', consumer: 'ga#1', attempt: 1 })]);
    expect(check(report, 'leases').ok).toBe(false);
    expect(report.violations).toEqual([
      { check: 'leases', message: 'ga#1 holds 2 unacknowledged deliveries, more than its limit of 1', messageId: 2, group: 'ga', time: 1.5 },
    ]);
  });

  it('counts a copy delivered again to the same group as one duplicate, under the cause of its first repeat', () => {
    const again = (id: number, time: number, attempt: number, reason: string) =>
      record('delivered', time, id, { broker: 'a', group: 'ga', consumer: 'ga#1', attempt, reason });
    const requeue = (id: number, time: number, reason: string) => record('requeued', time, id, { broker: 'a', reason });
    const { auditor, report } = audit([
      ...fanOut(1, 0),
      again(1, 1, 1, ''),
      requeue(1, 2, 'lease-expired'),
      again(1, 2, 2, 'lease-expired'),
      requeue(1, 3, 'nack'),
      again(1, 3, 3, 'nack'),
      record('acked', 4, 1, { broker: 'a', group: 'ga', consumer: 'ga#1', attempt: 3 }),
      ...fanOut(2, 5),
      again(2, 5, 1, ''),
      requeue(2, 6, 'crash'),
      again(2, 7, 2, 'crash'),
    ]);
    expect(report.violations).toEqual([]);
    expect(auditor.duplicatesOf('ga')).toEqual(
      new Map([
        ['lease-expired', 1],
        ['crash', 1],
      ]),
    );
  });
});

describe('Auditor on event buses', () => {
  /** Message 1 published to bus e, whose rule r routes a copy to queue q, which refuses it. */
  const refused = [
    record('published', 0, 1, { broker: 'e' }),
    record('routed', 0, 1, { broker: 'e', consumer: 'q', reason: 'r' }),
    record('retrying', 0, 1, { broker: 'e', consumer: 'q', reason: 'r', attempt: 2 }),
  ];

  it('books a copy awaiting a retry, and passes one that is retried, given up on and dead-lettered into the DLQ', () => {
    const waiting = audit(refused);
    expect(waiting.report.violations).toEqual([]);
    expect(check(waiting.report, 'conservation').detail).toMatch(/ \+ awaiting a bus retry 1$/);

    const { report } = audit([
      ...refused,
      record('retrying', 1, 1, { broker: 'e', consumer: 'q', reason: 'r', attempt: 3 }),
      record('dead-lettered', 3, 1, { broker: 'e', consumer: 'q', reason: 'retries-exhausted' }),
      record('enqueued', 3, 1, { broker: 'dlq' }),
    ]);
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(check(report, 'conservation').detail).toBe('entered 2 = acked 0 + dropped 0 + expired 0 + moved on 1 + ready 1 + in flight 0 + parked 0 + delayed 0');
  });

  it('reports a copy the bus dead-lettered that never reached the dead-letter queue as lost', () => {
    const { report } = audit([...refused, record('dead-lettered', 1, 1, { broker: 'e', consumer: 'q', reason: 'retries-exhausted' })]);
    expect(check(report, 'conservation').ok).toBe(false);
    expect(report.violations).toEqual([{ check: 'lost', message: 'message 1 was dead-lettered or redriven 1 time(s) without arriving', messageId: 1, time: 10 }]);
  });

  it('reports a give-up on a target the bus was not retrying as unexpected', () => {
    const never = audit([record('published', 0, 1, { broker: 'e' }), record('dropped', 1, 1, { broker: 'e', consumer: 'q', reason: 'retries-exhausted' })]);
    expect(check(never.report, 'no-unexpected').ok).toBe(false);
    expect(never.report.violations).toEqual([
      { check: 'unexpected', message: "message 1 was dropped in e's copy for q while not here, not in transit or pending a bus retry", messageId: 1, time: 1 },
    ]);

    // The target took the copy at the first try: there is nothing left to give up on.
    const accepted = audit([
      record('published', 0, 1, { broker: 'e' }),
      record('routed', 0, 1, { broker: 'e', consumer: 'q', reason: 'r' }),
      record('enqueued', 0, 1, { broker: 'q' }),
      record('dropped', 1, 1, { broker: 'e', consumer: 'q', reason: 'max-event-age' }),
    ]);
    expect(accepted.report.violations).toEqual([
      { check: 'unexpected', message: "message 1 was dropped in e's copy for q while ready, not in transit or pending a bus retry", messageId: 1, time: 1 },
    ]);
  });

  it('books each of two copies of one event for the same queue by itself, and matches each ack to the copy its consumer holds', () => {
    // Two rules route to q: one copy is refused and waits for a retry, the other is taken at once.
    const records = [
      record('published', 0, 1, { broker: 'e' }),
      record('routed', 0, 1, { broker: 'e', consumer: 'q', reason: 'r1' }),
      record('retrying', 0, 1, { broker: 'e', consumer: 'q', reason: 'r1', attempt: 2 }),
      record('routed', 0, 1, { broker: 'e', consumer: 'q', reason: 'r2' }),
      record('retrying', 0, 1, { broker: 'e', consumer: 'q', reason: 'r2', attempt: 2 }),
      record('enqueued', 1, 1, { broker: 'q' }),
      record('delivered', 1, 1, { broker: 'q', group: 'gq', consumer: 'gq#1', attempt: 1 }),
      record('enqueued', 1, 1, { broker: 'q' }),
      record('delivered', 1, 1, { broker: 'q', group: 'gq', consumer: 'gq#2', attempt: 1 }),
      record('acked', 2, 1, { broker: 'q', group: 'gq', consumer: 'gq#2', attempt: 1 }),
      record('acked', 3, 1, { broker: 'q', group: 'gq', consumer: 'gq#1', attempt: 1 }),
    ];
    const withGroup: Topology = { ...topology, groups: [...topology.groups, { id: 'gq', broker: 'q', holdLimit: 1 }] };
    const auditor = new Auditor(withGroup);
    for (const r of records) auditor.observe(r);
    const report = auditor.finish(10);
    expect(report.violations).toEqual([]);
    expect(check(report, 'conservation').detail).toBe('entered 2 = acked 2 + dropped 0 + expired 0 + moved on 0 + ready 0 + in flight 0 + parked 0 + delayed 0');

    // An ack by an instance that holds neither copy is still caught.
    const broken = new Auditor(withGroup);
    for (const r of records.slice(0, 9)) broken.observe(r);
    broken.observe(record('acked', 2, 1, { broker: 'q', group: 'gq', consumer: 'gq#3', attempt: 1 }));
    expect(broken.finish(10).violations).toEqual([
      { check: 'leases', message: 'message 1 was acked in q by gq#3, which does not hold its lease', messageId: 1, group: 'gq', time: 2 },
    ]);
  });
});
