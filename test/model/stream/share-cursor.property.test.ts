import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDistribution } from '../../../src/engine';
import { Auditor, type Topology } from '../../../src/metrics';
import type { DeliveryLimitAction, FailureAction, TraceRecord } from '../../../src/model';
import type { ShareCrashPolicy } from '../../../src/model/stream';
import { shareWorld, type ShareGroup } from './share-fixtures';

/**
 * Random small runs of shared groups on a stream: partitions, MAXLEN trimming, members, prefetch,
 * processing, leases (min-idle claims), failures, delivery limits and crashes. Whatever happens, every
 * entry appended since a group started is, for that group, acknowledged, dropped at the delivery
 * limit, skipped (trimmed before the group reached it), pending in the group's queue, or still unread;
 * and the auditor's checks hold on the trace.
 */

interface GroupCase {
  instances: number;
  prefetch: number;
  processingMean: number;
  ackTimeout: number | undefined;
  failure: { probability: number; action: FailureAction } | undefined;
  limit: { maxDeliveries: number; onMaxDeliveries: DeliveryLimitAction } | undefined;
  crashes: boolean;
  onCrash: ShareCrashPolicy;
}

interface Case {
  partitions: number;
  maxEntries: number | undefined;
  publishes: { at: number; key: number }[];
  groups: GroupCase[];
}

const groupCase: fc.Arbitrary<GroupCase> = fc.record({
  instances: fc.integer({ min: 1, max: 3 }),
  prefetch: fc.integer({ min: 1, max: 3 }),
  processingMean: fc.double({ min: 0.1, max: 3, noNaN: true }),
  ackTimeout: fc.option(fc.double({ min: 0.5, max: 5, noNaN: true }), { nil: undefined }),
  failure: fc.option(
    fc.record({ probability: fc.double({ min: 0, max: 0.6, noNaN: true }), action: fc.constantFrom<FailureAction>('requeue', 'reject', 'no-ack') }),
    { nil: undefined },
  ),
  limit: fc.option(fc.record({ maxDeliveries: fc.integer({ min: 1, max: 4 }), onMaxDeliveries: fc.constantFrom<DeliveryLimitAction>('keep', 'drop') }), {
    nil: undefined,
  }),
  crashes: fc.boolean(),
  onCrash: fc.constantFrom<ShareCrashPolicy>('keep-pending', 'release'),
});

const testCase: fc.Arbitrary<Case> = fc.record({
  partitions: fc.integer({ min: 1, max: 3 }),
  maxEntries: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  publishes: fc.array(fc.record({ at: fc.double({ min: 0, max: 20, noNaN: true }), key: fc.integer({ min: 0, max: 4 }) }), { maxLength: 30 }),
  groups: fc.array(groupCase, { minLength: 1, maxLength: 2 }),
});

interface Run {
  records: TraceRecord[];
  groups: { id: string; share: ShareGroup }[];
  auditor: Auditor;
}

function run(c: Case, until: number): Run {
  const w = shareWorld({ partitions: c.partitions, retention: c.maxEntries === undefined ? undefined : { maxEntries: c.maxEntries } });
  const groups = c.groups.map((g, i) => {
    const id = `g${i + 1}`;
    const limit = g.ackTimeout === undefined && g.failure?.action === 'no-ack' ? undefined : g.limit;
    const share = w.share({
      id,
      onCrash: g.onCrash,
      queue: { ackTimeout: g.ackTimeout, ...(limit ?? {}) },
      group: {
        instances: g.instances,
        prefetch: g.prefetch,
        processing: createDistribution({ type: 'exponential', mean: g.processingMean }),
        failure: g.failure,
        crashes: g.crashes
          ? { uptime: createDistribution({ type: 'exponential', mean: 8 }), downtime: createDistribution({ type: 'constant', value: 1 }) }
          : undefined,
      },
    });
    return { id, share };
  });
  const topology: Topology = {
    producers: ['p'],
    brokers: [{ id: 's', kind: 'stream', partitions: c.partitions }, ...groups.map((g) => ({ id: g.share.queue.id, kind: 'subscription' as const, topic: 's' }))],
    // A crashed member keeping its entries pending holds them while its restart takes new ones: no window bound then (as in the scenario topology).
    groups: groups.map((g, i) => {
      const spec = c.groups[i]!;
      return spec.crashes && spec.onCrash === 'keep-pending' ? { id: g.id, broker: g.share.queue.id } : { id: g.id, broker: g.share.queue.id, holdLimit: spec.prefetch };
    }),
  };
  const auditor = new Auditor(topology);
  w.ctx.tracer.subscribe(auditor.observe);
  for (const p of c.publishes) w.publishAt(p.at, p.key === 0 ? '' : `k${p.key}`);
  w.sim.runUntil(until);
  return { records: w.records, groups, auditor };
}

function count(records: readonly TraceRecord[], test: (r: TraceRecord) => boolean): number {
  let n = 0;
  for (const r of records) if (test(r)) n++;
  return n;
}

describe('shared consumer group: conservation over random runs', () => {
  it('accounts for every appended entry, per group, as acked, dropped, skipped, pending or unread, and the auditor agrees', () => {
    fc.assert(
      fc.property(testCase, (c) => {
        const { records, groups, auditor } = run(c, 30);
        const appended = count(records, (r) => r.kind === 'appended');
        for (const { id, share } of groups) {
          const queue = share.queue.id;
          const routed = count(records, (r) => r.kind === 'routed' && r.consumer === queue);
          const acked = count(records, (r) => r.kind === 'acked' && r.broker === queue);
          const dropped = count(records, (r) => r.kind === 'dropped' && r.broker === queue);
          const skipped = count(records, (r) => r.kind === 'skipped' && r.group === id);
          const pending = routed - acked - dropped;
          expect(routed).toBe(share.cursor.moved);
          expect(skipped).toBe(share.cursor.skipped);
          // Every entry is moved to the queue (then acked, dropped, or still pending there), skipped, or unread.
          expect(appended).toBe(routed + skipped + share.cursor.unread);
          expect(pending).toBeGreaterThanOrEqual(0);
          // The queue holds only pending entries: ready (handed back), parked, or with a consumer.
          expect(pending).toBeGreaterThanOrEqual(share.queue.depth + share.queue.parked);
          // Each entry is acknowledged at most once per group, and never delivered after it was skipped.
          const ackedIds = records.filter((r) => r.kind === 'acked' && r.broker === queue).map((r) => r.message);
          expect(new Set(ackedIds).size).toBe(ackedIds.length);
          const skippedIds = new Set(records.filter((r) => r.kind === 'skipped' && r.group === id).map((r) => r.message));
          expect(records.some((r) => r.kind === 'delivered' && r.group === id && skippedIds.has(r.message))).toBe(false);
        }
        const observed = new Map(groups.map((g) => [g.share.queue.id, { ready: g.share.queue.depth, parked: g.share.queue.parked }]));
        const verdict = auditor.finish(30, { queues: observed });
        expect(verdict.violations).toEqual([]);
        expect(verdict.ok).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('ends, once drained without failures or leases, with every appended entry acknowledged or skipped by each group', () => {
    // No lease: one shorter than the processing time would hand entries round for ever (acks after a claim are ignored).
    // So a crash must release what the member held: kept pending, it would never be claimed.
    const healthy = testCase.map((c) => ({
      ...c,
      groups: c.groups.map((g) => ({ ...g, ackTimeout: undefined, failure: undefined, limit: undefined, onCrash: 'release' as const })),
    }));
    fc.assert(
      fc.property(healthy, (c) => {
        const { records, groups } = run(c, 500);
        const appended = count(records, (r) => r.kind === 'appended');
        for (const { id, share } of groups) {
          const acked = count(records, (r) => r.kind === 'acked' && r.broker === share.queue.id);
          expect(acked + share.cursor.skipped).toBe(appended);
          expect(count(records, (r) => r.kind === 'skipped' && r.group === id)).toBe(share.cursor.skipped);
          expect(share.cursor.unread + share.queue.depth).toBe(0);
        }
      }),
      { numRuns: 100 },
    );
  });
});
