import type { DepthSample, SeriesSample } from '../../runtime/protocol';

/**
 * The chart samples of a run as CSV (RFC 4180), for a spreadsheet or a notebook: one row per sample
 * time, one column per measure, the unit in the header. Pure: no DOM, so it is tested in isolation.
 */

/** What the CSV is built from: the columns' owners and the samples taken so far. */
export interface MetricsCsvInput {
  /** The places that hold messages, in column order (each gets `<id>_depth` and `<id>_inflight`). */
  brokers: readonly string[];
  /** The consumer groups, in column order (each gets acked/s, p50/p95/p99 latency and lag). */
  groups: readonly string[];
  /** Virtual seconds between samples: the counts of an interval are divided by it to give rates. */
  interval: number;
  depth: readonly DepthSample[];
  /** One per depth sample at the same time, or none at all (a host that does not tap the trace): then those cells are empty. */
  series: readonly SeriesSample[];
}

/** The run-wide counts of a SeriesSample, each exported as a rate per second. */
const RUN_RATES = [
  ['published', 'published_per_s'],
  ['acked', 'acked_per_s'],
  ['dropped', 'dropped_per_s'],
  ['deadLettered', 'dead_lettered_per_s'],
  ['redelivered', 'redelivered_per_s'],
  ['retried', 'retried_per_s'],
] as const satisfies readonly (readonly [keyof SeriesSample, string])[];

const PERCENTILES = ['p50', 'p95', 'p99'] as const;

/** One column: its header and how it reads a row's cell (a number, or NaN/undefined for an empty cell). */
interface Column {
  header: string;
  cell(depth: DepthSample, series: SeriesSample | undefined): number | undefined;
}

/**
 * Builds the CSV text: a header row, then one row per depth sample, lines ended by CRLF. A cell is
 * empty where there is no value: a latency percentile of an interval without acks (NaN), a group not
 * yet in the run, or a series the host did not send. Throws when the series do not pair with the
 * depth samples or the interval is not a positive number, rather than misalign the rows.
 */
export function metricsCsv(input: MetricsCsvInput): string {
  const { interval, depth, series } = input;
  if (!(interval > 0) || !Number.isFinite(interval)) {
    throw new RangeError(`metrics CSV: interval must be a positive number of seconds, got ${interval}`);
  }
  checkPairing(depth, series);
  const columns = metricsColumns(input.brokers, input.groups, interval);
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  depth.forEach((sample, i) => {
    lines.push(columns.map((c) => csvNumber(c.cell(sample, series[i]))).join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}

function checkPairing(depth: readonly DepthSample[], series: readonly SeriesSample[]): void {
  if (series.length === 0) return;
  if (series.length !== depth.length) {
    throw new Error(`metrics CSV: series has ${series.length} samples but depth has ${depth.length}; each depth sample needs the series sample of the same time`);
  }
  series.forEach((s, i) => {
    if (s.time !== depth[i]!.time) {
      throw new Error(`metrics CSV: series[${i}].time is ${s.time} but depth[${i}].time is ${depth[i]!.time}; they must be taken at the same times`);
    }
  });
}

function metricsColumns(brokers: readonly string[], groups: readonly string[], interval: number): Column[] {
  const perSecond = (count: number | undefined): number | undefined => (count === undefined ? undefined : count / interval);
  return [
    { header: 'time_s', cell: (d) => d.time },
    ...brokers.flatMap((id): Column[] => [
      { header: `${id}_depth`, cell: (d) => d.brokers[id]?.depth },
      { header: `${id}_inflight`, cell: (d) => d.brokers[id]?.inflight },
    ]),
    ...RUN_RATES.map(([key, header]): Column => ({ header, cell: (_, s) => perSecond(s?.[key]) })),
    ...groups.flatMap((id): Column[] => [
      { header: `${id}_acked_per_s`, cell: (_, s) => perSecond(s?.groups[id]?.acked) },
      ...PERCENTILES.map((p): Column => ({ header: `${id}_${p}_s`, cell: (_, s) => s?.groups[id]?.[p] })),
      { header: `${id}_lag`, cell: (_, s) => s?.groups[id]?.lag },
    ]),
  ];
}

/**
 * A number as a CSV cell: empty when there is none, else at most 12 significant digits, so that
 * 3 / 0.1 reads 30 and not the binary rounding 29.999999999999996.
 */
export function csvNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '';
  return String(Number(value.toPrecision(12)));
}

/** A text cell per RFC 4180: quoted when it holds a comma, a quote or a line break, with quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
