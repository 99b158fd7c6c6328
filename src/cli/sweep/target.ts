import { CliError } from '../exit-codes';
import type { SweepRow } from './csv';
import type { Summary } from './stats';

export type TargetOp = '<' | '<=' | '>' | '>=';

/** A `--target '<metric> <op> <value>'` goal, e.g. `groups.fulfilment.endToEnd.p99 < 0.5`. */
export interface Target {
  readonly metric: string;
  readonly op: TargetOp;
  readonly value: number;
}

export function parseTarget(text: string): Target {
  const match = /^\s*(\S+)\s*(<=|>=|<|>)\s*(\S+)\s*$/.exec(text);
  const value = match === null ? Number.NaN : Number(match[3]);
  if (match === null || !Number.isFinite(value)) {
    throw new CliError([`--target ${text}: write it as '<metric> <op> <number>' with op one of < <= > >=, e.g. --target 'groups.fulfilment.endToEnd.p99 < 0.5'`]);
  }
  return { metric: match[1]!, op: match[2] as TargetOp, value };
}

export function meets(target: Target, x: number): boolean {
  switch (target.op) {
    case '<':
      return x < target.value;
    case '<=':
      return x <= target.value;
    case '>':
      return x > target.value;
    case '>=':
      return x >= target.value;
  }
}

/** The answer to "which smallest value of the varied parameter meets the target?". */
export interface TargetResult {
  readonly found: boolean;
  /** The smallest value whose mean meets the target, with its summary, when found. */
  readonly value?: number;
  readonly summary?: Summary;
  /** True when the whole 95% CI meets the target, not only the mean (false with one replication). */
  readonly ciMeets: boolean;
}

/** Looks through rows of a one-parameter sweep for the smallest varied value whose mean meets the target. */
export function findTarget(target: Target, metricIndex: number, rows: readonly SweepRow[]): TargetResult {
  let best: { value: number; summary: Summary } | undefined;
  for (const row of rows) {
    const summary = row.metrics[metricIndex]!;
    const value = row.point.values[0]!;
    if (meets(target, summary.mean) && (best === undefined || value < best.value)) best = { value, summary };
  }
  if (best === undefined) return { found: false, ciMeets: false };
  const ciMeets = meets(target, best.summary.ci95Low) && meets(target, best.summary.ci95High);
  return { found: true, value: best.value, summary: best.summary, ciMeets };
}
