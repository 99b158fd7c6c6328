import { axisBottom, axisLeft, line as d3line, scaleLinear, select } from 'd3';
import type { AlertMark, FrameMessage } from '../../runtime/protocol';
import type { Scenario } from '../../scenario';
import type { TimeMarker } from '../format';
import { TOPOLOGY_COLORS } from '../topology/palette';
import { alertSpans, type AlertSpan } from './alert-spans';
import type { ChartLine, ChartSpec, Timed } from './chart-spec';

/** What a chart shows for one run; set with `load` whenever a run starts. */
export interface TimeChartRun {
  runId: number;
  scenario: Scenario;
  /** Virtual seconds between samples (rates divide by it). */
  interval: number;
  /** Labelled moments on the time axis (e.g. bursts). */
  markers: TimeMarker[];
}

export interface TimeChart {
  load(run: TimeChartRun): void;
  /** Adds a frame's samples, alerts and the time now; the legend values change at once, drawing waits for the next animation frame. */
  update(frame: FrameMessage): void;
  /** Shows or hides the detail lines (e.g. lag per partition). */
  setDetail(on: boolean): void;
  /** Runs the time axis to `end` when that is later than the run's duration (two compared runs share one axis); null: the duration. */
  setTimeAxis(end: number | null): void;
  destroy(): void;
}

const MARGIN = { top: 22, right: 24, bottom: 52, left: 72 };
const ALERT_ROW = 20;
const MIN_WIDTH = 320;
const MIN_HEIGHT = 200;

interface Track<S extends Timed> {
  def: ChartLine<S>;
  /** What is drawn: the samples' values, averaged over `window` samples when the spec smooths. */
  values: number[];
  raw: number[];
}

/** The mean of the finite values among the last `window` of `raw` (NaN when none is). */
export function trailingMean(raw: readonly number[], window: number): number {
  let sum = 0;
  let n = 0;
  for (let i = Math.max(0, raw.length - window); i < raw.length; i++) {
    const v = raw[i]!;
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

/**
 * A vanilla d3 controller for one time-series chart of the lab: the lines a ChartSpec describes over
 * the whole run's virtual time, a cursor at "now", the scenario's markers and the alerts' firing
 * periods. It keeps the samples the worker posts and redraws at most once per animation frame,
 * outside React; a hidden chart (zero width) skips drawing and catches up when it is shown. Its
 * legend lists each line with its latest value, which is also the chart's text alternative.
 */
export function createTimeChart<S extends Timed>(container: HTMLElement, spec: ChartSpec<S>): TimeChart {
  const root = select(container);
  const legend = root.append('ul').attr('class', 'legend chart-legend').attr('aria-label', `${spec.title}: latest values`);
  const plot = root.append('div').attr('class', 'chart-plot');
  const svg = plot.append('svg').attr('class', 'time-chart').attr('role', 'img').attr('aria-label', spec.description);
  const grid = svg.append('g').attr('class', 'grid');
  const alertLines = svg.append('g').attr('class', 'alert-lines');
  const lines = svg.append('g').attr('class', 'lines');
  // Above the lines, so labels stay readable where a line crosses them.
  const markers = svg.append('g').attr('class', 'markers');
  const alerts = svg.append('g').attr('class', 'alerts');
  const alertsTitle = svg.append('text').attr('class', 'alerts-title').attr('text-anchor', 'end').attr('dominant-baseline', 'middle').text('Alerts');
  const cursor = svg.append('line').attr('class', 'cursor');
  const xAxis = svg.append('g').attr('class', 'axis axis-x');
  const yAxis = svg.append('g').attr('class', 'axis axis-y');
  const xLabel = svg.append('text').attr('class', 'axis-label').attr('text-anchor', 'middle').text('Virtual time (s)');
  const yLabel = svg.append('text').attr('class', 'axis-label').attr('text-anchor', 'middle').text(spec.yLabel);

  let run: TimeChartRun | null = null;
  let duration = 1;
  let times: number[] = [];
  let tracks: Track<S>[] = [];
  let marks: AlertMark[] = [];
  let spans: AlertSpan[] = [];
  let live: FrameMessage | null = null;
  let detail = false;
  let axisEnd: number | null = null;
  let window = 1;
  let pending: number | null = null;

  const requestDraw = (): void => {
    if (pending === null) pending = requestAnimationFrame(draw);
  };
  const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(requestDraw);
  resize?.observe(plot.node()!);

  const shown = (): Track<S>[] => (detail ? tracks : tracks.filter((t) => !t.def.detail));

  function draw(): void {
    pending = null;
    const holder = plot.node()!;
    // Hidden (another tab): nothing to draw; the resize observer calls again when it shows.
    if (holder.clientWidth === 0) return;
    const width = Math.max(holder.clientWidth, MIN_WIDTH);
    const height = Math.max(holder.clientHeight, MIN_HEIGHT);
    const rows = spans.reduce((n, s) => Math.max(n, s.row + 1), 0);
    const top = MARGIN.top + rows * ALERT_ROW;
    const inner = { width: width - MARGIN.left - MARGIN.right, height: height - top - MARGIN.bottom };
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);

    const x = scaleLinear().domain([0, Math.max(duration, axisEnd ?? 0)]).range([MARGIN.left, MARGIN.left + inner.width]);
    const y = scaleLinear()
      .domain([0, Math.max(spec.minY, highest())])
      .nice()
      .range([top + inner.height, top]);
    xAxis.attr('transform', `translate(0,${top + inner.height})`).call(axisBottom(x).ticks(Math.max(2, Math.floor(inner.width / 90))).tickSizeOuter(0));
    yAxis.attr('transform', `translate(${MARGIN.left},0)`).call(axisLeft(y).ticks(5).tickFormat((v) => spec.format(Number(v))).tickSizeOuter(0));
    grid
      .selectAll('line')
      .data(y.ticks(5))
      .join('line')
      .attr('x1', MARGIN.left)
      .attr('x2', MARGIN.left + inner.width)
      .attr('y1', (d) => y(d))
      .attr('y2', (d) => y(d));
    xLabel.attr('x', MARGIN.left + inner.width / 2).attr('y', height - 10);
    yLabel.attr('transform', `translate(18,${top + inner.height / 2}) rotate(-90)`);

    const now = live?.frame.time ?? 0;
    drawMarkers(x, top, inner.height);
    drawAlerts(x, top, inner.height, now);
    drawLines(x, y, now);
    cursor
      .attr('x1', x(now))
      .attr('x2', x(now))
      .attr('y1', top)
      .attr('y2', top + inner.height)
      .attr('visibility', live ? 'visible' : 'hidden');
  }

  function drawMarkers(x: (t: number) => number, top: number, innerHeight: number): void {
    const marker = markers
      .selectAll<SVGGElement, TimeMarker>('g.marker')
      .data(run?.markers ?? [])
      .join((enter) => {
        const g = enter.append('g').attr('class', 'marker');
        g.append('line');
        g.append('text').attr('dy', '-0.5em');
        return g;
      });
    marker.select('line').attr('x1', (d) => x(d.time)).attr('x2', (d) => x(d.time)).attr('y1', top).attr('y2', top + innerHeight);
    marker.select('text').attr('x', (d) => x(d.time) + 6).attr('y', top + 18).text((d) => d.label);
  }

  /** Each firing period as a band in the alert strip above the plot, with a line down the plot where it fired. */
  function drawAlerts(x: (t: number) => number, top: number, innerHeight: number, now: number): void {
    const band = alerts
      .selectAll<SVGGElement, AlertSpan>('g.alert-span')
      .data(spans)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'alert-span');
        g.append('rect');
        g.append('text');
        g.append('title');
        return g;
      })
      .attr('data-alert', (d) => d.name);
    const rowTop = (d: AlertSpan): number => MARGIN.top + d.row * ALERT_ROW - 2;
    alertsTitle
      .attr('x', MARGIN.left - 8)
      .attr('y', MARGIN.top + ALERT_ROW / 2 - 1)
      .attr('visibility', spans.length > 0 ? 'visible' : 'hidden');
    band
      .select('rect')
      .attr('x', (d) => x(d.from))
      .attr('y', (d) => rowTop(d))
      .attr('width', (d) => Math.max(3, x(d.to ?? Math.max(now, d.from)) - x(d.from)))
      .attr('height', ALERT_ROW - 4)
      .attr('rx', 3);
    band
      .select('text')
      .attr('x', (d) => x(d.from) + 5)
      .attr('y', (d) => rowTop(d) + ALERT_ROW / 2 + 1)
      .attr('dominant-baseline', 'middle')
      .text((d) => `⚠ ${d.name}`);
    band.select('title').text((d) => alertText(d));
    alertLines
      .selectAll<SVGLineElement, AlertSpan>('line.alert-marker')
      .data(spans)
      .join('line')
      .attr('class', 'alert-marker')
      .attr('data-alert', (d) => d.name)
      .attr('stroke', TOPOLOGY_COLORS.loss)
      .attr('x1', (d) => x(d.from))
      .attr('x2', (d) => x(d.from))
      .attr('y1', top)
      .attr('y2', top + innerHeight);
  }

  function drawLines(x: (t: number) => number, y: (v: number) => number, now: number): void {
    const visible = shown();
    const path = d3line<[number, number]>()
      .defined((d) => Number.isFinite(d[1]))
      .x((d) => x(d[0]))
      .y((d) => y(d[1]));
    lines
      .selectAll<SVGPathElement, Track<S>>('path')
      .data(visible, (d) => d.def.id)
      .join('path')
      .attr('class', (d) => `line line-${d.def.kind}${d.def.detail ? ' line-detail' : ''}`)
      .attr('data-series', (d) => d.def.id)
      .attr('stroke', (d) => d.def.color)
      .attr('stroke-dasharray', (d) => d.def.dash)
      .attr('d', (d) => path(points(d, now)));
    const dots = live ? visible.filter((t) => Number.isFinite(latest(t))) : [];
    lines
      .selectAll<SVGCircleElement, Track<S>>('circle')
      .data(dots, (d) => d.def.id)
      .join('circle')
      .attr('r', 4.5)
      .attr('fill', (d) => d.def.color)
      .attr('cx', (d) => x(d.def.live ? now : (times[times.length - 1] ?? 0)))
      .attr('cy', (d) => y(latest(d)));
  }

  /** The samples, plus the live value at the cursor for lines that have one. */
  function points(track: Track<S>, now: number): [number, number][] {
    const result: [number, number][] = times.map((t, i) => [t, track.values[i]!]);
    const last = times[times.length - 1];
    if (live && track.def.live && (last === undefined || now > last)) result.push([now, track.def.live(live)]);
    return result;
  }

  function latest(track: Track<S>): number {
    if (live && track.def.live) return track.def.live(live);
    return track.values[track.values.length - 1] ?? NaN;
  }

  function highest(): number {
    let top = 0;
    for (const track of shown()) {
      for (const v of track.values) if (v > top) top = v;
      const now = latest(track);
      if (now > top) top = now;
    }
    return top;
  }

  /** The legend: one item per shown line with its latest value (the chart's text alternative). */
  function renderLegend(): void {
    const item = legend
      .selectAll<HTMLLIElement, Track<S>>('li')
      .data(shown(), (d) => d.def.id)
      .join((enter) => {
        const li = enter.append('li');
        const swatch = li.append('svg').attr('class', 'line-swatch').attr('width', 26).attr('height', 10).attr('aria-hidden', 'true');
        swatch.append('line').attr('x1', 1).attr('x2', 25).attr('y1', 5).attr('y2', 5);
        li.append('span').attr('class', 'series-label');
        li.append('strong');
        return li;
      });
    item
      .select('line')
      .attr('stroke', (d) => d.def.color)
      .attr('stroke-dasharray', (d) => (d.def.dash === '' ? null : d.def.dash.split(' ').map((n) => Number(n) / 2).join(' ')));
    item.select('span').text((d) => `${d.def.label}: `);
    item
      .select('strong')
      .attr('data-testid', (d) => d.def.testId ?? null)
      .text((d) => {
        const v = latest(d);
        return Number.isFinite(v) ? spec.format(v) : '–';
      });
  }

  return {
    load(next) {
      run = next;
      duration = next.scenario.duration > 0 ? next.scenario.duration : 1;
      times = [];
      tracks = spec.lines(next.scenario).map((def) => ({ def, values: [], raw: [] }));
      window = spec.smoothing === undefined ? 1 : Math.max(1, Math.round(Math.min(spec.smoothing, duration / 60) / next.interval));
      marks = [];
      spans = [];
      live = null;
      renderLegend();
      requestDraw();
    },
    update(frame) {
      if (!run || frame.runId !== run.runId) return;
      const interval = run.interval;
      for (const sample of spec.samples(frame)) {
        times.push(sample.time);
        for (const track of tracks) {
          const v = track.def.value(sample, interval);
          if (window === 1) track.values.push(v);
          else {
            track.raw.push(v);
            track.values.push(trailingMean(track.raw, window));
          }
        }
      }
      const fresh = frame.series?.flatMap((s) => s.alerts) ?? [];
      if (fresh.length > 0) {
        marks = marks.concat(fresh);
        spans = alertSpans(marks);
      }
      live = frame;
      renderLegend();
      requestDraw();
    },
    setDetail(on) {
      detail = on;
      renderLegend();
      requestDraw();
    },
    setTimeAxis(end) {
      axisEnd = end;
      requestDraw();
    },
    destroy() {
      if (pending !== null) cancelAnimationFrame(pending);
      resize?.disconnect();
      legend.remove();
      plot.remove();
    },
  };
}

function alertText(span: AlertSpan): string {
  const from = `${span.from.toFixed(1)} s`;
  return span.to === null ? `${span.name}: firing since ${from}` : `${span.name}: fired at ${from}, resolved at ${span.to.toFixed(1)} s`;
}
