import { axisBottom, axisLeft, line, scaleLinear, select } from 'd3';
import type { FrameMessage } from '../runtime/protocol';
import type { TimeMarker } from './format';

/** What the chart shows for one run; set with `load` whenever a run starts. */
export interface ChartRun {
  runId: number;
  /** Virtual seconds: the x axis always spans the whole run, so the class sees how far along it is. */
  duration: number;
  brokers: string[];
  markers: TimeMarker[];
}

export interface DepthChartOptions {
  /** Accessible name of the chart. */
  label: string;
  /** Line colors for ready depth and in-flight count; brokers after the first get dashed lines. */
  colors: { ready: string; inflight: string };
}

export interface DepthChart {
  load(run: ChartRun): void;
  /** Adds a frame's samples and live levels; drawing happens on the next animation frame. */
  update(frame: FrameMessage): void;
  destroy(): void;
}

type Metric = 'ready' | 'inflight';

interface BrokerTrack {
  id: string;
  ready: number[];
  inflight: number[];
}

const MARGIN = { top: 28, right: 28, bottom: 58, left: 76 };
const DASHES = ['', '10 6', '3 5', '14 5 3 5'];
/** The y axis never shrinks below this, so an idle queue does not look dramatic. */
const MIN_Y = 10;

/**
 * A vanilla d3 controller for the queue-depth chart: ready depth and in-flight count per broker over
 * virtual time. It keeps the samples the worker posts and redraws at most once per animation frame,
 * independently of React.
 */
export function createDepthChart(container: HTMLElement, options: DepthChartOptions): DepthChart {
  const svg = select(container)
    .append('svg')
    .attr('class', 'depth-chart')
    .attr('role', 'img')
    .attr('aria-label', options.label);
  const grid = svg.append('g').attr('class', 'grid');
  const lines = svg.append('g').attr('class', 'lines');
  // Above the lines, so a marker's label stays readable where a line crosses it.
  const markers = svg.append('g').attr('class', 'markers');
  const cursor = svg.append('line').attr('class', 'cursor');
  const xAxis = svg.append('g').attr('class', 'axis axis-x');
  const yAxis = svg.append('g').attr('class', 'axis axis-y');
  const xLabel = svg.append('text').attr('class', 'axis-label').attr('text-anchor', 'middle').text('Virtual time (s)');
  const yLabel = svg.append('text').attr('class', 'axis-label').attr('text-anchor', 'middle').text('Messages');

  let run: ChartRun = { runId: -1, duration: 1, brokers: [], markers: [] };
  let times: number[] = [];
  let tracks: BrokerTrack[] = [];
  let live: FrameMessage | null = null;
  let pending: number | null = null;

  const requestDraw = (): void => {
    if (pending === null) pending = requestAnimationFrame(draw);
  };
  const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(requestDraw);
  resize?.observe(container);

  function draw(): void {
    pending = null;
    const width = Math.max(container.clientWidth, 320);
    const height = Math.max(container.clientHeight, 220);
    const inner = { width: width - MARGIN.left - MARGIN.right, height: height - MARGIN.top - MARGIN.bottom };
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);

    const x = scaleLinear().domain([0, run.duration]).range([MARGIN.left, MARGIN.left + inner.width]);
    const y = scaleLinear()
      .domain([0, Math.max(MIN_Y, highest())])
      .nice()
      .range([MARGIN.top + inner.height, MARGIN.top]);

    xAxis
      .attr('transform', `translate(0,${MARGIN.top + inner.height})`)
      .call(axisBottom(x).ticks(Math.max(2, Math.floor(inner.width / 90))).tickSizeOuter(0));
    yAxis.attr('transform', `translate(${MARGIN.left},0)`).call(axisLeft(y).ticks(6).tickSizeOuter(0));
    grid
      .selectAll('line')
      .data(y.ticks(6))
      .join('line')
      .attr('x1', MARGIN.left)
      .attr('x2', MARGIN.left + inner.width)
      .attr('y1', (d) => y(d))
      .attr('y2', (d) => y(d));
    xLabel.attr('x', MARGIN.left + inner.width / 2).attr('y', height - 12);
    yLabel.attr('transform', `translate(20,${MARGIN.top + inner.height / 2}) rotate(-90)`);

    drawMarkers(x, inner.height);
    drawLines(x, y);

    const now = live?.frame.time ?? 0;
    cursor
      .attr('x1', x(now))
      .attr('x2', x(now))
      .attr('y1', MARGIN.top)
      .attr('y2', MARGIN.top + inner.height)
      .attr('visibility', live ? 'visible' : 'hidden');
  }

  function drawMarkers(x: (t: number) => number, innerHeight: number): void {
    const marker = markers
      .selectAll<SVGGElement, TimeMarker>('g.marker')
      .data(run.markers)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'marker');
        g.append('line');
        g.append('text').attr('dy', '-0.5em');
        return g;
      });
    marker
      .select('line')
      .attr('x1', (d) => x(d.time))
      .attr('x2', (d) => x(d.time))
      .attr('y1', MARGIN.top)
      .attr('y2', MARGIN.top + innerHeight);
    marker
      .select('text')
      .attr('x', (d) => x(d.time) + 6)
      .attr('y', MARGIN.top + 14)
      .text((d) => d.label);
  }

  function drawLines(x: (t: number) => number, y: (v: number) => number): void {
    const series = tracks.flatMap((track, b) =>
      (['inflight', 'ready'] as const).map((metric) => ({ track, metric, dash: DASHES[b % DASHES.length]! })),
    );
    const path = line<[number, number]>()
      .x((d) => x(d[0]))
      .y((d) => y(d[1]));
    lines
      .selectAll<SVGPathElement, (typeof series)[number]>('path')
      .data(series, (d) => `${d.track.id}:${d.metric}`)
      .join('path')
      .attr('class', (d) => `line line-${d.metric}`)
      .attr('data-broker', (d) => d.track.id)
      .attr('stroke', (d) => options.colors[d.metric])
      .attr('stroke-dasharray', (d) => d.dash)
      .attr('d', (d) => path(points(d.track, d.metric)));
    lines
      .selectAll<SVGCircleElement, (typeof series)[number]>('circle')
      .data(live ? series : [], (d) => `${d.track.id}:${d.metric}`)
      .join('circle')
      .attr('r', 5)
      .attr('fill', (d) => options.colors[d.metric])
      .attr('cx', () => x(live!.frame.time))
      .attr('cy', (d) => y(liveValue(d.track.id, d.metric)));
  }

  /** The samples, plus the live level at the frame's time so the line reaches the cursor. */
  function points(track: BrokerTrack, metric: Metric): [number, number][] {
    const values = track[metric];
    const result: [number, number][] = times.map((t, i) => [t, values[i]!]);
    const last = times[times.length - 1];
    if (live && (last === undefined || live.frame.time > last)) result.push([live.frame.time, liveValue(track.id, metric)]);
    return result;
  }

  function liveValue(broker: string, metric: Metric): number {
    const levels = live?.frame.brokers[broker];
    if (!levels) return 0;
    return metric === 'ready' ? levels.depth : levels.inflight;
  }

  function highest(): number {
    let top = 0;
    for (const track of tracks) {
      for (const v of track.ready) top = Math.max(top, v);
      for (const v of track.inflight) top = Math.max(top, v);
      top = Math.max(top, liveValue(track.id, 'ready'), liveValue(track.id, 'inflight'));
    }
    return top;
  }

  return {
    load(next) {
      run = { ...next, duration: next.duration > 0 ? next.duration : 1 };
      times = [];
      tracks = next.brokers.map((id) => ({ id, ready: [], inflight: [] }));
      live = null;
      requestDraw();
    },
    update(frame) {
      if (frame.runId !== run.runId) return;
      for (const sample of frame.samples) {
        times.push(sample.time);
        for (const track of tracks) {
          const levels = sample.brokers[track.id];
          track.ready.push(levels?.depth ?? 0);
          track.inflight.push(levels?.inflight ?? 0);
        }
      }
      live = frame;
      requestDraw();
    },
    destroy() {
      if (pending !== null) cancelAnimationFrame(pending);
      resize?.disconnect();
      svg.remove();
    },
  };
}
