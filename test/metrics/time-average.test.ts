import { describe, expect, it } from 'vitest';
import { TimeWeightedLevel } from '../../src/metrics';

describe('TimeWeightedLevel', () => {
  it('integrates a step function exactly', () => {
    const level = new TimeWeightedLevel();
    level.add(1, 2); // 0 on [0,1), 2 on [1,3)
    level.add(3, 1); // 3 on [3,4)
    level.add(4, -3); // 0 after
    expect(level.areaUntil(10)).toBe(7);
    expect(level.meanUntil(10)).toBe(0.7);
    expect(level.current).toBe(0);
    expect(level.max).toBe(3);
  });

  it('does not count a level that lasted no time towards the maximum', () => {
    const level = new TimeWeightedLevel();
    level.add(1, 1);
    level.add(1, -1); // handed straight on: never really held
    level.add(2, 1);
    level.add(2, 1);
    level.add(2, -1); // 2 only for an instant, then 1 on [2,3)
    level.add(3, -1);
    expect(level.max).toBe(1);
  });

  it('counts the current level towards the maximum, however recent', () => {
    const level = new TimeWeightedLevel();
    level.add(5, 4);
    expect(level.max).toBe(4);
  });

  it('reports the current level as the mean of an empty interval', () => {
    const level = new TimeWeightedLevel();
    expect(level.meanUntil(0)).toBe(0);
  });
});
