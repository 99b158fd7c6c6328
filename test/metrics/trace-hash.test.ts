import { describe, expect, it } from 'vitest';
import { TraceHasher } from '../../src/metrics';
import type { TraceRecord } from '../../src/model';

const base: TraceRecord[] = [
  { kind: 'published', time: 0.5, message: 1, publishedAt: 0.5, producer: 'shop', broker: 'orders', group: '', consumer: '', reason: '', attempt: 0, partition: -1, offset: -1 },
  { kind: 'enqueued', time: 0.5, message: 1, publishedAt: 0.5, producer: 'shop', broker: 'orders', group: '', consumer: '', reason: '', attempt: 0, partition: -1, offset: -1 },
  { kind: 'delivered', time: 0.5, message: 1, publishedAt: 0.5, producer: 'shop', broker: 'orders', group: 'work', consumer: 'work#1', reason: '', attempt: 1, partition: -1, offset: -1 },
  { kind: 'acked', time: 2, message: 1, publishedAt: 0.5, producer: 'shop', broker: 'orders', group: 'work', consumer: 'work#1', reason: '', attempt: 1, partition: -1, offset: -1 },
];

function digest(records: readonly TraceRecord[]): string {
  const hasher = new TraceHasher();
  for (const r of records) hasher.observe(r);
  return hasher.digest();
}

describe('TraceHasher', () => {
  it('gives 16 hex digits, the same for the same records', () => {
    expect(digest(base)).toMatch(/^[0-9a-f]{16}$/);
    expect(digest(base.map((r) => ({ ...r })))).toBe(digest(base));
  });

  it.each<[string, Partial<TraceRecord>]>([
    ['kind', { kind: 'dropped' }],
    ['time by one ulp', { time: 2.0000000000000004 }],
    ['message', { message: 2 }],
    ['attempt', { attempt: 2, partition: -1, offset: -1 }],
    ['producer', { producer: 'shop2' }],
    ['broker', { broker: 'order' }],
    ['group', { group: 'worker' }],
    ['consumer', { consumer: 'work#2' }],
    ['reason', { reason: 'maxlen' }],
  ])('changes when one record changes its %s', (_field, change) => {
    const changed = base.map((r, i) => (i === 3 ? { ...r, ...change } : r));
    expect(digest(changed)).not.toBe(digest(base));
  });

  it('depends on the order of records and on which field holds a name', () => {
    expect(digest([base[1]!, base[0]!, base[2]!, base[3]!])).not.toBe(digest(base));
    const swapped = base.map((r, i) => (i === 2 ? { ...r, group: 'work#1', consumer: 'work' } : r));
    expect(digest(swapped)).not.toBe(digest(base));
  });

  it('gives the empty trace its own fingerprint', () => {
    expect(digest([])).not.toBe(digest(base.slice(0, 1)));
  });
});
