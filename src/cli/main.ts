import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { runCommand, type RunCommandOptions } from './commands/run';
import { presetsCommand, type PresetsCommandOptions } from './commands/presets';
import { schemaCommand } from './commands/schema';
import { compareCommand, type CompareCommandOptions } from './commands/compare';
import { sweepCommand, type SweepCommandOptions } from './commands/sweep';
import { validateCommand } from './commands/validate';
import { CliError, ExitCode, type ExitCodeValue } from './exit-codes';
import { processIo, type CliIo } from './io';

const EXAMPLES = `
Examples:
  brokerlab run scenarios/checkout-burst.json
  brokerlab run scenarios/checkout-burst.json --set consumers[0].instances=12 --format json
  brokerlab run scenarios/checkout-burst.json --seed 3 --trace trace.ndjson
  brokerlab run scenarios/retry-storm.json --variant budget
  brokerlab compare scenarios/retry-storm.json
  brokerlab validate scenarios/checkout-burst.json my-scenario.json
  brokerlab schema --out scenarios/schema.json

Exit codes: 0 ok, 1 an invariant or expectation failed or a budget stopped the run, 2 bad input.`;

/**
 * Runs the CLI on `argv` (the arguments after the executable) and resolves to the exit code; it never
 * calls process.exit, so whatever it printed is flushed before the process ends.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCodeValue> {
  let exitCode: ExitCodeValue = ExitCode.Ok;
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has already printed its message (unknown option, missing argument, …) or the help.
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
    if (error instanceof CliError) {
      io.err(`${error.lines.join('\n')}\n`);
      return error.exitCode;
    }
    io.err(`brokerlab: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.Internal;
  }
}

function createProgram(io: CliIo, finish: (code: ExitCodeValue) => void): Command {
  const program = new Command('brokerlab')
    .description('A deterministic discrete-event simulator for asynchronous messaging: queues, streams, pub/sub, backpressure.')
    .version(packageVersion(), '-V, --version')
    // Set before any subcommand is added: subcommands copy these settings when they are created.
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXAMPLES);

  program
    .command('run')
    .description('run a scenario to its end and print the report')
    .argument('<file>', 'scenario file (JSON)')
    .option('--seed <n>', "replace the scenario's seed (a whole number >= 0)")
    .option('--duration <seconds>', "replace the scenario's duration in virtual seconds")
    .option('--set <path=value>', 'override a scenario field, e.g. consumers[0].instances=12 or consumers[fulfilment].instances=3 (repeatable)', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--series', 'include the depth time series in the JSON report')
    .option('--trace <file>', 'write every trace record to <file> as NDJSON (one JSON object per line)')
    .option('--no-progress', 'never draw the progress bar (it only appears on a terminal, for runs over a second)')
    .option('--variant <name>', "apply one of the scenario's named variants (before the --set overrides)")
    .action((file: string, options: RunCommandOptions) => finish(runCommand(file, options, io)));

  program
    .command('compare')
    .description('run the scenario and every variant of it on the same seed and print them side by side, with each expectation per variant')
    .argument('<file>', 'scenario file (JSON)')
    .option('--seed <n>', 'the seed every run shares (default: the scenario\'s)')
    .option('--duration <seconds>', "replace the scenario's duration in virtual seconds")
    .option('--set <path=value>', 'override a scenario field in every run (repeatable)', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((file: string, options: CompareCommandOptions) => finish(compareCommand(file, options, io)));

  program
    .command('sweep')
    .description('run a scenario over a grid of values, several seeds each, and print mean and 95% CI per point')
    .argument('<file>', 'scenario file (JSON)')
    .option('--vary <path=from..to[:step]>', 'vary a scenario field, e.g. consumers[0].instances=2..10:2 (repeatable; the grid is their product)', collect)
    .option('--metric <path>', 'a report value to summarise, e.g. groups.fulfilment.endToEnd.p99 (repeatable)', collect)
    .option('--replications <n>', 'runs per point; replication r uses seed base+r at every point', '5')
    .option('--seed <n>', "the base seed (default: the scenario's seed)")
    .option('--set <path=value>', 'override a scenario field at every point (repeatable)', collect)
    .option('--out <file>', 'also write the results as CSV to <file>')
    .option('--plot <file>', 'also draw the first metric against the first --vary as SVG, mean with 95% CI band; one line per value of any other --vary')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--plan', 'print one JSON line per (point, replication) with its seed and --set overrides, and run nothing')
    .option('--target <goal>', "report the smallest varied value meeting e.g. 'groups.fulfilment.endToEnd.p99 < 0.5'; exit 1 if none does")
    .option('--no-progress', 'never draw the progress bar and ETA (they only appear on a terminal)')
    .action(async (file: string, options: SweepCommandOptions) => finish(await sweepCommand(file, options, io)));

  program
    .command('validate')
    .description('check scenario files; prints "ok <file>" or every error as "<file>: <path>: <message>"')
    .argument('<files...>', 'scenario files (JSON)')
    .action((files: string[]) => finish(validateCommand(files, io)));

  program
    .command('presets')
    .description('list the technology presets a broker can name with "preset": id, kind, name and what each models and simplifies')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((options: PresetsCommandOptions) => finish(presetsCommand(options, io)));

  program
    .command('schema')
    .description('print the JSON Schema of scenario files (what editors use to autocomplete them)')
    .option('--out <file>', 'write it to <file> instead of stdout')
    .action((options: { out?: string }) => finish(schemaCommand(options, io)));

  return program;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** True when this file is the program being run (`tsx src/cli/main.ts …`), not imported by bin.mjs or a test. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = await runCli(process.argv.slice(2));
