import { area, line, scaleLinear, schemeTableau10, type ScaleLinear } from 'd3';
import type { SweepRow } from './csv';
import type { VaryAxis } from './plan';

/** What `brokerlab sweep --plot` draws: the sweep's axes, its metric names and its rows (as in the CSV). */
export interface SweepPlotInput {
  readonly axes: readonly VaryAxis[];
  readonly metrics: readonly string[];
  readonly rows: readonly SweepRow[];
}

/** One line of the chart: the rows that share the values of every axis but the first. */
interface Series {
  /** Empty with a single --vary; otherwise `path=value, path=value` for the other axes. */
  readonly label: string;
  readonly points: readonly PlotPoint[];
}

interface PlotPoint {
  readonly x: number;
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

const WIDTH = 720;
const HEIGHT = 440;
const MARGIN = { top: 48, right: 24, bottom: 56, left: 80 };
const LEGEND_ROW = 18;

/**
 * Draws the first metric against the first varied parameter as an SVG document (a string; no DOM is
 * needed, so it runs in Node): per series the mean as a line with a dot per point and, where the
 * sweep had two or more replications, the 95% confidence interval as a shaded band behind it.
 * With several `--vary` axes, each combination of the other axes' values is its own series, named
 * in a legend. Every text that comes from the user (paths, metric names) is XML-escaped.
 *
 * @throws RangeError when there is no varied axis, no metric or no row to plot.
 */
export function renderSweepPlot(input: SweepPlotInput): string {
  const { axes, metrics, rows } = input;
  if (axes.length === 0) throw new RangeError('renderSweepPlot: needs at least one varied axis (--vary) for the x axis');
  if (metrics.length === 0) throw new RangeError('renderSweepPlot: needs at least one metric (--metric) for the y axis');
  if (rows.length === 0) throw new RangeError('renderSweepPlot: there are no rows to plot');

  const series = seriesOf(axes, rows);
  const legendHeight = series.length > 1 ? series.length * LEGEND_ROW + 8 : 0;
  const height = HEIGHT + legendHeight;
  const plotBottom = HEIGHT - MARGIN.bottom;
  const x = paddedScale(rows.map((r) => r.point.values[0]!), [MARGIN.left, WIDTH - MARGIN.right]);
  const y = paddedScale(
    rows.flatMap((r) => [r.metrics[0]!.mean, r.metrics[0]!.ci95Low, r.metrics[0]!.ci95High]),
    [plotBottom, MARGIN.top],
  );

  const band = area<PlotPoint>()
    .defined((p) => Number.isFinite(p.low) && Number.isFinite(p.high))
    .x((p) => x(p.x))
    .y0((p) => y(p.low))
    .y1((p) => y(p.high));
  const meanLine = line<PlotPoint>()
    .defined((p) => Number.isFinite(p.mean))
    .x((p) => x(p.x))
    .y((p) => y(p.mean));

  const parts: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(`${metrics[0]!} against ${axes[0]!.path}`)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="20" font-size="14" font-weight="bold">${escapeXml(metrics[0]!)}</text>`,
    `<text x="${MARGIN.left}" y="36" fill="#555">${escapeXml(subtitle(rows))}</text>`,
    ...xAxis(x, plotBottom, axes[0]!.path),
    ...yAxis(y, metrics[0]!),
  ];
  series.forEach((s, i) => {
    const color = schemeTableau10[i % schemeTableau10.length]!;
    const bandPath = band(s.points);
    if (bandPath !== null && s.points.some((p) => Number.isFinite(p.low))) {
      parts.push(`<path class="ci-band" d="${bandPath}" fill="${color}" fill-opacity="0.2" stroke="none"/>`);
    }
    parts.push(`<path class="mean-line" d="${meanLine(s.points) ?? ''}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of s.points) {
      if (Number.isFinite(p.mean)) parts.push(`<circle cx="${round(x(p.x))}" cy="${round(y(p.mean))}" r="3" fill="${color}"/>`);
    }
    if (series.length > 1) {
      const top = HEIGHT + i * LEGEND_ROW;
      parts.push(
        `<g class="legend" transform="translate(${MARGIN.left},${top})"><rect width="14" height="4" y="-4" fill="${color}"/><text x="20">${escapeXml(s.label)}</text></g>`,
      );
    }
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Escapes the five XML special characters, so any text is safe in element content and in attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Groups the rows by the values of every axis but the first, each group sorted along the first axis. */
function seriesOf(axes: readonly VaryAxis[], rows: readonly SweepRow[]): Series[] {
  const byLabel = new Map<string, PlotPoint[]>();
  for (const row of rows) {
    const label = axes
      .slice(1)
      .map((axis, i) => `${axis.path}=${row.point.values[i + 1]!}`)
      .join(', ');
    const s = row.metrics[0]!;
    const points = byLabel.get(label) ?? [];
    points.push({ x: row.point.values[0]!, mean: s.mean, low: s.ci95Low, high: s.ci95High });
    byLabel.set(label, points);
  }
  return [...byLabel].map(([label, points]) => ({ label, points: points.sort((a, b) => a.x - b.x) }));
}

/** A linear scale over the finite values, widened when they are all equal so the chart still has a span. */
function paddedScale(values: readonly number[], range: [number, number]): ScaleLinear<number, number> {
  const finite = values.filter(Number.isFinite);
  let low = finite.length === 0 ? 0 : Math.min(...finite);
  let high = finite.length === 0 ? 1 : Math.max(...finite);
  if (low === high) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  return scaleLinear().domain([low, high]).range(range).nice();
}

function xAxis(x: ScaleLinear<number, number>, bottom: number, label: string): string[] {
  const format = x.tickFormat(8);
  const [left, right] = x.range() as [number, number];
  const ticks = x.ticks(8).map((t) => {
    const px = round(x(t));
    return `<g class="tick" transform="translate(${px},${bottom})"><line y2="6" stroke="black"/><text y="20" text-anchor="middle">${escapeXml(format(t))}</text></g>`;
  });
  return [
    `<g class="x-axis">`,
    `<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="black"/>`,
    ...ticks,
    `<text class="axis-label" x="${round((left + right) / 2)}" y="${bottom + 42}" text-anchor="middle">${escapeXml(label)}</text>`,
    `</g>`,
  ];
}

function yAxis(y: ScaleLinear<number, number>, label: string): string[] {
  const format = y.tickFormat(6);
  const [bottom, top] = y.range() as [number, number];
  const left = MARGIN.left;
  const ticks = y.ticks(6).map((t) => {
    const py = round(y(t));
    return (
      `<g class="tick" transform="translate(${left},${py})"><line x2="-6" stroke="black"/>` +
      `<line x2="${WIDTH - MARGIN.right - left}" stroke="#ddd"/><text x="-10" dy="0.32em" text-anchor="end">${escapeXml(format(t))}</text></g>`
    );
  });
  const middle = round((top + bottom) / 2);
  return [
    `<g class="y-axis">`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="black"/>`,
    ...ticks,
    `<text class="axis-label" transform="translate(${left - 60},${middle}) rotate(-90)" text-anchor="middle">${escapeXml(label)}</text>`,
    `</g>`,
  ];
}

function subtitle(rows: readonly SweepRow[]): string {
  const n = rows[0]!.metrics[0]!.n;
  return n < 2 ? `mean of ${n} replication (no confidence interval)` : `mean and 95% confidence interval over ${n} replications`;
}

/** Two decimals are plenty for pixels and keep the file small and stable. */
function round(px: number): number {
  return Math.round(px * 100) / 100;
}
