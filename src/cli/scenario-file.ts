import { readFileSync, statSync } from 'node:fs';
import { formatErrors, loadScenarioText, MAX_SCENARIO_BYTES, type Scenario, type ScenarioError } from '../scenario';
import { CliError } from './exit-codes';

export type ScenarioFileResult = { ok: true; scenario: Scenario } | { ok: false; lines: string[] };

/**
 * Reads and validates one scenario file with optional `path=value` overrides. Every problem comes back
 * as a line naming the file and, for scenario errors, the JSON path: `bad.json: consumers[0].reads: …`.
 */
export function loadScenarioFile(file: string, overrides: readonly string[] = [], variant?: string): ScenarioFileResult {
  let text: string;
  try {
    text = readScenarioText(file);
  } catch (error) {
    return { ok: false, lines: [`${file}: ${describeReadError(error)}`] };
  }
  const loaded = loadScenarioText(text, overrides, variant);
  if (loaded.ok) return loaded;
  const lines = errorLines(file, loaded.errors);
  // The paths may point at values the user typed on the command line rather than in the file.
  if (overrides.length > 0) lines.push(`${file}: (checked with the overrides ${overrides.join(' ')})`);
  if (variant !== undefined && loaded.errors.every((e) => e.path !== 'variants')) lines.push(`${file}: (checked with the variant ${variant})`);
  return { ok: false, lines };
}

/** Like loadScenarioFile, but throws a CliError (exit 2) with the lines. */
export function requireScenarioFile(file: string, overrides: readonly string[] = [], variant?: string): Scenario {
  const result = loadScenarioFile(file, overrides, variant);
  if (!result.ok) throw new CliError(result.lines);
  return result.scenario;
}

function readScenarioText(file: string): string {
  const stat = statSync(file);
  if (stat.isDirectory()) throw new Error('is a directory, not a scenario file');
  // Checked before reading so that a huge file (or a device like /dev/zero) is refused, not loaded.
  if (stat.isFile() && stat.size > MAX_SCENARIO_BYTES) {
    throw new Error(`is ${stat.size} bytes; a scenario file may have at most ${MAX_SCENARIO_BYTES}`);
  }
  if (!stat.isFile()) throw new Error('is not a regular file');
  return readFileSync(file, 'utf8');
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

function errorLines(file: string, errors: readonly ScenarioError[]): string[] {
  return errors.map((error) => `${file}: ${formatErrors([error])}`);
}
