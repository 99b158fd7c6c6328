import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../../scenario';
import { CliError, ExitCode, type ExitCodeValue } from '../exit-codes';
import type { CliIo } from '../io';

/** The JSON Schema as it is stored in scenarios/schema.json: two-space indent and a final newline. */
export function renderScenarioSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

/** `brokerlab schema [--out file]`: prints the scenario JSON Schema, or writes it to a file. */
export function schemaCommand(options: { out?: string }, io: CliIo): ExitCodeValue {
  const text = renderScenarioSchema();
  if (options.out === undefined) {
    io.out(text);
    return ExitCode.Ok;
  }
  try {
    writeFileSync(options.out, text);
  } catch (error) {
    throw new CliError([`--out ${options.out}: cannot write: ${(error as Error).message}`]);
  }
  io.err(`wrote ${options.out}\n`);
  return ExitCode.Ok;
}
