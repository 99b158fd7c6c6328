import type { ModelContext } from '../context';
import { desiredInstances, type ScalingRule } from './desired-instances';
import type { ScalingMetric } from './metric';

/** What an autoscaler drives: a ConsumerGroup or a StreamGroup. */
export interface ScalableGroup {
  readonly id: string;
  /** Instances that exist (not scaled in): running, crashed or cold-starting. */
  readonly instanceCount: number;
  /** Scales to `count`; instances added take work only `coldStart` seconds later. */
  scaleTo(count: number, coldStart: number): void;
}

/** A change of an autoscaler (Autoscaler.reconfigure): each field left out keeps its value. */
export interface AutoscalerChange {
  /** false pauses evaluations (the count stays), true resumes them. */
  enabled?: boolean | undefined;
  target?: number | undefined;
  minInstances?: number | undefined;
  maxInstances?: number | undefined;
}

export interface AutoscalerOptions {
  /** The broker the group reads (the trace's `broker` on `autoscaled` records). */
  broker: string;
  metric: ScalingMetric;
  /** The metric value wanted: per instance for depth and lag, for the group for utilization and lag-seconds. > 0. */
  target: number;
  /** Whole number >= 0 (>= 1 for utilization and lag-seconds, which cannot wake an empty group). */
  minInstances: number;
  /** Whole number >= max(1, minInstances). */
  maxInstances: number;
  /** Seconds between evaluations (> 0; HPA's sync period is 15 s, KEDA's pollingInterval 30 s). */
  interval: number;
  /** Seconds after a scale action before the count may go down (>= 0; HPA and KEDA: 300 s). */
  cooldown: number;
  /** Seconds a new instance takes before it takes work (>= 0). */
  coldStart: number;
  /** Relative change below which the count is kept, in [0, 1) (HPA: 0.1). */
  tolerance: number;
  /** Most instances added (removed) per evaluation; undefined for no limit. Whole numbers >= 1. */
  maxStepOut?: number | undefined;
  maxStepIn?: number | undefined;
}

/**
 * A horizontal autoscaler for one consumer group, modelled on Kubernetes' HPA driven by KEDA: every
 * `interval` seconds it reads its metric and sets the group's instance count by the rule in
 * desiredInstances (proportional to the reading over the target, within [min, max] and step limits,
 * scale-in held back by the cooldown). Scaling out is immediate but each new instance takes
 * `coldStart` seconds before it takes work; it counts (and costs) from the moment it is asked for,
 * so the autoscaler does not ask for it again while it warms up.
 *
 * Trace: `autoscaled` (reason 'out' or 'in', attempt = the new count, offset = the reading) before
 * the group's per-instance `scaled` records. Evaluations that keep the count emit nothing.
 */
export class Autoscaler {
  private rule: ScalingRule;
  private lastScaleAt = -Infinity;
  private started = false;
  /** Whether evaluations run (see reconfigure). */
  private enabled = true;
  /** The pending evaluation, or -1 while paused. */
  private evaluation = -1;
  private readonly onEvaluate = (): void => this.evaluate();

  constructor(
    private readonly ctx: ModelContext,
    private readonly group: ScalableGroup,
    private readonly options: AutoscalerOptions,
  ) {
    const o = options;
    const name = `group ${group.id}: autoscale`;
    checkBounds(name, o.metric, o.target, o.minInstances, o.maxInstances);
    if (!(o.interval > 0) || !Number.isFinite(o.interval)) throw new RangeError(`${name}.interval must be a finite number of seconds > 0, got ${String(o.interval)}`);
    for (const key of ['cooldown', 'coldStart'] as const) {
      if (!(o[key] >= 0) || !Number.isFinite(o[key])) throw new RangeError(`${name}.${key} must be a finite number of seconds >= 0, got ${String(o[key])}`);
    }
    if (!(o.tolerance >= 0 && o.tolerance < 1)) throw new RangeError(`${name}.tolerance must be in [0, 1), got ${String(o.tolerance)}`);
    if (o.maxStepOut !== undefined) checkWhole(`${name}.maxStepOut`, o.maxStepOut, 1);
    if (o.maxStepIn !== undefined) checkWhole(`${name}.maxStepIn`, o.maxStepIn, 1);
    this.rule = {
      targetType: o.metric.targetType,
      target: o.target,
      minInstances: o.minInstances,
      maxInstances: o.maxInstances,
      cooldown: o.cooldown,
      tolerance: o.tolerance,
      maxStepOut: o.maxStepOut ?? Infinity,
      maxStepIn: o.maxStepIn ?? Infinity,
    };
  }

  /** Starts reading the metric and schedules the first evaluation one interval from now. Call once, after the group started. */
  start(): void {
    if (this.started) throw new Error(`autoscaler of group ${this.group.id} was already started`);
    this.started = true;
    this.options.metric.start();
    if (this.enabled) this.evaluation = this.ctx.sim.schedule(this.options.interval, this.onEvaluate);
  }

  /** Whether it evaluates (see reconfigure). */
  get isEnabled(): boolean {
    return this.enabled;
  }

  /**
   * Changes the autoscaler from now on (a timeline action, or a live change from the lab); a field
   * left out keeps its value.
   * - enabled false pauses it: it does not evaluate, so the instance count stays where it is (a scale
   *   action or a crash still changes the group). true resumes it: what its metric gathered during the
   *   pause is dropped and it evaluates one interval later; the cooldown still counts from its last
   *   scale action.
   * - target, minInstances, maxInstances apply at the next evaluation, which also brings a count
   *   outside a new range back into it.
   * Emits a `policy` record (reason 'set-autoscale'). A bad value throws a RangeError as the
   * constructor does, and then nothing changes.
   */
  reconfigure(change: AutoscalerChange): void {
    const { sim, tracer } = this.ctx;
    const target = change.target ?? this.rule.target;
    const minInstances = change.minInstances ?? this.rule.minInstances;
    const maxInstances = change.maxInstances ?? this.rule.maxInstances;
    checkBounds(`group ${this.group.id}: autoscale`, this.options.metric, target, minInstances, maxInstances);
    tracer.emitPolicy(sim.now, 'set-autoscale', this.options.broker, this.group.id, '');
    this.rule = { ...this.rule, target, minInstances, maxInstances };
    const enabled = change.enabled ?? this.enabled;
    if (enabled === this.enabled) return;
    this.enabled = enabled;
    if (!this.started) return;
    if (!enabled) {
      sim.cancel(this.evaluation);
      this.evaluation = -1;
      return;
    }
    this.options.metric.read();
    this.evaluation = sim.schedule(this.options.interval, this.onEvaluate);
  }

  private evaluate(): void {
    const { sim, tracer } = this.ctx;
    const now = sim.now;
    this.evaluation = sim.schedule(this.options.interval, this.onEvaluate);
    const reading = this.options.metric.read();
    if (Number.isNaN(reading)) return;
    const current = this.group.instanceCount;
    const desired = desiredInstances(this.rule, current, reading, now - this.lastScaleAt);
    if (desired === current) return;
    this.lastScaleAt = now;
    const out = desired > current;
    tracer.emitAutoscaled(now, this.options.broker, this.group.id, out ? 'out' : 'in', desired, reading);
    this.group.scaleTo(desired, out ? this.options.coldStart : 0);
  }
}

/** The target and the instance range, checked as the constructor and setRule need them. */
function checkBounds(name: string, metric: ScalingMetric, target: number, minInstances: number, maxInstances: number): void {
  if (!(target > 0) || !Number.isFinite(target)) throw new RangeError(`${name}.target must be a finite number > 0, got ${String(target)}`);
  checkWhole(`${name}.minInstances`, minInstances, metric.targetType === 'value' ? 1 : 0);
  checkWhole(`${name}.maxInstances`, maxInstances, Math.max(1, minInstances));
}

function checkWhole(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be a whole number >= ${min}, got ${String(value)}`);
}
