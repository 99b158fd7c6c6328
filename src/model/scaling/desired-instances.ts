import type { TargetType } from './metric';

/** The part of an autoscaler's configuration that decides a count (see AutoscalerOptions). */
export interface ScalingRule {
  targetType: TargetType;
  /** The metric value wanted: per instance for 'average-value', for the group for 'value'. > 0. */
  target: number;
  minInstances: number;
  maxInstances: number;
  /** Seconds after a scale action during which the count does not go down. */
  cooldown: number;
  /** No change while current × reading / target is within this fraction of current (HPA: 0.1). */
  tolerance: number;
  /** Most instances one evaluation adds; Infinity for no limit. */
  maxStepOut: number;
  /** Most instances one evaluation removes; Infinity for no limit. */
  maxStepIn: number;
}

/** Floating-point slack so that, e.g., 3 × 0.7 / 0.7 counts as 3, not 3.0000000000000004 → 4. */
const EPSILON = 1e-9;

/**
 * The instance count an autoscaler asks for, given `current` instances, the metric `reading`, and
 * the seconds since its last scale action (Infinity if none):
 * 1. HPA's rule: ratio = reading / (target × current) for 'average-value' (so desired = ⌈reading /
 *    target⌉), reading / target for 'value'; desired = ⌈current × ratio⌉, unless |ratio − 1| ≤ tolerance.
 *    From zero instances an 'average-value' metric wakes the group (⌈reading / target⌉); a 'value'
 *    metric cannot (0 × anything is 0), which is why validation asks minInstances ≥ 1 for those.
 * 2. The step limits, then [minInstances, maxInstances].
 * 3. Scaling in waits until `cooldown` seconds after the last action, except to get back under maxInstances.
 */
export function desiredInstances(rule: ScalingRule, current: number, reading: number, sinceLastScale: number): number {
  let desired = current;
  if (rule.targetType === 'average-value') {
    const proposed = Math.ceil(reading / rule.target - EPSILON);
    if (current === 0 || Math.abs(reading / (rule.target * current) - 1) > rule.tolerance) desired = proposed;
  } else if (current > 0) {
    const ratio = reading / rule.target;
    if (Math.abs(ratio - 1) > rule.tolerance) desired = Math.ceil(current * ratio - EPSILON);
  }
  desired = Math.max(0, Math.min(desired, current + rule.maxStepOut), current - rule.maxStepIn);
  desired = Math.min(Math.max(desired, rule.minInstances), rule.maxInstances);
  if (desired < current && sinceLastScale < rule.cooldown) desired = Math.min(current, rule.maxInstances);
  return desired;
}
