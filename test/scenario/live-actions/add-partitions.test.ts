import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../../src/model';
import { expectInvariantsHold, runWithTrace } from '../../helpers/guarded-run';
import { scenarioFrom } from '../../helpers/scenarios';
import { traceOf } from '../../helpers/trace';

type Row = [kind: string, time: number, partition: number, offset: number, consumer: string, reason: string, attempt: number];

const rows = (records: readonly TraceRecord[]): Row[] =>
  records.filter((r) => r.kind !== 'published').map((r) => [r.kind, r.time, r.partition, r.offset, r.consumer, r.reason, r.attempt]);

describe('add-partitions', () => {
  it('grows the stream, starts every group on the new partition at offset 0 and rebalances to hand it out', () => {
    const trace = traceOf(
      scenarioFrom({
        version: 1,
        name: 'grow',
        duration: 6,
        producers: [{ id: 'p', target: 'log', bursts: [{ at: 0, count: 2 }, { at: 3, count: 2 }] }],
        brokers: [{ id: 'log', kind: 'stream', partitions: 1, partitioner: 'round-robin' }],
        consumers: [{ id: 'r', reads: 'log', processing: { type: 'constant', value: 0.5 }, startFrom: 'earliest', rebalancePause: 1, commit: { mode: 'manual' } }],
        timeline: [{ at: 1.5, action: 'add-partitions', stream: 'log', partitions: 2 }],
      }),
    );
    expect(rows(trace)).toEqual([
      ['reset', 0, 0, 0, '', 'earliest', 0],
      ['rebalanced', 0, -1, -1, '', 'join', 1],
      ['assigned', 0, 0, 0, 'r#1', '', 1],
      ['appended', 0, 0, 0, '', '', 0],
      ['delivered', 0, 0, 0, 'r#1', '', 1],
      ['appended', 0, 0, 1, '', '', 0],
      ['acked', 0.5, 0, 0, 'r#1', '', 1],
      ['committed', 0.5, 0, 1, 'r#1', '', 0],
      ['delivered', 0.5, 0, 1, 'r#1', '', 1],
      ['acked', 1, 0, 1, 'r#1', '', 1],
      ['committed', 1, 0, 2, 'r#1', '', 0],
      // attempt: the new partition count.
      ['policy', 1.5, -1, -1, '', 'add-partitions', 2],
      ['reset', 1.5, 1, 0, '', 'earliest', 0],
      ['rebalanced', 1.5, -1, -1, '', 'partitions', 2],
      ['revoked', 1.5, 0, 2, 'r#1', '', 2],
      ['assigned', 2.5, 0, 2, 'r#1', '', 2],
      ['assigned', 2.5, 1, 0, 'r#1', '', 2],
      // Round-robin starts again over both partitions.
      ['appended', 3, 0, 2, '', '', 0],
      ['delivered', 3, 0, 2, 'r#1', '', 1],
      ['appended', 3, 1, 0, '', '', 0],
      ['acked', 3.5, 0, 2, 'r#1', '', 1],
      ['committed', 3.5, 0, 3, 'r#1', '', 0],
      ['delivered', 3.5, 1, 0, 'r#1', '', 1],
      ['acked', 4, 1, 0, 'r#1', '', 1],
      ['committed', 4, 1, 1, 'r#1', '', 0],
    ]);
    expect(trace.find((r) => r.kind === 'policy')).toMatchObject({ broker: 'log', group: '', producer: '' });
  });

  /** Keyed records into a 2-partition stream that grows to 6 at 30 s, read by a partition-owning group, a cooperative one and a shared group. */
  const growing = scenarioFrom({
    version: 1,
    name: 'grow under load',
    seed: 3,
    duration: 90,
    producers: [{ id: 'p', target: 'log', rate: { perSecond: 20 }, keys: 50 }],
    brokers: [{ id: 'log', kind: 'stream', partitions: 2, retentionSeconds: 40 }],
    consumers: [
      { id: 'range', reads: 'log', instances: 3, processing: { type: 'exponential', mean: 0.05 }, startFrom: 'earliest' },
      { id: 'sticky', reads: 'log', instances: 4, processing: { type: 'exponential', mean: 0.1 }, assignment: 'cooperative-sticky', startFrom: 'earliest' },
      { id: 'shared', reads: 'log', instances: 2, processing: { type: 'exponential', mean: 0.05 }, share: {} },
    ],
    timeline: [
      { at: 30, action: 'add-partitions', stream: 'log', partitions: 4 },
      { at: 50, action: 'add-partitions', stream: 'log', partitions: 6 },
    ],
  });

  it('loses nothing: each group processes or skips every record appended before the last 10 s, and the auditor finds no violation', () => {
    const { report, records } = runWithTrace(growing);
    expectInvariantsHold(report);
    expect(report.invariants.checks.find((c) => c.name === 'stream-conservation')?.ok).toBe(true);
    // The groups keep up, so every record appended more than 10 s before the end has been processed or skipped by each.
    const settled = records.filter((r) => r.kind === 'appended' && r.time < 80).map((r) => `${r.partition}/${r.offset}`);
    expect(settled.length).toBeGreaterThan(1000);
    for (const group of ['range', 'sticky', 'shared']) {
      const done = new Set(records.filter((r) => (r.kind === 'acked' || r.kind === 'skipped') && r.group === group && r.partition >= 0).map((r) => `${r.partition}/${r.offset}`));
      if (group === 'shared') {
        // The shared group's acks name its own queue's messages; its log entries are the ones the cursor routed.
        const routed = new Set(records.filter((r) => r.kind === 'routed' && r.consumer === 'log/shared').map((r) => r.message));
        const acked = new Set(records.filter((r) => r.kind === 'acked' && r.group === group).map((r) => r.message));
        const ids = records.filter((r) => r.kind === 'appended' && r.time < 80).map((r) => r.message);
        expect(ids.filter((id) => !routed.has(id) || !acked.has(id))).toEqual([]);
      } else expect(settled.filter((at) => !done.has(at))).toEqual([]);
    }
  });

  it('keeps offsets consecutive per partition, each new partition starting at 0', () => {
    const next = new Map<number, number>();
    for (const r of traceOf(growing)) {
      if (r.kind !== 'appended') continue;
      expect(r.offset).toBe(next.get(r.partition) ?? 0);
      next.set(r.partition, r.offset + 1);
    }
    expect([...next.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("spreads a keyed producer's records over the new partitions from the growth on (the key-by-key mapping is tested on the broker)", () => {
    const appended = traceOf(growing).filter((r) => r.kind === 'appended');
    const partitions = (from: number, to: number) => new Set(appended.filter((r) => r.time >= from && r.time < to).map((r) => r.partition));
    expect(partitions(0, 30)).toEqual(new Set([0, 1]));
    expect(partitions(30, 50)).toEqual(new Set([0, 1, 2, 3]));
    expect(partitions(50, 90)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });

  it("gives every group's members the new partitions, and the shared group reads them too", () => {
    const records = traceOf(growing);
    for (const group of ['range', 'sticky']) {
      const owners = new Map<number, string>();
      for (const r of records) {
        if (r.group !== group) continue;
        if (r.kind === 'assigned') owners.set(r.partition, r.consumer);
        if (r.kind === 'revoked') owners.delete(r.partition);
      }
      expect([...owners.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      expect(new Set(owners.values()).size).toBe(group === 'range' ? 3 : 4);
    }
    const sharedFromNew = records.filter((r) => r.kind === 'routed' && r.broker === 'log' && r.consumer === 'log/shared' && r.time > 50).length;
    expect(sharedFromNew).toBeGreaterThan(0);
  });
});
