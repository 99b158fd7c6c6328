import { formatErrors, loadScenarioText, type Scenario } from '../../scenario';
import { runScenario } from '../../runtime';
import { CliError } from '../exit-codes';

/**
 * Loads the scenario text with the task's overrides and seed, or throws a CliError naming the overrides.
 * The seed goes last so it wins over a `seed=` among the overrides, as `brokerlab run --seed` does.
 */
export function loadPoint(file: string, text: string, set: readonly string[], seed?: number): Scenario {
  const overrides = seed === undefined ? [...set] : [...set, `seed=${seed}`];
  const loaded = loadScenarioText(text, overrides);
  if (loaded.ok) return loaded.scenario;
  throw new CliError([...loaded.errors.map((e) => `${file}: ${formatErrors([e])}`), `${file}: (checked with the overrides ${overrides.join(' ')})`]);
}

/**
 * Runs one (point, replication) to the scenario's end and reads each metric path from its report.
 * Pure apart from the CPU it burns: the same arguments give the same numbers on any thread.
 */
export function runPoint(file: string, text: string, set: readonly string[], seed: number, metrics: readonly string[]): number[] {
  const report = runScenario(loadPoint(file, text, set, seed));
  return metrics.map((path) => readMetric(report, path));
}

/**
 * Reads a number from a report by a path like `groups.fulfilment.endToEnd.p99`. A key containing dots
 * can be written in brackets: `groups[orders.v2].endToEnd.p99`. Throws a CliError naming the path and
 * the keys that do exist where it went wrong.
 */
export function readMetric(report: unknown, path: string): number {
  const segments = splitMetricPath(path);
  let node: unknown = report;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i]!;
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, key)) {
      const at = i === 0 ? 'the report' : segments.slice(0, i).join('.');
      const keys = typeof node === 'object' && node !== null ? Object.keys(node) : [];
      const hint = keys.length > 0 ? `; ${at} has ${keys.slice(0, 20).join(', ')}${keys.length > 20 ? ', …' : ''}` : '';
      throw new CliError([`--metric ${path}: the report has no "${key}" under ${at}${hint}`]);
    }
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node === 'number') return node;
  if (typeof node === 'boolean') return node ? 1 : 0;
  const what = typeof node === 'object' && node !== null ? `an object with ${Object.keys(node).join(', ')}` : JSON.stringify(node);
  throw new CliError([`--metric ${path}: is ${what}, not a number; name a number in the report, e.g. groups.<id>.endToEnd.p99`]);
}

function splitMetricPath(path: string): string[] {
  const segments: string[] = [];
  const pattern = /([^.[\]]+)|\[([^\]]+)\]|(\.)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(path)) !== null) {
    consumed = pattern.lastIndex;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(match[2]);
  }
  if (consumed !== path.length || segments.length === 0) {
    throw new CliError([`--metric ${path}: is not a report path; write it like groups.fulfilment.endToEnd.p99`]);
  }
  return segments;
}
