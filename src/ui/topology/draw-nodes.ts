import { INSTANCE_STATE, type GroupLevels, type OffsetLevels, type StreamLevels } from '../../runtime/movement';
import type { RunFrame } from '../../runtime/run';
import { formatCount } from '../format';
import { bufferBar, HEAD_UNITS, instanceCell, partitionStrip } from './geometry';
import type { LayoutEdge, LayoutNode, TopologyLayout } from './layout';
import { eventColor, GROUP_MARK_COLORS, TOPOLOGY_COLORS as C } from './palette';

/** Everything the static drawing reads: the layout and the latest levels, by node index. */
export interface NodeLevels {
  frame: RunFrame | null;
  groups: Map<number, GroupLevels>;
  streams: Map<number, StreamLevels>;
  /** Offsets of the groups reading each stream, by stream node. */
  offsets: Map<number, OffsetLevels[]>;
  /** A per-node scale for buffer bars that only grows (and slowly shrinks), so bars do not jitter. */
  scale: Float64Array;
  /** Event-type index by producer node. */
  producerColour: Map<number, number>;
  /** Event activity per edge (decays over time), which thickens busy edges. */
  activity: Float32Array;
}

export function fontSize(unit: number, factor: number, min: number, max: number): number {
  return Math.round(Math.max(min, Math.min(max, unit * factor)));
}

/** Draws the edges under everything else: curves with horizontal tangents, thicker while busy. */
export function drawEdges(ctx: CanvasRenderingContext2D, layout: TopologyLayout, activity: Float32Array, now: number): void {
  ctx.lineCap = 'round';
  layout.edges.forEach((e, i) => {
    ctx.globalAlpha = Math.max(layout.nodes[e.from]!.node.from, layout.nodes[e.to]!.node.from) > now ? 0.35 : 1;
    const busy = Math.min(4, Math.log2(1 + activity[i]!));
    ctx.strokeStyle = e.kind === 'dead-letter' ? C.loss : C.edge;
    ctx.lineWidth = 1.5 + busy;
    ctx.setLineDash(e.kind === 'dead-letter' ? [5, 4] : []);
    ctx.beginPath();
    traceEdge(ctx, e);
    ctx.stroke();
    drawArrowHead(ctx, e);
  });
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

function traceEdge(ctx: CanvasRenderingContext2D, e: LayoutEdge): void {
  ctx.moveTo(e.x0, e.y0);
  if (e.x1 > e.x0 + 4) {
    const dx = (e.x1 - e.x0) / 2;
    ctx.bezierCurveTo(e.x0 + dx, e.y0, e.x1 - dx, e.y1, e.x1, e.y1);
  } else ctx.lineTo(e.x1, e.y1);
}

function drawArrowHead(ctx: CanvasRenderingContext2D, e: LayoutEdge): void {
  const vertical = e.x1 <= e.x0 + 4;
  const s = 5;
  ctx.fillStyle = e.kind === 'dead-letter' ? C.loss : C.edge;
  ctx.beginPath();
  if (vertical) {
    ctx.moveTo(e.x1, e.y1);
    ctx.lineTo(e.x1 - s, e.y1 - s * 1.4);
    ctx.lineTo(e.x1 + s, e.y1 - s * 1.4);
  } else {
    ctx.moveTo(e.x1, e.y1);
    ctx.lineTo(e.x1 - s * 1.4, e.y1 - s);
    ctx.lineTo(e.x1 - s * 1.4, e.y1 + s);
  }
  ctx.fill();
}

/** Opacity of the box of a node that joins later (its text is drawn opaque; see test/ui/contrast.test.ts). */
export const LATER_BOX_ALPHA = 0.45;

/** Draws every node box with its levels. */
export function drawNodes(ctx: CanvasRenderingContext2D, layout: TopologyLayout, levels: NodeLevels): void {
  const now = levels.frame?.time ?? 0;
  for (const box of layout.nodes) {
    if (!box || box.node.kind === 'rule') continue;
    // A subscription or group the timeline adds later is drawn faintly, with when it comes. Only its box
    // fades: its words stay at full strength, as faded text would fall below AA contrast.
    const later = box.node.from > now;
    ctx.globalAlpha = later ? LATER_BOX_ALPHA : 1;
    drawBox(ctx, box, layout.unit);
    ctx.globalAlpha = 1;
    if (later) {
      drawTitle(ctx, box, layout.unit, box.node.label, `added at ${formatCount(box.node.from)} s`);
      continue;
    }
    switch (box.node.kind) {
      case 'producer':
        drawProducer(ctx, box, layout.unit, levels);
        break;
      case 'queue':
      case 'subscription':
        drawQueue(ctx, box, layout.unit, levels);
        break;
      case 'topic':
        drawTitle(ctx, box, layout.unit, box.node.label, 'topic · fan-out');
        break;
      case 'bus':
        drawTitle(ctx, box, layout.unit, box.node.label, 'event bus · rules');
        break;
      case 'stream':
        drawStream(ctx, box, layout.unit, levels);
        break;
      case 'group':
        drawGroup(ctx, box, layout.unit, levels);
        break;
    }
  }
  ctx.globalAlpha = 1;
  for (const box of layout.nodes) if (box?.node.kind === 'rule') drawRule(ctx, box, layout.unit);
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, Math.min(r, h / 2, w / 2));
}

function drawBox(ctx: CanvasRenderingContext2D, box: LayoutNode, unit: number): void {
  roundRect(ctx, box.x, box.y, box.w, box.h, Math.min(10, unit * 0.14));
  ctx.fillStyle = C.box;
  ctx.fill();
  const dlq = box.node.dlq;
  ctx.lineWidth = dlq ? 2 : 1.25;
  ctx.strokeStyle = dlq ? C.loss : C.boxLine;
  ctx.setLineDash(dlq ? [6, 3] : []);
  ctx.stroke();
  ctx.setLineDash([]);
}

/** The title row: the id in bold, and a muted description after it when it fits. */
function drawTitle(ctx: CanvasRenderingContext2D, box: LayoutNode, unit: number, title: string, detail: string, oneRow = false): void {
  const size = fontSize(unit, 0.2, 11, 15);
  const x = box.x + 8;
  const y = box.y + Math.min(HEAD_UNITS * unit * 0.45, size + 4);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.font = `600 ${size}px system-ui, sans-serif`;
  ctx.fillStyle = C.ink;
  const room = box.w - 16;
  const shown = fit(ctx, title, room);
  ctx.fillText(shown, x, y);
  const used = ctx.measureText(shown).width;
  if (detail !== '' && !oneRow && HEAD_UNITS * unit >= size * 2.1) {
    ctx.font = `${size - 2}px system-ui, sans-serif`;
    ctx.fillStyle = C.muted;
    ctx.fillText(fit(ctx, detail, room), x, y + size + 1);
  } else if (detail !== '') {
    // Beside the title only if it fits whole: a cut description reads worse than none.
    ctx.font = `${size - 2}px system-ui, sans-serif`;
    ctx.fillStyle = C.muted;
    if (ctx.measureText(detail).width <= room - used - 8) ctx.fillText(detail, x + used + 8, y);
  }
}

/** The text cut with an ellipsis to `width` pixels. */
function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let n = text.length;
  while (n > 1 && ctx.measureText(`${text.slice(0, n)}…`).width > width) n--;
  // A stub such as "su…" says nothing; leave it out.
  return n < Math.min(6, text.length) ? '' : `${text.slice(0, n)}…`;
}

function drawProducer(ctx: CanvasRenderingContext2D, box: LayoutNode, unit: number, levels: NodeLevels): void {
  ctx.fillStyle = eventColor(levels.producerColour.get(box.node.index) ?? 0);
  ctx.fillRect(box.x + 1, box.y + 4, 5, box.h - 8);
  const p = levels.frame?.producers[box.node.id];
  const rejected = p && p.rejected > 0 ? ` · ${formatCount(p.rejected)} refused` : '';
  drawTitle(ctx, { ...box, x: box.x + 4 }, unit, box.node.label, `producer · ${formatCount(p?.published ?? 0)} sent${rejected}`);
}

/** A queue as its buffer: ready messages (blue) nearest the head, in flight (orange) past it. */
function drawQueue(ctx: CanvasRenderingContext2D, box: LayoutNode, unit: number, levels: NodeLevels): void {
  const b = levels.frame?.brokers[box.node.id];
  const ready = b?.depth ?? 0;
  const inflight = b?.inflight ?? 0;
  const kind = box.node.dlq ? 'dead-letter queue' : box.node.kind === 'subscription' ? 'subscription queue' : 'queue';
  const bar = bufferBar(box, unit);
  const size = fontSize(unit, 0.17, 10, 13);
  // The description takes a second row only if the counts above the bar still fit under it.
  const titleSize = fontSize(unit, 0.2, 11, 15);
  const titleY = Math.min(HEAD_UNITS * unit * 0.45, titleSize + 4);
  const twoRows = bar.y - box.y >= titleY + titleSize * 1.5 + size + 1;
  const counts = `${formatCount(ready)} ready · ${formatCount(inflight)} in flight`;
  // In a small box (compare mode's columns) the counts row would run into the title: the counts take the kind's
  // place beside the title when they fit whole, else the bar alone shows the level (the text alternative keeps the numbers).
  const countsUnder = bar.y - 2 - size >= box.y + titleY + titleSize / 2;
  drawTitle(ctx, box, unit, box.node.label, !countsUnder ? counts : twoRows || !box.node.dlq ? kind : 'DLQ', !twoRows);
  const scale = rescale(levels.scale, box.node.index, ready + inflight);
  ctx.fillStyle = C.track;
  ctx.fillRect(bar.x, bar.y, bar.w, bar.h);
  const wIn = (bar.w * inflight) / scale;
  const wReady = (bar.w * ready) / scale;
  ctx.fillStyle = C.inflight;
  ctx.fillRect(bar.x + bar.w - wIn, bar.y, wIn, bar.h);
  ctx.fillStyle = box.node.dlq ? C.loss : C.ready;
  ctx.fillRect(bar.x + bar.w - wIn - wReady, bar.y, wReady, bar.h);
  if (!countsUnder) return;
  ctx.font = `${size}px system-ui, sans-serif`;
  ctx.fillStyle = C.ink;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillText(fit(ctx, counts, bar.w), bar.x + bar.w, bar.y - 2);
}

/** Grows at once, shrinks slowly (so a draining queue visibly drains), never below 10. */
function rescale(scale: Float64Array, index: number, value: number): number {
  const current = scale[index]!;
  let next = current;
  if (value > current) next = niceCeil(value);
  else if (value < current / 8) next = Math.max(10, niceCeil(value * 2));
  scale[index] = Math.max(10, next);
  return scale[index]!;
}

function niceCeil(value: number): number {
  if (value <= 10) return 10;
  const p = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * p >= value) return m * p;
  return 10 * p;
}

/** A stream as partitions: offsets grow rightwards; retention greys out the deleted tail; group markers show reading. */
function drawStream(ctx: CanvasRenderingContext2D, box: LayoutNode, unit: number, levels: NodeLevels): void {
  const s = levels.streams.get(box.node.index);
  const n = box.node.partitions;
  drawTitle(ctx, box, unit, box.node.label, `stream · ${n} partition${n === 1 ? '' : 's'}`);
  let span = 10;
  if (s) for (let p = 0; p < n; p++) span = Math.max(span, s.end[p] ?? 0);
  span = niceCeil(span);
  const readers = levels.offsets.get(box.node.index) ?? [];
  const size = fontSize(unit, 0.15, 9, 12);
  if (readers.length > 0 && box.w >= 200) {
    // A key for the markers: | read position, ▲ committed offset.
    ctx.font = `${size}px system-ui, sans-serif`;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = C.muted;
    const y = box.y + Math.min(HEAD_UNITS * unit * 0.45, size + 6);
    const right = box.x + box.w - 8;
    const committedText = 'committed';
    ctx.fillText(committedText, right, y);
    const x2 = right - ctx.measureText(committedText).width - 10;
    ctx.fillText('read', x2 - 8, y);
    const x1 = x2 - 8 - ctx.measureText('read').width - 8;
    drawMarkerGlyphs(ctx, x1, y - 6, 12, C.muted, x2 - x1);
  }
  for (let p = 0; p < n; p++) {
    const strip = partitionStrip(box, p, unit);
    const start = s?.start[p] ?? 0;
    const end = s?.end[p] ?? 0;
    const xOf = (offset: number): number => strip.x + (strip.w * Math.min(Math.max(offset, 0), span)) / span;
    ctx.fillStyle = C.track;
    ctx.fillRect(strip.x, strip.y, strip.w, strip.h);
    ctx.fillStyle = C.deleted;
    ctx.fillRect(strip.x, strip.y, xOf(start) - strip.x, strip.h);
    ctx.fillStyle = C.retained;
    ctx.fillRect(xOf(start), strip.y, xOf(end) - xOf(start), strip.h);
    readers.forEach((o, k) => {
      const color = GROUP_MARK_COLORS[k % GROUP_MARK_COLORS.length]!;
      const position = o.position[p]!;
      const committed = o.committed[p]!;
      ctx.fillStyle = color;
      if (position >= 0) ctx.fillRect(xOf(position) - 1, strip.y, 2, strip.h);
      if (committed >= 0) {
        // The committed offset: a small triangle on the strip's lower edge.
        const x = xOf(committed);
        const t = Math.max(3, Math.min(6, strip.h * 0.5));
        ctx.beginPath();
        ctx.moveTo(x, strip.y + strip.h - t);
        ctx.lineTo(x - t * 0.8, strip.y + strip.h);
        ctx.lineTo(x + t * 0.8, strip.y + strip.h);
        ctx.fill();
      }
    });
    if (strip.h >= size + 2) {
      ctx.font = `${size}px system-ui, sans-serif`;
      ctx.fillStyle = C.ink;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(`p${p}`, strip.x + 3, strip.y + strip.h / 2);
      ctx.textAlign = 'right';
      ctx.fillText(formatCount(end), strip.x + strip.w - 3, strip.y + strip.h / 2);
    }
  }
}

/** A group as its instances: a cell each, filled as its slots are busy; crashed grey and crossed; idle members dashed. */
function drawGroup(ctx: CanvasRenderingContext2D, box: LayoutNode, unit: number, levels: NodeLevels): void {
  const g = levels.groups.get(box.node.index);
  const count = g ? g.held.length : box.node.instances;
  const f = levels.frame?.groups[box.node.id];
  const live = g ? g.state.reduce((n, s) => n + (s === INSTANCE_STATE.live ? 1 : 0), 0) : count;
  drawTitle(ctx, box, unit, box.node.label, `${live} of ${count} up · ${formatCount(f?.acked ?? 0)} done`);
  const streamIndex = box.node.reads >= 0 && levels.offsets.has(box.node.reads) ? (levels.offsets.get(box.node.reads) ?? []).findIndex((o) => o.group === box.node.index) : -1;
  // The glyphs this group's markers have on the stream's strips, in its colour.
  if (streamIndex >= 0) drawMarkerGlyphs(ctx, box.x + box.w - 24, box.y + 8, 14, GROUP_MARK_COLORS[streamIndex % GROUP_MARK_COLORS.length]!);
  const slots = Math.max(1, box.node.slots);
  for (let i = 0; i < count; i++) {
    const cell = instanceCell(box, i + 1, count, unit);
    const state = g ? g.state[i]! : INSTANCE_STATE.live;
    if (state === INSTANCE_STATE.absent) {
      ctx.strokeStyle = C.track;
      ctx.lineWidth = 1;
      ctx.strokeRect(cell.x + 0.5, cell.y + 0.5, cell.w - 1, cell.h - 1);
      continue;
    }
    if (state === INSTANCE_STATE.crashed) {
      ctx.fillStyle = C.crashed;
      ctx.fillRect(cell.x, cell.y, cell.w, cell.h);
      ctx.strokeStyle = C.box;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(cell.x + 3, cell.y + 3);
      ctx.lineTo(cell.x + cell.w - 3, cell.y + cell.h - 3);
      ctx.moveTo(cell.x + cell.w - 3, cell.y + 3);
      ctx.lineTo(cell.x + 3, cell.y + cell.h - 3);
      ctx.stroke();
      continue;
    }
    const held = g ? g.held[i]! : 0;
    const idle = g !== undefined && g.owned[i] === 0;
    ctx.fillStyle = C.track;
    ctx.fillRect(cell.x, cell.y, cell.w, cell.h);
    const busy = Math.min(1, held / slots);
    ctx.fillStyle = C.inflight;
    ctx.fillRect(cell.x, cell.y + cell.h * (1 - busy), cell.w, cell.h * busy);
    ctx.lineWidth = 1.25;
    ctx.strokeStyle = idle ? C.muted : C.boxLine;
    ctx.setLineDash(idle ? [3, 2] : []);
    ctx.strokeRect(cell.x + 0.5, cell.y + 0.5, cell.w - 1, cell.h - 1);
    ctx.setLineDash([]);
    if (idle && cell.w >= 26) {
      ctx.font = `${fontSize(cell.w, 0.3, 8, 11)}px system-ui, sans-serif`;
      ctx.fillStyle = C.muted;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('idle', cell.x + cell.w / 2, cell.y + cell.h / 2);
    } else if (held > slots && cell.w >= 18) {
      // More held than it can process at once: the rest waits in its prefetch buffer.
      ctx.font = `${fontSize(cell.w, 0.32, 8, 11)}px system-ui, sans-serif`;
      ctx.fillStyle = C.box;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(formatCount(held), cell.x + cell.w / 2, cell.y + cell.h / 2);
    }
  }
}

/** A read-position bar at (x, y) and, `gap` pixels right of it, a committed-offset triangle. */
function drawMarkerGlyphs(ctx: CanvasRenderingContext2D, x: number, y: number, h: number, color: string, gap = 10): void {
  ctx.fillStyle = color;
  ctx.fillRect(x - 1, y, 2, h);
  ctx.beginPath();
  ctx.moveTo(x + gap, y + h - 6);
  ctx.lineTo(x + gap - 5, y + h);
  ctx.lineTo(x + gap + 5, y + h);
  ctx.fill();
}

function drawRule(ctx: CanvasRenderingContext2D, box: LayoutNode, unit: number): void {
  roundRect(ctx, box.x, box.y, box.w, box.h, 5);
  ctx.fillStyle = C.rule;
  ctx.fill();
  ctx.strokeStyle = C.boxLine;
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.font = `${fontSize(unit, 0.16, 10, 13)}px system-ui, sans-serif`;
  ctx.fillStyle = C.ink;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(fit(ctx, `rule ${box.node.label}`, box.w - 12), box.x + 6, box.y + box.h / 2);
}
