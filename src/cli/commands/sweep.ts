import { readFileSync, writeFileSync } from 'node:fs';
import { CliError, ExitCode, type ExitCodeValue } from '../exit-codes';
import { formatQuantity } from '../format-number';
import type { CliIo } from '../io';
import { requireScenarioFile } from '../scenario-file';
import { formatSweepCsv, type SweepRow } from '../sweep/csv';
import { formatPlan, parseVary, planPoints, planTasks, type SweepTask } from '../sweep/plan';
import { defaultWorkerCount, runOnPool } from '../sweep/pool';
import { SweepProgress } from '../sweep/progress';
import { renderSweepPlot } from '../sweep/plot';
import { loadPoint, runPoint } from '../sweep/run-point';
import { summarize } from '../sweep/stats';
import { sweepWorkerEntry } from '../sweep/worker-entry';
import { findTarget, parseTarget, type Target } from '../sweep/target';
import { renderTable } from '../text-table';

export interface SweepCommandOptions {
  vary?: string[];
  /** Base overrides applied at every point, before the varied values. */
  set?: string[];
  metric?: string[];
  replications: string;
  seed?: string;
  out?: string;
  /** Also draw the first metric against the first --vary axis as an SVG file. */
  plot?: string;
  format: 'table' | 'json' | 'csv';
  workers?: string;
  plan?: boolean;
  target?: string;
  /** False with --no-progress. */
  progress?: boolean;
}

/**
 * `brokerlab sweep <file>`: runs the scenario at every combination of the `--vary` values, each
 * `--replications` times with seeds base+0, base+1, … (the same at every point), and prints per point
 * the mean and 95% CI of each metric. Exit 0 when done (and, with --target, when a point meets it),
 * 1 when no point meets the target, 2 on bad input.
 */
export async function sweepCommand(file: string, options: SweepCommandOptions, io: CliIo): Promise<ExitCodeValue> {
  const axes = (options.vary ?? []).map(parseVary);
  const points = planPoints(axes);
  const replications = wholeNumber('--replications', options.replications, 1);
  const target = options.target === undefined ? undefined : parseTarget(options.target);
  if (target !== undefined && axes.length !== 1) {
    throw new CliError([`--target: needs exactly one --vary parameter to search along (got ${axes.length})`]);
  }
  if (options.plot !== undefined && axes.length === 0) {
    throw new CliError(['--plot: needs a --vary parameter for the x axis']);
  }
  const metrics = [...(options.metric ?? [])];
  if (target !== undefined && !metrics.includes(target.metric)) metrics.push(target.metric);
  const baseSet = options.set ?? [];
  // Loading once checks the file and the base overrides, and gives the base seed.
  const base = requireScenarioFile(file, baseSet);
  const baseSeed = options.seed === undefined ? base.seed : wholeNumber('--seed', options.seed, 0);
  const tasks = planTasks(points, replications, baseSeed, baseSet);

  if (options.plan === true) {
    io.out(formatPlan(tasks));
    return ExitCode.Ok;
  }
  if (metrics.length === 0) throw new CliError(['sweep: give at least one --metric, e.g. --metric groups.fulfilment.endToEnd.p99']);
  const workers = options.workers === undefined ? defaultWorkerCount() : wholeNumber('--workers', options.workers, 1);

  const text = readFileSync(file, 'utf8');
  // The workers' code is bundled in esbuild's process while this thread checks the points.
  const entry = sweepWorkerEntry();
  // Every point's overrides are checked before any simulation, so a bad value fails fast and clearly.
  for (const point of points) loadPoint(file, text, [...baseSet, ...point.set]);
  const progress = io.errIsTTY && options.progress !== false ? new SweepProgress({ write: io.err, columns: io.errColumns }, () => performance.now()) : undefined;
  let values: number[][];
  try {
    values = await runAll(file, text, tasks, metrics, workers, entry, progress?.update);
  } finally {
    progress?.clear();
  }
  const rows: SweepRow[] = points.map((point) => ({
    point,
    metrics: metrics.map((_, m) => summarize(values.slice(point.index * replications, (point.index + 1) * replications).map((v) => v[m]!))),
  }));

  const csv = formatSweepCsv(axes, metrics, rows);
  if (options.out !== undefined) writeOut('--out', options.out, csv);
  if (options.plot !== undefined) writeOut('--plot', options.plot, renderSweepPlot({ axes, metrics, rows }));
  if (options.format === 'csv') io.out(csv);
  else if (options.format === 'json') io.out(`${JSON.stringify(rowsJson(axes.map((a) => a.path), metrics, rows), null, 2)}\n`);
  else io.out(formatTable(axes.map((a) => a.path), metrics, rows));

  if (target === undefined) return ExitCode.Ok;
  // The verdict is a sentence for people: beside a table on stdout, on stderr when stdout is data.
  const say = options.format === 'table' ? io.out : io.err;
  const found = reportTarget(target, axes[0]!.path, metrics.indexOf(target.metric), rows, say);
  return found ? ExitCode.Ok : ExitCode.Failed;
}

/**
 * Runs the first task here, so a bad override or metric path is reported at once rather than from
 * every worker; its result is kept (the same seed gives the same numbers on any thread).
 */
async function runAll(
  file: string,
  text: string,
  tasks: readonly SweepTask[],
  metrics: readonly string[],
  workers: number,
  entry: Promise<URL>,
  onProgress?: (done: number, total: number) => void,
): Promise<number[][]> {
  const first = tasks[0]!;
  const firstValues = runPoint(file, text, first.set, first.seed, metrics);
  onProgress?.(1, tasks.length);
  const rest = await runOnPool({ file, text, metrics }, tasks.slice(1), workers, await entry, onProgress && ((done) => onProgress(done + 1, tasks.length)));
  return [firstValues, ...rest];
}

function reportTarget(target: Target, path: string, metricIndex: number, rows: readonly SweepRow[], say: (text: string) => void): boolean {
  const result = findTarget(target, metricIndex, rows);
  const goal = `${target.metric} ${target.op} ${target.value}`;
  if (!result.found || result.summary === undefined) {
    say(`target ${goal}: not met at any ${path} in the sweep\n`);
    return false;
  }
  const s = result.summary;
  const ci = Number.isNaN(s.ci95Low) ? 'no CI with one replication' : `95% CI ${formatQuantity(s.ci95Low)}..${formatQuantity(s.ci95High)}`;
  const verdict = result.ciMeets ? 'the whole CI meets the target' : 'the CI does not wholly meet the target';
  say(`target ${goal}: smallest ${path} = ${result.value} (mean ${formatQuantity(s.mean)}, ${ci}; ${verdict})\n`);
  return true;
}

function formatTable(paths: readonly string[], metrics: readonly string[], rows: readonly SweepRow[]): string {
  const columns = [
    ...paths.map((header) => ({ header, align: 'right' as const })),
    ...metrics.flatMap((m) => [
      { header: `${m} mean`, align: 'right' as const },
      { header: 'ci95 low', align: 'right' as const },
      { header: 'ci95 high', align: 'right' as const },
    ]),
  ];
  const cells = rows.map((row) => [
    ...row.point.values.map(String),
    ...row.metrics.flatMap((s) => [s.mean, s.ci95Low, s.ci95High].map((x) => (Number.isNaN(x) ? '-' : formatQuantity(x)))),
  ]);
  return `${renderTable(columns, cells).join('\n')}\n`;
}

function rowsJson(paths: readonly string[], metrics: readonly string[], rows: readonly SweepRow[]): unknown {
  return rows.map((row) => ({
    point: row.point.index,
    values: Object.fromEntries(paths.map((p, i) => [p, row.point.values[i]])),
    metrics: Object.fromEntries(
      metrics.map((m, i) => {
        const s = row.metrics[i]!;
        return [m, { n: s.n, mean: s.mean, ci95: Number.isNaN(s.ci95Low) ? null : [s.ci95Low, s.ci95High] }];
      }),
    ),
  }));
}

function wholeNumber(flag: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new CliError([`${flag} ${raw}: must be a whole number >= ${min}`]);
  return value;
}

function writeOut(flag: '--out' | '--plot', path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    const what = flag === '--out' ? 'the CSV file' : 'the SVG plot';
    throw new CliError([`${flag} ${path}: cannot write ${what}: ${error instanceof Error ? error.message : String(error)}`]);
  }
}
