import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartitionLog, type RetentionOptions } from '../../../src/model/stream';

/**
 * Random operation sequences against a plain-array model of the same log. The model keeps every entry
 * ever appended and recomputes, the simple way, what retention must keep.
 */

type Op =
  | { kind: 'append'; gap: number; size: number; key: number }
  | { kind: 'enforce'; wait: number }
  | { kind: 'truncate'; back: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('append' as const), gap: fc.constantFrom(0, 0.25, 0.5, 1, 3), size: fc.integer({ min: 0, max: 40 }), key: fc.integer({ min: -1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('enforce' as const), wait: fc.constantFrom(0, 0.5, 1, 2, 10) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), back: fc.integer({ min: 0, max: 6 }) }) },
);

const preciseRetention: fc.Arbitrary<RetentionOptions> = fc.record(
  { retentionSeconds: fc.constantFrom(0, 1, 2.5, 8), retentionBytes: fc.integer({ min: 0, max: 200 }), maxEntries: fc.integer({ min: 0, max: 20 }) },
  { requiredKeys: [] },
);

const segmentedRetention: fc.Arbitrary<RetentionOptions> = fc
  .record(
    {
      retentionSeconds: fc.constantFrom(0, 1, 2.5, 8),
      retentionBytes: fc.integer({ min: 0, max: 200 }),
      maxEntries: fc.integer({ min: 0, max: 20 }),
      segmentBytes: fc.integer({ min: 1, max: 100 }),
      segmentSeconds: fc.constantFrom(0.5, 1, 4),
    },
    { requiredKeys: [] },
  )
  .filter((r) => r.segmentBytes !== undefined || r.segmentSeconds !== undefined);

interface Entry {
  id: number;
  time: number;
  size: number;
  key: string;
}

const KEYS = ['alpha', 'beta', 'gamma', 'delta'];

/** The model's segment bases: where each segment starts, by Kafka's rolling rule. */
function rollSegments(entries: readonly Entry[], r: RetentionOptions): number[] {
  const bases: number[] = [];
  let bytes = 0;
  let first = 0;
  entries.forEach((e, offset) => {
    const rolls =
      bases.length === 0 || bytes + e.size > (r.segmentBytes ?? Infinity) || e.time - first > (r.segmentSeconds ?? Infinity);
    if (rolls) {
      bases.push(offset);
      bytes = 0;
      first = e.time;
    }
    bytes += e.size;
  });
  return bases;
}

const sum = (entries: readonly Entry[], from: number, to: number): number => entries.slice(from, to).reduce((s, e) => s + e.size, 0);

/** What the start must be after enforcing at `now`, computed from the definitions. */
function expectedStart(entries: readonly Entry[], start: number, now: number, r: RetentionOptions): number {
  const end = entries.length;
  const age = r.retentionSeconds ?? Infinity;
  const maxBytes = r.retentionBytes ?? Infinity;
  const maxEntries = r.maxEntries ?? Infinity;
  if (r.segmentBytes === undefined && r.segmentSeconds === undefined) {
    let target = start;
    while (target < end && entries[target]!.time + age <= now) target++;
    target = Math.max(target, end - maxEntries);
    while (target < end && sum(entries, target, end) > maxBytes) target++;
    return target;
  }
  // Whole closed segments, oldest first, while one of Kafka's (or Redis ~'s) rules allows.
  const bases = rollSegments(entries, r).filter((b, i, all) => (all[i + 1] ?? end) > start);
  let target = start;
  for (let i = 0; i + 1 < bases.length; i++) {
    const next = bases[i + 1]!;
    const expired = entries[next - 1]!.time + age <= now;
    const bySize = sum(entries, next, end) >= maxBytes;
    const byCount = end - next >= maxEntries;
    if (!(expired || bySize || byCount)) break;
    target = next;
  }
  return target;
}

function check(retention: fc.Arbitrary<RetentionOptions>) {
  return fc.property(retention, fc.array(op, { maxLength: 120 }), fc.constantFrom(16, 32), (r, ops, chunkEntries) => {
    const log = new PartitionLog({ name: 'prop', retention: r, chunkEntries });
    const entries: Entry[] = [];
    let now = 0;
    let lastStart = 0;
    for (const o of ops) {
      if (o.kind === 'append') {
        now += o.gap;
        const entry = { id: 1000 + entries.length, time: now, size: o.size, key: o.key < 0 ? '' : KEYS[o.key]! };
        const offset = log.append({ id: entry.id, size: entry.size, key: entry.key, producer: 'p', type: 't' }, now);
        expect(offset).toBe(entries.length); // offsets are 0, 1, 2, … : strictly increasing, no gaps
        entries.push(entry);
      } else if (o.kind === 'enforce') {
        now += o.wait;
        const before = log.startOffset;
        const target = expectedStart(entries, before, now, r);
        expect(log.enforceRetention(now)).toBe(target - before);
        expect(log.startOffset).toBe(target);
        expect(log.enforceRetention(now)).toBe(0); // nothing more is due at the same instant
        const next = log.nextRetentionTime();
        if (next !== Infinity && next > now) {
          // Nothing expires before the announced time; something does at it.
          expect(log.retentionTarget(next - 1e-9)).toBe(log.startOffset);
          if (r.retentionSeconds !== undefined) expect(log.retentionTarget(next)).toBeGreaterThan(log.startOffset);
        }
      } else {
        const offset = Math.max(0, log.endOffset - o.back);
        log.truncateBefore(offset);
        expect(log.startOffset).toBe(Math.max(lastStart, offset));
      }
      // The start never moves back; appended = deleted + retained; every retained entry reads back as appended.
      expect(log.startOffset).toBeGreaterThanOrEqual(lastStart);
      lastStart = log.startOffset;
      expect(log.endOffset).toBe(entries.length);
      expect(log.deletedEntries + log.retainedEntries).toBe(entries.length);
      expect(log.retainedBytes).toBe(sum(entries, log.startOffset, entries.length));
      for (let offset = log.startOffset; offset < log.endOffset; offset++) {
        const e = entries[offset]!;
        expect([log.idAt(offset), log.timeAt(offset), log.sizeAt(offset), log.keyAt(offset)]).toEqual([e.id, e.time, e.size, e.key]);
      }
      if (log.startOffset > 0) expect(() => log.idAt(log.startOffset - 1)).toThrow('deleted by retention');
      // Memory: at most the chunks spanning the retained range plus one spare.
      expect(log.allocatedEntries).toBeLessThanOrEqual(log.retainedEntries + 3 * chunkEntries);
    }
  });
}

describe('PartitionLog properties (against a plain-array model)', () => {
  it('with exact trimming, keeps exactly what the age, size and count limits allow, and reads back every retained entry', () => {
    fc.assert(check(preciseRetention), { numRuns: 300 });
  });

  it('with segments, deletes whole closed segments by Kafka’s rules, never the active one, and reads back every retained entry', () => {
    fc.assert(check(segmentedRetention), { numRuns: 300 });
  });

  it('with segments, holds segment bounds that tile the retained range, the active segment last', () => {
    fc.assert(
      fc.property(segmentedRetention, fc.array(op, { maxLength: 80 }), (r, ops) => {
        const log = new PartitionLog({ name: 'prop', retention: r, chunkEntries: 16 });
        let now = 0;
        let id = 0;
        for (const o of ops) {
          if (o.kind === 'append') log.append({ id: id++, size: o.size, key: '', producer: 'p', type: 't' }, (now += o.gap));
          else if (o.kind === 'enforce') log.enforceRetention((now += o.wait));
          else log.truncateBefore(Math.max(0, log.endOffset - o.back));
          if (log.endOffset === 0) continue;
          const n = log.segmentCount;
          expect(n).toBeGreaterThanOrEqual(1);
          expect(log.segmentBaseAt(0)).toBeLessThanOrEqual(log.startOffset);
          expect(log.segmentEndAt(n - 1)).toBe(log.endOffset);
          let bytes = 0;
          for (let i = 0; i < n; i++) {
            if (i > 0) expect(log.segmentBaseAt(i)).toBe(log.segmentEndAt(i - 1));
            if (i < n - 1) expect(log.segmentEndAt(i)).toBeGreaterThan(Math.max(log.segmentBaseAt(i), log.startOffset));
            bytes += log.segmentBytesAt(i);
          }
          expect(bytes).toBe(log.retainedBytes);
        }
      }),
      { numRuns: 300 },
    );
  });
});
