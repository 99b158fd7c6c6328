import { describe, expect, it } from 'vitest';
import { desiredInstances, type ScalingRule } from '../../../src/model';

const depthRule: ScalingRule = {
  targetType: 'average-value',
  target: 20,
  minInstances: 1,
  maxInstances: 10,
  cooldown: 300,
  tolerance: 0.1,
  maxStepOut: Infinity,
  maxStepIn: Infinity,
};
const utilizationRule: ScalingRule = { ...depthRule, targetType: 'value', target: 0.6 };
const NO_RECENT_ACTION = Infinity;

describe('desiredInstances (the HPA rule)', () => {
  it('asks for ceil(depth / target) instances on a depth target: 95 ready messages at 20 per instance give 5', () => {
    expect(desiredInstances(depthRule, 2, 95, NO_RECENT_ACTION)).toBe(5);
  });

  it('asks for exactly depth / target when it divides evenly (100 / 20 = 5, not 6)', () => {
    expect(desiredInstances(depthRule, 1, 100, NO_RECENT_ACTION)).toBe(5);
  });

  it('keeps the count while the change is within the tolerance: 104 messages over 5 instances is 4 % above target', () => {
    expect(desiredInstances(depthRule, 5, 104, NO_RECENT_ACTION)).toBe(5);
    expect(desiredInstances(depthRule, 5, 111, NO_RECENT_ACTION)).toBe(6);
  });

  it('scales a utilisation target in proportion: 4 instances at 90 % busy with a 60 % target give ceil(4 × 1.5) = 6', () => {
    expect(desiredInstances(utilizationRule, 4, 0.9, NO_RECENT_ACTION)).toBe(6);
  });

  it('does not round a proportional count up because of floating-point error (3 × 0.7 / 0.7 stays 3)', () => {
    expect(desiredInstances({ ...utilizationRule, target: 0.7, tolerance: 0 }, 3, 0.7, NO_RECENT_ACTION)).toBe(3);
  });

  it('clamps to maxInstances and to minInstances', () => {
    expect(desiredInstances(depthRule, 2, 10_000, NO_RECENT_ACTION)).toBe(10);
    expect(desiredInstances(depthRule, 4, 0, NO_RECENT_ACTION)).toBe(1);
  });

  it('holds a scale-in back until the cooldown since the last action is over, but never a scale-out', () => {
    expect(desiredInstances(depthRule, 4, 0, 299)).toBe(4);
    expect(desiredInstances(depthRule, 4, 0, 300)).toBe(1);
    expect(desiredInstances(depthRule, 4, 200, 1)).toBe(10);
  });

  it('scales in during the cooldown when the count is above maxInstances (a manual scale went too far)', () => {
    expect(desiredInstances(depthRule, 14, 0, 1)).toBe(10);
  });

  it('limits each step to maxStepOut added and maxStepIn removed', () => {
    const stepped = { ...depthRule, maxStepOut: 2, maxStepIn: 1 };
    expect(desiredInstances(stepped, 2, 10_000, NO_RECENT_ACTION)).toBe(4);
    expect(desiredInstances(stepped, 6, 0, NO_RECENT_ACTION)).toBe(5);
  });

  it('wakes a group scaled to zero on a depth target, but a utilisation target cannot (0 × anything is 0)', () => {
    const toZero = { ...depthRule, minInstances: 0 };
    expect(desiredInstances(toZero, 0, 1, NO_RECENT_ACTION)).toBe(1);
    expect(desiredInstances(toZero, 0, 0, NO_RECENT_ACTION)).toBe(0);
    expect(desiredInstances({ ...utilizationRule, minInstances: 0 }, 0, 1, NO_RECENT_ACTION)).toBe(0);
  });
});
