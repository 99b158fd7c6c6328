import type { SweepPoint, VaryAxis } from './plan';
import type { Summary } from './stats';

/** One row of the sweep's result: a point and, per metric (in --metric order), its summary. */
export interface SweepRow {
  readonly point: SweepPoint;
  readonly metrics: readonly Summary[];
}

/** The columns: each varied path, then `<metric>.mean`, `<metric>.ci95_low`, `<metric>.ci95_high` per metric. */
export function sweepHeader(axes: readonly VaryAxis[], metrics: readonly string[]): string[] {
  return [...axes.map((a) => a.path), ...metrics.flatMap((m) => [`${m}.mean`, `${m}.ci95_low`, `${m}.ci95_high`])];
}

/**
 * CSV (RFC 4180 quoting, LF line ends), one row per point. Numbers are written in full (shortest round-trip form), so the
 * file is the same byte for byte for the same results; an undefined CI (one replication) is empty.
 */
export function formatSweepCsv(axes: readonly VaryAxis[], metrics: readonly string[], rows: readonly SweepRow[]): string {
  const lines = [sweepHeader(axes, metrics).map(csvField)];
  for (const row of rows) {
    lines.push([...row.point.values.map(csvNumber), ...row.metrics.flatMap((s) => [csvNumber(s.mean), csvNumber(s.ci95Low), csvNumber(s.ci95High)])]);
  }
  return lines.map((cells) => `${cells.join(',')}\n`).join('');
}

function csvNumber(x: number): string {
  return Number.isNaN(x) ? '' : String(x);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
