import { describe, expect, it } from 'vitest';
import { KeyState, type OrderingRemedy } from '../../../src/model';

type Update = [keyId: number, version: number, publishedAt: number];

function outcomes(remedy: OrderingRemedy, updates: readonly Update[]): string[] {
  const state = new KeyState(remedy);
  return updates.map(([key, version, at]) => state.apply(key, version, at));
}

describe('KeyState', () => {
  it('with remedy none applies every update, marking one older than the current version out-of-order', () => {
    expect(
      outcomes('none', [
        [0, 1, 1],
        [0, 3, 3],
        [0, 2, 2],
        [0, 4, 4],
      ]),
    ).toEqual(['in-order', 'in-order', 'out-of-order', 'in-order']);
  });

  it('with remedy none an out-of-order update becomes the current version: the next older one is in order again', () => {
    // After 3 then 1, the state is version 1, so 2 counts as in order.
    expect(
      outcomes('none', [
        [0, 3, 3],
        [0, 1, 1],
        [0, 2, 2],
      ]),
    ).toEqual(['in-order', 'out-of-order', 'in-order']);
  });

  it('with remedy reject-older skips an update older than the current version as stale, and the state keeps the newer one', () => {
    expect(
      outcomes('reject-older', [
        [0, 3, 3],
        [0, 1, 1],
        [0, 2, 2],
        [0, 4, 4],
      ]),
    ).toEqual(['in-order', 'stale', 'stale', 'in-order']);
  });

  it('with remedy reject-older applies a redelivery of the current version (not older)', () => {
    expect(
      outcomes('reject-older', [
        [0, 2, 2],
        [0, 2, 2],
      ]),
    ).toEqual(['in-order', 'in-order']);
  });

  it('with remedy last-write-wins skips an update published before the current one, by publish time not version', () => {
    expect(
      outcomes('last-write-wins', [
        [0, 2, 5],
        [0, 1, 3], // published earlier: stale
        [0, 1, 6], // an older version published later wins, applied out of order
        [0, 3, 6], // same publish time as the state: applied
      ]),
    ).toEqual(['in-order', 'stale', 'out-of-order', 'in-order']);
  });

  it('keeps each key’s state separately, also for key ids beyond its initial capacity', () => {
    expect(
      outcomes('reject-older', [
        [0, 5, 5],
        [1, 1, 1],
        [500, 2, 2],
        [500, 1, 1],
        [0, 4, 4],
        [1, 2, 2],
      ]),
    ).toEqual(['in-order', 'in-order', 'in-order', 'stale', 'stale', 'in-order']);
  });

  it('refuses an unknown remedy, naming the option and the valid ones', () => {
    expect(() => new KeyState('newest' as never)).toThrow(new RangeError('ordering.remedy must be one of none, reject-older, last-write-wins, got "newest"'));
  });
});
