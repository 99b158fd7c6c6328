import type { ExplainTarget } from '../../runtime/explain';
import type { FrameMessage } from '../../runtime/protocol';
import { topologyGraph, type TopologyGraph } from '../../runtime/topology-graph';
import type { Scenario } from '../../scenario';
import { formatCount } from '../format';
import { DotRing } from './dot-ring';
import { drawEdges, drawNodes, type NodeLevels } from './draw-nodes';
import { layoutTopology, preferredHeight, type TopologyLayout } from './layout';
import { instanceCell } from './geometry';
import { drawBursts, drawDots, pickDot, spawnBatch } from './motion';
import { TOPOLOGY_COLORS as C } from './palette';

export interface TopologyCanvasOptions {
  /** Accessible name of the canvas (a text alternative is the component's job). */
  label: string;
  /** Draw no travelling dots; default: the user's prefers-reduced-motion setting. */
  reducedMotion?: boolean;
  /** Dots animating at most at once. */
  capacity?: number;
}

export interface TopologyCanvas {
  /** Starts drawing the run `runId` of `scenario` (its layout, empty levels). */
  load(scenario: Scenario, runId: number): void;
  /** Takes a worker frame's levels and movements; drawing happens on animation frames. */
  update(frame: FrameMessage): void;
  /** Re-reads the container's size (the controller also watches it by itself). */
  resize(): void;
  /**
   * What is under a point given in client (viewport) coordinates: the message of a travelling dot, or a
   * consumer instance (a group's box picks its first instance), or null.
   */
  pick(clientX: number, clientY: number): ExplainTarget | null;
  destroy(): void;
}

/** The most wall time one frame's movements are spread over, so a slow frame does not lag behind. */
const MAX_SPREAD_MS = 250;
const MIN_HEIGHT = 220;
/** How far from a dot's centre a click still picks it, in CSS pixels: a dot is small and moving. */
const PICK_RADIUS = 12;
const DEFAULT_MAX_HEIGHT = 480;

/**
 * The topology canvas: producers, brokers and groups as boxes with their levels, and the messages
 * moving between them as dots. A vanilla controller on a <canvas>, driven by requestAnimationFrame and
 * independent of React; it sleeps when nothing moves.
 */
export function createTopologyCanvas(container: HTMLElement, options: TopologyCanvasOptions): TopologyCanvas {
  const canvas = document.createElement('canvas');
  canvas.className = 'topology-canvas';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', options.label);
  container.append(canvas);
  // Taken on the first real draw: a container with no size (hidden, or a DOM without layout) draws nothing.
  let context: CanvasRenderingContext2D | null = null;
  const motionQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
  const reducedMotion = (): boolean => options.reducedMotion ?? motionQuery?.matches ?? false;

  const capacity = options.capacity ?? 6000;
  const dots = new DotRing(capacity);
  const bursts = new DotRing(1024);
  let graph: TopologyGraph | null = null;
  let runId = -1;
  let layout: TopologyLayout | null = null;
  let edgeIndex = new Map<number, number>();
  let levels: NodeLevels = emptyLevels(0, 0);
  let width = 0;
  let height = 0;
  let pending: number | null = null;
  let lastFrameWall = 0;
  let lastDraw = 0;
  /** Last time a frame's movements were sampled, and how many were shown of how many. */
  let sampled = { at: -Infinity, shown: 0, total: 0 };

  const relayout = (): void => {
    width = container.clientWidth === 0 ? 0 : Math.max(container.clientWidth, 320);
    // The container caps the height (CSS max-height); a small topology takes less of the page.
    const cap = Number.parseFloat(typeof getComputedStyle === 'function' ? getComputedStyle(container).maxHeight : '');
    height = Math.max(MIN_HEIGHT, Number.isFinite(cap) ? cap : DEFAULT_MAX_HEIGHT);
    if (graph) {
      layout = layoutTopology(graph, width, height);
      height = Math.min(height, preferredHeight(layout, MIN_HEIGHT));
    }
    const dpr = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    if (width > 0) context ??= canvas.getContext('2d');
    context?.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (graph) {
      layout = layoutTopology(graph, width, height);
      edgeIndex = new Map(layout.edges.map((e, i) => [e.from * 65536 + e.to, i]));
    }
    // Dots in flight were placed on the old layout; dropping them is cheaper than remapping.
    dots.clear();
    bursts.clear();
    requestDraw();
  };

  const requestDraw = (): void => {
    if (pending === null && typeof requestAnimationFrame === 'function') pending = requestAnimationFrame(draw);
  };

  // The container's height follows the canvas, so only a change of width (or of the cap) needs a new layout.
  let observed = '';
  const onResize = (): void => {
    const key = `${container.clientWidth} ${typeof getComputedStyle === 'function' ? getComputedStyle(container).maxHeight : ''}`;
    if (key === observed) return;
    observed = key;
    relayout();
  };
  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(onResize);
  observer?.observe(container);
  const onMotionChange = (): void => requestDraw();
  motionQuery?.addEventListener('change', onMotionChange);

  function draw(now: number): void {
    pending = null;
    if (!context || width === 0) return;
    const dt = lastDraw === 0 ? 16 : Math.min(250, now - lastDraw);
    lastDraw = now;
    context.fillStyle = C.ground;
    context.fillRect(0, 0, width, height);
    if (!layout) return;
    // Edge activity fades with a half-life of about half a second.
    const decay = Math.pow(0.5, dt / 500);
    let active = false;
    for (let i = 0; i < levels.activity.length; i++) {
      levels.activity[i]! *= decay;
      if (levels.activity[i]! > 0.05) active = true;
    }
    drawEdges(context, layout, levels.activity, levels.frame?.time ?? 0);
    dots.retire(now);
    bursts.retire(now);
    const still = reducedMotion();
    canvas.dataset.motion = still ? 'reduced' : 'full';
    // Dots pass under the boxes: they show along the edges and never hide a label or a level.
    if (!still) canvas.dataset.active = String(drawDots(context, dots, now, Math.max(2.5, Math.min(4.5, layout.unit * 0.055))));
    drawNodes(context, layout, levels);
    drawBursts(context, bursts, now, still);
    if (now - sampled.at < 1500) drawSampledNote(context, width, sampled.shown, sampled.total);
    if (active || dots.size > 0 || bursts.size > 0) requestDraw();
  }

  return {
    load(scenario, id) {
      runId = id;
      graph = topologyGraph(scenario);
      levels = emptyLevels(graph.nodes.length, 0);
      for (const [producer, type] of graph.producerType) levels.producerColour.set(graph.byId.get(producer)!, type);
      relayout();
      levels.activity = new Float32Array(layout?.edges.length ?? 0);
      canvas.dataset.nodes = String(graph.nodes.length);
    },
    update(message) {
      if (message.runId !== runId || !graph) return;
      levels.frame = message.frame;
      const topology = message.topology;
      if (topology) {
        levels.groups = new Map(topology.groups.map((g) => [g.node, g]));
        levels.streams = new Map(topology.streams.map((s) => [s.node, s]));
        levels.offsets = new Map();
        for (const o of topology.offsets) levels.offsets.set(o.stream, [...(levels.offsets.get(o.stream) ?? []), o]);
        const now = typeof performance === 'undefined' ? 0 : performance.now();
        const spread = Math.min(MAX_SPREAD_MS, Math.max(16, now - lastFrameWall));
        lastFrameWall = now;
        const batch = topology.movement;
        if (layout && batch.count > 0) {
          const groups = levels.groups;
          spawnBatch(
            batch,
            { layout, instances: (node) => groups.get(node)?.held.length ?? graph?.nodes[node]?.instances ?? 1, edgeIndex, activity: levels.activity, reducedMotion: reducedMotion() },
            dots,
            bursts,
            now,
            spread,
          );
        }
        if (batch.omitted > 0) sampled = { at: now, shown: batch.count, total: batch.count + batch.omitted };
        canvas.dataset.moves = String(batch.count + batch.omitted);
      }
      requestDraw();
    },
    resize: relayout,
    pick(clientX, clientY) {
      if (!layout) return null;
      const rect = canvas.getBoundingClientRect();
      const x = clientX - rect.left;
      const y = clientY - rect.top;
      const now = typeof performance === 'undefined' ? 0 : performance.now();
      const message = pickDot(dots, now, x, y, PICK_RADIUS);
      if (message > 0) return { kind: 'message', id: message };
      for (const box of layout.nodes) {
        if (box.node.kind !== 'group' || x < box.x || x > box.x + box.w || y < box.y || y > box.y + box.h) continue;
        const count = levels.groups.get(box.node.index)?.held.length ?? box.node.instances;
        for (let slot = 1; slot <= count; slot++) {
          const cell = instanceCell(box, slot, count, layout.unit);
          if (x >= cell.x && x <= cell.x + cell.w && y >= cell.y && y <= cell.y + cell.h) return { kind: 'consumer', id: `${box.node.id}#${slot}` };
        }
        return { kind: 'consumer', id: `${box.node.id}#1` };
      }
      return null;
    },
    destroy() {
      if (pending !== null) cancelAnimationFrame(pending);
      pending = null;
      observer?.disconnect();
      motionQuery?.removeEventListener('change', onMotionChange);
      canvas.remove();
    },
  };
}

function emptyLevels(nodes: number, edges: number): NodeLevels {
  return {
    frame: null,
    groups: new Map(),
    streams: new Map(),
    offsets: new Map(),
    scale: new Float64Array(nodes).fill(10),
    producerColour: new Map(),
    activity: new Float32Array(edges),
  };
}

function drawSampledNote(ctx: CanvasRenderingContext2D, width: number, shown: number, total: number): void {
  const text = `sampled: ${formatCount(shown)} of ${formatCount(total)} moves shown`;
  ctx.font = '12px system-ui, sans-serif';
  const w = ctx.measureText(text).width + 12;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
  ctx.fillRect(width - w - 8, 6, w, 20);
  ctx.fillStyle = C.ink;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, width - w - 2, 16);
}

