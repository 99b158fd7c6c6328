import { describe, expect, it } from 'vitest';
import { GroupOffsets } from '../../../src/model/stream';

describe('group offsets', () => {
  it('numbers attempts per offset and names the cause of the last rewind on repeats', () => {
    const o = new GroupOffsets(1);
    o.begin(0, 0, 0);
    const seen = (offset: number): string => `${o.deliver(0, offset)}${o.reason}`;
    expect([seen(0), seen(1)]).toEqual(['1', '1']);
    o.position[0] = 2;
    o.rewind(0, 'crash');
    expect([seen(0), seen(1), seen(2)]).toEqual(['2crash', '2crash', '1']);
    o.position[0] = 3;
    o.rewind(0, 'rebalance');
    expect(seen(0)).toBe('3rebalance');
  });

  it('counts a forward reset as skipping what was not processed, and hands never-delivered records out as attempt 1 replays', () => {
    const o = new GroupOffsets(1);
    o.begin(0, 0, 0);
    o.deliver(0, 0);
    o.acked(0, 0);
    o.deliver(0, 1); // in progress, never acked
    expect(o.resetTo(0, 5, 0, 'replay')).toBe(1); // skips [1, 5)
    expect(o.unreadFrom(0, 0)).toBe(5);
    expect(o.resetTo(0, 0, 0, 'replay')).toBe(0); // backwards: nothing skipped
    const seen = (offset: number): string => `${o.deliver(0, offset)}${o.reason}`;
    expect([0, 1, 2, 3, 4, 5].map(seen)).toEqual(['2replay', '2replay', '1replay', '1replay', '1replay', '1']);
  });

  it('commits only forward, and an out-of-range seek moves the position but not the committed offset', () => {
    const o = new GroupOffsets(1);
    o.begin(0, 3, 0);
    expect([o.commit(0, 2), o.commit(0, 3), o.commit(0, 4)]).toEqual([false, false, true]);
    o.seekTo(0, 10, 10);
    expect([o.position[0], o.committed[0]]).toEqual([10, 4]);
  });
});
