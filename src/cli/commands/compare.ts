import { BudgetExceededError } from '../../engine';
import type { RunReport } from '../../metrics';
import { runScenario } from '../../runtime';
import { BASE_VARIANT, evaluateExpectations, expectationName, variantNames, type ExpectationResult, type Scenario } from '../../scenario';
import { CliError, ExitCode, type ExitCodeValue } from '../exit-codes';
import { formatCount, formatQuantity, formatSeconds } from '../format-number';
import type { CliIo } from '../io';
import { requireScenarioFile } from '../scenario-file';
import { renderTable, type Column } from '../text-table';
import { overridesFrom, type ReportFormat } from './run';

export interface CompareCommandOptions {
  /** Replaces the seed of every run (they all share it either way). */
  seed?: string;
  duration?: string;
  set?: string[];
  format: ReportFormat;
}

/** One run of `compare`: the base scenario or one variant. */
export interface ComparedRun {
  variant: string;
  scenario: Scenario;
  report: RunReport;
  expectations: ExpectationResult[];
}

/**
 * `brokerlab compare <file>`: runs the scenario and each of its variants on the same seed (common
 * random numbers: a difference between columns comes from the variant, not from luck) and prints
 * them side by side. Exit 0 when every run keeps its invariants and expectations, 1 otherwise.
 */
export function compareCommand(file: string, options: CompareCommandOptions, io: CliIo): ExitCodeValue {
  const overrides = overridesFrom(options);
  const base = requireScenarioFile(file, overrides);
  // The variants' own seed overrides are overruled: every column runs on the base run's seed.
  const shared = [...overrides, `seed=${base.seed}`];
  const scenarios: { variant: string; scenario: Scenario }[] = [{ variant: BASE_VARIANT, scenario: base }];
  for (const name of variantNames(base)) scenarios.push({ variant: name, scenario: requireScenarioFile(file, shared, name) });

  const runs: ComparedRun[] = scenarios.map(({ variant, scenario }) => {
    let report: RunReport;
    try {
      report = runScenario(scenario, { wallClock: () => performance.now() });
    } catch (error) {
      if (error instanceof BudgetExceededError) throw new CliError([`${file}: variant ${variant}: stopped: ${error.message}`], ExitCode.Failed);
      throw error;
    }
    return { variant, scenario, report, expectations: evaluateExpectations(scenario.expect, report, variant) };
  });

  io.out(options.format === 'json' ? formatCompareJson(runs) : formatCompareTable(runs, base));

  let exitCode: ExitCodeValue = ExitCode.Ok;
  for (const run of runs) {
    if (!run.report.invariants.ok) {
      io.err(`${file}: variant ${run.variant}: invariants failed\n`);
      exitCode = ExitCode.Failed;
    }
    const unmet = run.expectations.filter((r) => !r.ok);
    if (unmet.length > 0) {
      io.err(`${file}: variant ${run.variant}: expectations failed: ${unmet.map((r) => r.name).join('; ')}\n`);
      exitCode = ExitCode.Failed;
    }
  }
  return exitCode;
}

/** The reports keyed by variant ("base" first), each with its expectations' results; no depth series. */
export function formatCompareJson(runs: readonly ComparedRun[]): string {
  const out: Record<string, unknown> = {};
  for (const run of runs) {
    const { series: _series, ...rest } = run.report;
    out[run.variant] = { ...rest, expectations: run.expectations };
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

type GroupMetric = [label: string, read: (g: RunReport['groups'][string]) => string];

const GROUP_METRICS: readonly GroupMetric[] = [
  ['acked', (g) => formatCount(g.acked)],
  ['endToEnd p99 s', (g) => formatSeconds(g.endToEnd.p99)],
  ['lag max', (g) => formatQuantity(g.lag.max)],
  ['lost by consumer', (g) => formatCount(g.lostByConsumer)],
  ['dead-lettered', (g) => formatCount(g.deadLettered)],
  ['duplicates', (g) => formatCount(g.duplicates)],
];

/** Side by side: per group its key metrics, per broker its drops, then each expectation per variant. */
export function formatCompareTable(runs: readonly ComparedRun[], base: Scenario): string {
  const columns: Column[] = [
    { header: 'Group', align: 'left' },
    { header: 'metric', align: 'left' },
    ...runs.map((r): Column => ({ header: r.variant, align: 'right' })),
  ];
  const groupIds = unionOfKeys(runs.map((r) => r.report.groups));
  const groupRows = groupIds.flatMap((id) =>
    GROUP_METRICS.map(([label, read], i) => [i === 0 ? id : '', label, ...runs.map((r) => (r.report.groups[id] ? read(r.report.groups[id]) : '-'))]),
  );
  const brokerIds = unionOfKeys(runs.map((r) => r.report.brokers));
  const brokerRows = brokerIds.map((id) => [id, ...runs.map((r) => (r.report.brokers[id] ? formatCount(r.report.brokers[id].dropped) : '-'))]);
  const brokerColumns: Column[] = [{ header: 'Broker dropped', align: 'left' }, ...runs.map((r): Column => ({ header: r.variant, align: 'right' }))];

  const sections = [
    [base.name, `seed ${runs[0]!.report.seed} · ${formatSeconds(runs[0]!.report.duration)} s virtual · ${runs.length} run${runs.length === 1 ? '' : 's'} on the same seed`],
    renderTable(columns, groupRows),
    renderTable(brokerColumns, brokerRows),
    renderTable(
      [{ header: 'Invariants', align: 'left' }, ...runs.map((r): Column => ({ header: r.variant, align: 'right' }))],
      [['all hold', ...runs.map((r) => (r.report.invariants.ok ? 'PASS' : 'FAIL'))]],
    ),
  ];
  if (base.expect.length > 0) {
    const rows = base.expect.map((e, index) => [
      expectationName(e),
      ...runs.map((r) => {
        const result = r.expectations.find((x) => x.index === index);
        return result === undefined ? '-' : result.ok ? 'PASS' : 'FAIL';
      }),
    ]);
    sections.push(renderTable([{ header: 'Expectation', align: 'left' }, ...runs.map((r): Column => ({ header: r.variant, align: 'right' }))], rows));
  }
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function unionOfKeys(maps: readonly Record<string, unknown>[]): string[] {
  const keys: string[] = [];
  for (const map of maps) for (const key of Object.keys(map)) if (!keys.includes(key)) keys.push(key);
  return keys;
}
