import { describe, expect, it } from 'vitest';
import { Auditor, type Topology } from '../../src/metrics';
import type { TraceKind, TraceRecord } from '../../src/model';

function record(kind: TraceKind, time: number, message: number, publishedAt: number, extra: Partial<TraceRecord> = {}): TraceRecord {
  return { kind, time, message, publishedAt, producer: 'p', broker: 'q', group: '', consumer: '', reason: '', attempt: 0, partition: -1, offset: -1, ...extra };
}

/** The life of one message: published at `at`, waits `wait`, processed for `work`. */
function life(message: number, at: number, wait: number, work: number): TraceRecord[] {
  const worker = { group: 'g', consumer: 'g#1', attempt: 1 };
  return [
    record('published', at, message, at),
    record('enqueued', at, message, at),
    record('delivered', at + wait, message, at, worker),
    record('acked', at + wait + work, message, at, worker),
  ];
}

/** One producer publishing to queue q, read by group g with a prefetch of `holdLimit`. */
function queueTopology(holdLimit = 10): Topology {
  return { producers: ['p'], brokers: [{ id: 'q', kind: 'queue' }], groups: [{ id: 'g', broker: 'q', holdLimit }] };
}

function audit(records: TraceRecord[], end: number, topology = queueTopology()) {
  const auditor = new Auditor(topology);
  const sorted = [...records].sort((a, b) => a.time - b.time);
  for (const r of sorted) auditor.observe(r);
  return auditor.finish(end);
}

const check = (report: ReturnType<typeof audit>, name: string) => report.checks.find((c) => c.name === name)!;

describe('Auditor', () => {
  it('passes a legal trace, including messages still in flight, ready and dropped at the end', () => {
    const report = audit(
      [
        ...life(1, 0, 0, 2),
        ...life(2, 1, 1, 3).slice(0, 3), // in flight at the end
        ...life(3, 2, 0, 0).slice(0, 2), // ready at the end
        record('published', 3, 4, 3),
        record('enqueued', 3, 4, 3),
        record('dropped', 3.5, 4, 3, { reason: 'maxlen' }),
        record('rejected', 4, 5, 4, { reason: 'maxlen' }),
      ],
      10,
    );
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(check(report, 'conservation').detail).toBe('entered 4 = acked 1 + dropped 1 + expired 0 + moved on 0 + ready 1 + in flight 1 + parked 0 + delayed 0');
  });

  it.each([
    ['a delivery of a message that is not ready', [record('published', 0, 1, 0), record('delivered', 1, 1, 0, { consumer: 'g#1' })], /message 1 was delivered in q while in transit, not ready/],
    ['an ack of a message that is not in flight', [...life(1, 0, 0, 1), record('acked', 2, 1, 0, { consumer: 'g#2' })], /message 1 was acked in q while not here, not in flight/],
    ['a message published twice', [record('published', 0, 1, 0), record('published', 1, 1, 1)], /message 1 was published twice/],
    ['a rejection after acceptance', [record('published', 0, 1, 0), record('rejected', 0, 1, 0)], /message 1 was rejected after it was accepted/],
    ['an enqueue without a publish', [record('enqueued', 0, 7, 0)], /message 7 was enqueued in q while not here, not in transit or delayed or pending a bus retry/],
    ['a drop of a message that is not ready', [...life(1, 0, 0, 5).slice(0, 3), record('dropped', 1, 1, 0, { reason: 'maxlen' })], /message 1 was dropped in q while in flight, not ready/],
  ])('reports %s as an unexpected record', (_what, records, message) => {
    const report = audit(records, 10);
    expect(report.ok).toBe(false);
    expect(check(report, 'no-unexpected').ok).toBe(false);
    expect(report.violations[0]).toMatchObject({ check: 'unexpected' });
    expect(report.violations[0]!.message).toMatch(message);
  });

  it('reports a message that was published but never reached a queue as lost, breaking conservation', () => {
    const report = audit([...life(1, 0, 0, 1), record('published', 2, 2, 2)], 10);
    expect(report.ok).toBe(false);
    expect(check(report, 'conservation').ok).toBe(false);
    expect(report.violations).toEqual([{ check: 'lost', message: 'message 2 was accepted for q but never reached it', messageId: 2, time: 10 }]);
    expect(check(report, 'no-lost').ok).toBe(false);
  });

  it("catches a publish stamped with a time other than its own through Little's law", () => {
    // The record arrives at t = 5 but claims it was published at 4: latencies no longer match the timeline.
    const records = life(1, 5, 1, 1).map((r) => ({ ...r, publishedAt: 4 }));
    const report = audit(records, 10);
    expect(check(report, 'littles-law-system').ok).toBe(false);
    expect(check(report, 'littles-law-waiting').ok).toBe(false);
    expect(report.ok).toBe(false);
    expect(report.violations.map((v) => v.check)).toEqual(['littles-law-system', 'littles-law-waiting']);
  });

  it('keeps the first 100 violations and counts all of them', () => {
    const records = Array.from({ length: 250 }, (_, i) => record('enqueued', i, i + 1, i));
    const report = audit(records, 300);
    expect(report.violations).toHaveLength(100);
    expect(report.violationCount).toBe(250);
  });

  it('remembers only live messages: a million finished ones leave nothing behind', () => {
    const auditor = new Auditor(queueTopology());
    for (let id = 1; id <= 1_000_000; id++) for (const r of life(id, id, 0, 0.5)) auditor.observe(r);
    const report = auditor.finish(1_000_001);
    expect(report.ok).toBe(true);
    expect(auditor.liveCopies).toBe(0);
  });
});
