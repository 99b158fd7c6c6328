import type { ModelContext } from '../context';
import type { AlertMetric } from './metric';

/** One alerting rule, as a Prometheus rule: `metric > above` held for `for` seconds. */
export interface AlertRule {
  /** Unique name; the trace record's `reason` and the report entry's `name`. */
  name: string;
  metric: AlertMetric;
  /** The threshold: the condition is `value > above` (a finite number). */
  above: number;
  /** Seconds the condition must hold, from the first evaluation that saw it, before the alert fires (>= 0). */
  for: number;
  /** Seconds between evaluations (> 0); the first comes one interval after the monitor starts. */
  interval: number;
  /** The trace's `group` on this alert's records: the group watched, or '' for a broker alert. */
  group: string;
  /** The trace's `broker`: the broker watched, or the one the watched group reads. */
  broker: string;
}

/** Where one rule stands: inactive, pending since a time, or firing. */
interface RuleState {
  /** Time of the first evaluation of the current run of breaches; NaN while the condition is clear. */
  pendingSince: number;
  firing: boolean;
}

/** Slack on `now - pendingSince >= for`, so that e.g. 3 × 0.1 s counts as 0.3 s. */
const EPSILON = 1e-9;

/**
 * Evaluates alerting rules on virtual time, the way Prometheus does: every `interval` seconds a rule
 * reads its metric; the first evaluation that finds `value > above` makes the alert pending, and the
 * first evaluation at least `for` seconds after that fires it, if every evaluation in between found the
 * condition too (one clear evaluation resets it). A firing alert resolves at the first evaluation that
 * finds the condition clear. So an alert fires at the first evaluation at or after (first breaching
 * evaluation + for), and never between evaluations.
 *
 * Trace (kind `alert`, `message` 0): `reason` is the rule's name, `attempt` 1 when it fires and 0 when
 * it resolves (as Prometheus' ALERTS series), `offset` the value read at that evaluation, `broker` and
 * `group` what it watches. Pending and clear evaluations emit nothing.
 *
 * Cost: one event per rule per interval, whatever the message rate; no rules, no events.
 */
export class AlertMonitor {
  private readonly states: RuleState[];
  private started = false;
  private readonly onEvaluate = (index: number): void => this.evaluate(index);

  constructor(
    private readonly ctx: ModelContext,
    private readonly rules: readonly AlertRule[],
  ) {
    const names = new Set<string>();
    for (const rule of rules) {
      const at = `alert "${rule.name}"`;
      if (rule.name === '') throw new RangeError('an alert needs a non-empty name');
      if (names.has(rule.name)) throw new RangeError(`${at} is defined twice; alert names must be unique`);
      names.add(rule.name);
      if (!Number.isFinite(rule.above)) throw new RangeError(`${at}: above must be a finite number, got ${String(rule.above)}`);
      if (!(rule.for >= 0) || !Number.isFinite(rule.for)) throw new RangeError(`${at}: for must be a finite number of seconds >= 0, got ${String(rule.for)}`);
      if (!(rule.interval > 0) || !Number.isFinite(rule.interval)) throw new RangeError(`${at}: interval must be a finite number of seconds > 0, got ${String(rule.interval)}`);
    }
    this.states = rules.map(() => ({ pendingSince: NaN, firing: false }));
  }

  /** Starts every rule's metric and schedules its first evaluation one interval from now. Call once. */
  start(): void {
    if (this.started) throw new Error('the alert monitor was already started');
    this.started = true;
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i]!;
      rule.metric.start();
      this.ctx.sim.schedule(rule.interval, this.onEvaluate, i);
    }
  }

  private evaluate(index: number): void {
    const { sim, tracer } = this.ctx;
    const rule = this.rules[index]!;
    const state = this.states[index]!;
    const now = sim.now;
    sim.schedule(rule.interval, this.onEvaluate, index);
    const value = rule.metric.read();
    // NaN (nothing to read) compares false: it clears the condition, as in Prometheus.
    if (!(value > rule.above)) {
      state.pendingSince = NaN;
      if (state.firing) {
        state.firing = false;
        tracer.emitAlert(now, rule.broker, rule.group, rule.name, false, value);
      }
      return;
    }
    if (Number.isNaN(state.pendingSince)) state.pendingSince = now;
    if (!state.firing && now - state.pendingSince >= rule.for - EPSILON) {
      state.firing = true;
      tracer.emitAlert(now, rule.broker, rule.group, rule.name, true, value);
    }
  }
}
