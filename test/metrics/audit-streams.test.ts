import { describe, expect, it } from 'vitest';
import { Auditor, type ObservedStreamGroup, type Topology } from '../../src/metrics';
import type { TraceKind, TraceRecord } from '../../src/model';

/**
 * The auditor's books for streams, fed hand-written traces: first deliveries in offset order with
 * nothing lost, one owner per partition, offsets that never go back without a reset, a member acking
 * only the record it holds, and duplicates counted once per record by cause. Each check passes the
 * legal trace and fails, with a message naming the place, the group and the time, on the broken one.
 */

/** A record about stream s (2 partitions) read by group g, whose members are g#1 and g#2. */
function record(kind: TraceKind, time: number, partition: number, offset: number, extra: Partial<TraceRecord> = {}): TraceRecord {
  const isMessage = kind === 'appended' || kind === 'delivered' || kind === 'acked' || kind === 'skipped';
  return {
    kind,
    time,
    message: isMessage ? 100 * partition + offset + 1 : 0,
    publishedAt: isMessage ? 0 : NaN,
    producer: isMessage ? 'p' : '',
    broker: 's',
    group: kind === 'appended' || kind === 'truncated' ? '' : 'g',
    consumer: '',
    reason: '',
    attempt: 0,
    partition,
    offset,
    ...extra,
  };
}

const topology: Topology = {
  producers: ['p'],
  brokers: [{ id: 's', kind: 'stream', partitions: 2 }],
  groups: [{ id: 'g', broker: 's' }],
};

const m1 = { consumer: 'g#1' };
const m2 = { consumer: 'g#2' };

/** The group starts at the log start, forms, and g#1 gets partition 0, g#2 partition 1; three records on partition 0. */
const start: TraceRecord[] = [
  record('reset', 0, 0, 0, { reason: 'earliest' }),
  record('reset', 0, 1, 0, { reason: 'earliest' }),
  record('rebalanced', 0, -1, -1, { reason: 'join', attempt: 1 }),
  record('assigned', 0, 0, 0, { ...m1, attempt: 1 }),
  record('assigned', 0, 1, 0, { ...m2, attempt: 1 }),
  record('appended', 1, 0, 0),
  record('appended', 1, 0, 1),
  record('appended', 1, 0, 2),
];

const deliver = (time: number, offset: number, extra: Partial<TraceRecord> = m1): TraceRecord[] => [
  record('delivered', time, 0, offset, { attempt: 1, ...extra }),
  record('acked', time + 0.5, 0, offset, { attempt: 1, ...extra }),
];

function audit(records: readonly TraceRecord[], observed?: ReadonlyMap<string, ObservedStreamGroup>) {
  const auditor = new Auditor(topology);
  for (const r of records) auditor.observe(r);
  return { auditor, report: auditor.finish(10, observed ? { streamGroups: observed } : {}) };
}

const check = (report: ReturnType<typeof audit>['report'], name: string) => report.checks.find((c) => c.name === name)!;

describe('Auditor on streams', () => {
  it('passes a group that reads every record in order and commits what it read', () => {
    const { report } = audit([...start, ...deliver(1, 0), ...deliver(2, 1), ...deliver(3, 2), record('committed', 4, 0, 3, m1)], new Map([['g', { position: [3, 0], committed: [3, 0] }]]));
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(check(report, 'stream-conservation').detail).toBe('every record a stream group accepted (3) was delivered, skipped, or is still unread (3)');
  });

  it('reports a first delivery that jumps over an offset as out of order and the offset as lost', () => {
    const { report } = audit([...start, ...deliver(1, 0), ...deliver(2, 2)]);
    expect(check(report, 'order').ok).toBe(false);
    expect(check(report, 'no-lost').ok).toBe(false);
    expect(report.violations).toEqual([
      { check: 'order', message: 's/0: g got offset 2 first, before offsets 1…1', messageId: 3, group: 'g', time: 2 },
      { check: 'lost', message: 's/0: offsets 1…1 were never delivered to g, nor skipped', messageId: 3, group: 'g', time: 2 },
    ]);
  });

  it('passes a jump over an offset that retention deleted first, and counts it as skipped', () => {
    const { auditor, report } = audit([
      ...start,
      ...deliver(1, 0),
      record('truncated', 1.8, 0, 2),
      record('skipped', 1.8, 0, 1, { reason: 'retention' }),
      ...deliver(2, 2),
    ]);
    expect(report.violations).toEqual([]);
    expect(auditor.skippedOf('g')).toBe(1);
  });

  it('passes records a member fetched before retention deleted them, and the skip of the unfetched records after them', () => {
    // g#1 holds offsets 0 and 1 fetched; retention deletes all three, and only offset 2 was never fetched.
    const { auditor, report } = audit([
      ...start,
      record('delivered', 1, 0, 0, { ...m1, attempt: 1 }),
      record('truncated', 1.2, 0, 3),
      record('skipped', 1.2, 0, 2, { reason: 'retention' }),
      record('acked', 1.5, 0, 0, { ...m1, attempt: 1 }),
      ...deliver(1.5, 1),
    ]);
    expect(report.violations).toEqual([]);
    expect(check(report, 'stream-conservation').detail).toBe('every record a stream group accepted (3) was delivered, skipped, or is still unread (3)');
    expect(auditor.skippedOf('g')).toBe(1);
  });

  it('reports a record delivered for the first time after it was counted as skipped', () => {
    // g#1 holds offsets 0 and 1; offset 2 is skipped meanwhile, then delivered all the same, before 1.
    const whileHeld = audit([
      ...start,
      record('delivered', 1, 0, 0, { ...m1, attempt: 1 }),
      record('skipped', 1.2, 0, 2, { reason: 'retention' }),
      record('acked', 1.5, 0, 0, { ...m1, attempt: 1 }),
      ...deliver(1.5, 2),
    ]);
    expect(whileHeld.report.violations).toEqual([
      { check: 'unexpected', message: 's/0 at 2 was delivered to g after it was counted as skipped', messageId: 3, group: 'g', time: 1.5 },
      { check: 'order', message: 's/0: g got offset 2 first, before offsets 1…1', messageId: 3, group: 'g', time: 1.5 },
      { check: 'lost', message: 's/0: offsets 1…1 were never delivered to g, nor skipped', messageId: 3, group: 'g', time: 1.5 },
    ]);
    // Offset 2 is skipped while g#1 holds 0 and 1, then delivered once those are done.
    const later = audit([
      ...start,
      record('delivered', 1, 0, 0, { ...m1, attempt: 1 }),
      record('skipped', 1.2, 0, 2, { reason: 'retention' }),
      record('acked', 1.5, 0, 0, { ...m1, attempt: 1 }),
      ...deliver(1.5, 1),
      ...deliver(2, 2),
    ]);
    expect(later.report.violations).toEqual([
      { check: 'unexpected', message: 's/0 at 2 was delivered again to g but marked as a first delivery', messageId: 3, group: 'g', time: 2 },
    ]);
  });

  it('reports a delivery by a member that does not own the partition, and an assignment to a second owner', () => {
    const { report } = audit([...start, ...deliver(1, 0, m2), record('assigned', 2, 0, 1, { ...m2, attempt: 1 })]);
    expect(check(report, 'exclusivity').ok).toBe(false);
    expect(report.violations).toEqual([
      { check: 'exclusivity', message: 'g#2 read s/0 at 0, but the partition belongs to g#1', messageId: 1, group: 'g', time: 1 },
      { check: 'exclusivity', message: 's/0 was assigned to g#2 while g#1 still owned it', group: 'g', time: 2 },
    ]);
  });

  it('reports a committed offset that goes back without a reset, and passes one that goes back after a reset', () => {
    const read = [...start, ...deliver(1, 0), ...deliver(2, 1), record('committed', 3, 0, 2, m1)];
    const { report } = audit([...read, record('committed', 4, 0, 1, m1)]);
    expect(check(report, 'offsets').ok).toBe(false);
    expect(report.violations).toEqual([{ check: 'offsets', message: "s/0: g's committed offset went back from 2 to 1 without a reset", group: 'g', time: 4 }]);

    const reset = audit([...read, record('reset', 3.5, 0, 0, { reason: 'earliest' }), ...deliver(4, 0, { ...m1, attempt: 2, reason: 'replay' }), record('committed', 5, 0, 1, m1)]);
    expect(reset.report.violations).toEqual([]);
  });

  it('takes a reset-offsets action as moving the committed offset, and reports a group whose own committed offset disagrees', () => {
    const records = [...start, ...deliver(1, 0), ...deliver(2, 1), record('committed', 3, 0, 2, m1), record('reset', 4, 0, 1, { reason: 'offset' }), record('reset', 4, 1, 0, { reason: 'offset' })];
    expect(audit(records, new Map([['g', { position: [1, 0], committed: [1, 0] }]])).report.violations).toEqual([]);
    const { report } = audit(records, new Map([['g', { position: [1, 0], committed: [2, 0] }]]));
    expect(check(report, 'offsets').ok).toBe(false);
    expect(report.violations).toEqual([
      { check: 'offsets', message: 'g on s/0: the group reports committed 2 and position 1, the trace committed 1 and log end 3', group: 'g' },
    ]);
  });

  it('reports an ack of a record the member is not processing', () => {
    const { report } = audit([...start, ...deliver(1, 0), record('acked', 2, 0, 1, { ...m1, attempt: 1 })]);
    expect(check(report, 'no-unexpected').ok).toBe(false);
    expect(report.violations).toEqual([{ check: 'unexpected', message: 'g#1 acked s/0 at 1, which it was not processing', messageId: 2, group: 'g', time: 2 }]);
  });

  it('reports a member handed a second record while it still processes one', () => {
    const { report } = audit([...start, record('delivered', 1, 0, 0, { ...m1, attempt: 1 }), record('delivered', 1.2, 0, 1, { ...m1, attempt: 1 })]);
    expect(check(report, 'leases').ok).toBe(false);
    expect(report.violations).toEqual([{ check: 'leases', message: 'g#1 was handed s/0 at 1 while still holding partition 0 at 0', messageId: 2, group: 'g', time: 1.2 }]);
  });

  it('counts each replayed record once as a duplicate, under the cause of its first replay', () => {
    const { auditor, report } = audit([
      ...start,
      ...deliver(1, 0),
      ...deliver(2, 1),
      // g#1 crashes before committing: g#2 takes partition 0 over and replays both records.
      record('crashed', 3, -1, -1, m1),
      record('rebalanced', 4, -1, -1, { reason: 'crash', attempt: 2 }),
      record('revoked', 4, 0, 0, { ...m1, attempt: 2 }),
      record('assigned', 4, 0, 0, { ...m2, attempt: 2 }),
      ...deliver(5, 0, { ...m2, attempt: 2, reason: 'crash' }),
      ...deliver(6, 1, { ...m2, attempt: 2, reason: 'crash' }),
      // A reset to earliest replays them again: already counted.
      record('reset', 7, 0, 0, { reason: 'earliest' }),
      ...deliver(7, 0, { ...m2, attempt: 3, reason: 'replay' }),
      ...deliver(8, 1, { ...m2, attempt: 3, reason: 'replay' }),
      ...deliver(9, 2, m2),
    ]);
    expect(report.violations).toEqual([]);
    expect(auditor.duplicatesOf('g')).toEqual(new Map([['crash', 2]]));
  });

  it('reports a repeated delivery marked as a first one', () => {
    const { report } = audit([...start, ...deliver(1, 0), record('reset', 2, 0, 0, { reason: 'earliest' }), ...deliver(3, 0)]);
    expect(report.violations).toEqual([{ check: 'unexpected', message: 's/0 at 0 was delivered again to g but marked as a first delivery', messageId: 1, group: 'g', time: 3 }]);
  });
});
