import { BudgetExceededError } from '../../engine';
import type { RunReport } from '../../metrics';
import { Run } from '../../runtime';
import { CliError, ExitCode, type ExitCodeValue } from '../exit-codes';
import { formatReportTable } from '../format-table';
import { formatExpectationLines } from '../format-expectations';
import { evaluateExpectations } from '../../scenario';
import type { CliIo } from '../io';
import { runToEnd } from '../progress';
import { requireScenarioFile } from '../scenario-file';
import { NdjsonTraceWriter } from '../trace-writer';

export type ReportFormat = 'table' | 'json';

export interface RunCommandOptions {
  /** Replaces the scenario's seed; validated like the file's `seed` (it becomes the override `seed=N`). */
  seed?: string;
  /** Replaces the scenario's duration; validated like the file's `duration`. */
  duration?: string;
  /** `path=value` overrides, applied in order. */
  set?: string[];
  format: ReportFormat;
  /** Write every trace record to this file as NDJSON. */
  trace?: string;
  /** Keep the depth time series in the JSON report (it is left out by default: it is bulky). */
  series?: boolean;
  /** False with --no-progress. */
  progress: boolean;
  /** Apply this named variant of the scenario (before the --set overrides). */
  variant?: string;
}

/**
 * `brokerlab run <file>`: loads the scenario with the overrides, runs it to its end and prints the
 * report. Exit 0 when every invariant holds, 1 when one fails or a budget stops the run, 2 on bad input.
 */
export function runCommand(file: string, options: RunCommandOptions, io: CliIo): ExitCodeValue {
  const scenario = requireScenarioFile(file, overridesFrom(options), options.variant);
  const trace = options.trace !== undefined ? openTrace(options.trace) : undefined;
  const clock = (): number => performance.now();
  let report: RunReport;
  try {
    const run = new Run(scenario, { wallClock: clock, ...(trace ? { onTrace: trace.write } : {}) });
    const terminal = io.errIsTTY && options.progress ? { write: io.err, columns: io.errColumns } : undefined;
    runToEnd(run, { clock, ...(terminal ? { terminal } : {}) });
    report = run.report();
  } catch (error) {
    if (error instanceof BudgetExceededError) {
      throw new CliError([`${file}: stopped: ${error.message}`], ExitCode.Failed);
    }
    throw error;
  } finally {
    trace?.close();
  }

  const expectations = evaluateExpectations(scenario.expect, report, options.variant);
  if (options.format === 'json') {
    const extra = {
      ...(options.variant !== undefined ? { variant: options.variant } : {}),
      ...(expectations.length > 0 ? { expectations } : {}),
    };
    io.out(formatReportJson(report, options.series === true, extra));
  } else {
    const lines = formatExpectationLines(expectations, options.variant);
    io.out(formatReportTable(report) + (lines.length > 0 ? `\n${lines.join('\n')}\n` : ''));
  }
  let exitCode: ExitCodeValue = ExitCode.Ok;
  if (!report.invariants.ok) {
    const failed = report.invariants.checks.filter((c) => !c.ok).map((c) => c.name);
    io.err(`${file}: invariants failed: ${failed.join(', ') || `${report.invariants.violationCount} violations`}\n`);
    exitCode = ExitCode.Failed;
  }
  const unmet = expectations.filter((r) => !r.ok);
  if (unmet.length > 0) {
    io.err(`${file}: expectations failed: ${unmet.map((r) => r.name).join('; ')}\n`);
    exitCode = ExitCode.Failed;
  }
  return exitCode;
}

/** The dedicated flags go last, so `--seed 3` wins over a `--set seed=…` given with it. */
export function overridesFrom(options: Pick<RunCommandOptions, 'seed' | 'duration' | 'set'>): string[] {
  return [
    ...(options.set ?? []),
    ...(options.seed !== undefined ? [`seed=${options.seed}`] : []),
    ...(options.duration !== undefined ? [`duration=${options.duration}`] : []),
  ];
}

/** The report as JSON; `extra` fields (the variant, the expectations' results) go after the report's own. */
export function formatReportJson(report: RunReport, withSeries: boolean, extra: Record<string, unknown> = {}): string {
  const { series, ...rest } = report;
  return `${JSON.stringify(withSeries ? { ...rest, series, ...extra } : { ...rest, ...extra }, null, 2)}\n`;
}

function openTrace(path: string): NdjsonTraceWriter {
  try {
    return new NdjsonTraceWriter(path);
  } catch (error) {
    const reason = (error as { code?: unknown }).code === 'ENOENT' ? 'its folder does not exist' : String((error as Error).message);
    throw new CliError([`--trace ${path}: cannot write the trace file: ${reason}`]);
  }
}
