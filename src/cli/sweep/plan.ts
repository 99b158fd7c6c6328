import { CliError } from '../exit-codes';

/** One varied scenario field and the values it takes, in ascending order. */
export interface VaryAxis {
  /** An override path as `--set` takes it, e.g. `consumers[0].instances`. */
  readonly path: string;
  readonly values: readonly number[];
}

/** One combination of the varied values; `set` holds the matching `path=value` overrides. */
export interface SweepPoint {
  readonly index: number;
  readonly values: readonly number[];
  readonly set: readonly string[];
}

/** One simulation of the sweep: a point with one replication's seed. */
export interface SweepTask {
  readonly point: number;
  readonly replication: number;
  readonly seed: number;
  /** The base `--set` overrides followed by the point's own. */
  readonly set: readonly string[];
}

const VARY_EXAMPLE = 'e.g. --vary consumers[0].instances=2..10:2';
/** A sweep this large is almost surely a typo (a step of 0.0001 instead of 1). */
export const MAX_VALUES_PER_AXIS = 10_000;
export const MAX_POINTS = 100_000;

/**
 * Reads one `--vary path=from..to[:step]` flag. The step defaults to 1; `to` is included when the
 * steps land on it. Values are computed as `from + i·step` (not by repeated addition) and rounded to
 * 12 significant digits, so `0.1..0.3:0.1` gives 0.1, 0.2, 0.3 rather than 0.30000000000000004.
 */
export function parseVary(text: string): VaryAxis {
  const fail = (why: string): never => {
    throw new CliError([`--vary ${text}: ${why}; write it as path=from..to[:step], ${VARY_EXAMPLE}`]);
  };
  const eq = text.indexOf('=');
  if (eq <= 0) fail('missing "path="');
  const path = text.slice(0, eq).trim();
  const match = /^\s*([^.:\s][^:]*?)\.\.([^:]+?)(?::(.+))?\s*$/.exec(text.slice(eq + 1));
  if (match === null) return fail('the range must look like from..to or from..to:step');
  const from = readNumber(match[1]!, 'from', fail);
  const to = readNumber(match[2]!, 'to', fail);
  const step = match[3] === undefined ? 1 : readNumber(match[3], 'step', fail);
  if (!(step > 0)) fail(`the step must be greater than 0 (got ${step})`);
  if (to < from) fail(`"to" (${to}) must not be less than "from" (${from})`);
  // The small tolerance keeps `to` when floating point lands a hair past it (0.1..0.3:0.1).
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_VALUES_PER_AXIS) fail(`that is ${count} values; a sweep axis may have at most ${MAX_VALUES_PER_AXIS}`);
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(Number((from + i * step).toPrecision(12)));
  return { path, values };
}

function readNumber(raw: string, name: string, fail: (why: string) => never): number {
  const trimmed = raw.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  return Number.isFinite(value) ? value : fail(`"${name}" must be a number (got "${trimmed}")`);
}

/**
 * The cartesian product of the axes, the first axis varying slowest (like nested loops in the
 * order the flags were given), so point indices are stable for a given command line.
 */
export function planPoints(axes: readonly VaryAxis[]): SweepPoint[] {
  if (axes.length === 0) throw new CliError([`sweep: give at least one --vary flag, ${VARY_EXAMPLE}`]);
  const total = axes.reduce((n, axis) => n * axis.values.length, 1);
  if (total > MAX_POINTS) throw new CliError([`sweep: the --vary flags make ${total} points; a sweep may have at most ${MAX_POINTS}`]);
  const points: SweepPoint[] = [];
  for (let index = 0; index < total; index++) {
    const values: number[] = [];
    let rest = index;
    for (let a = axes.length - 1; a >= 0; a--) {
      const axis = axes[a]!;
      values[a] = axis.values[rest % axis.values.length]!;
      rest = Math.floor(rest / axis.values.length);
    }
    points.push({ index, values, set: axes.map((axis, a) => `${axis.path}=${values[a]}`) });
  }
  return points;
}

/**
 * Every (point, replication) pair, point-major. Replication r uses seed `baseSeed + r` at every point:
 * common random numbers, so differences between points come from the varied values, not from luck.
 */
export function planTasks(points: readonly SweepPoint[], replications: number, baseSeed: number, baseSet: readonly string[] = []): SweepTask[] {
  const tasks: SweepTask[] = [];
  for (const point of points) {
    for (let replication = 0; replication < replications; replication++) {
      tasks.push({ point: point.index, replication, seed: baseSeed + replication, set: [...baseSet, ...point.set] });
    }
  }
  return tasks;
}

/** One JSON line per task: the arguments of the equivalent `brokerlab run` (what `--plan` prints). */
export function formatPlan(tasks: readonly SweepTask[]): string {
  return tasks.map((t) => `${JSON.stringify({ point: t.point, replication: t.replication, seed: t.seed, set: t.set })}\n`).join('');
}
