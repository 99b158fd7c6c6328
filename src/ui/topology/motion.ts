import { MOVE, type MovementBatch } from '../../runtime/movement';
import { progressOf, type DotRing } from './dot-ring';
import { anchor } from './geometry';
import type { TopologyLayout } from './layout';
import { EVENT_COLORS, TOPOLOGY_COLORS as C } from './palette';

/**
 * Turns a frame's movements into animations: travelling dots for messages that move between nodes,
 * bursts for what happens at one place (a drop, an expiry). Style codes are `shape << 4 | colour`.
 */

export const SHAPE = { dot: 0, ring: 1, diamond: 2, hollow: 3, cross: 4, fade: 5 } as const;

/** Wall milliseconds a dot takes along an edge, and a burst lasts. */
export const TRAVEL_MS = 650;
export const BURST_MS = 750;
/** Without motion, a burst stays still this long instead of growing. */
export const STILL_MS = 1000;

export function styleOf(shape: number, colour: number): number {
  return (shape << 4) | (colour & 15);
}

export interface SpawnContext {
  layout: TopologyLayout;
  /** Instances of a group now (to place its cells), by node index. */
  instances: (node: number) => number;
  /** Edge index by `from * 65536 + to`, for the activity of edges. */
  edgeIndex: Map<number, number>;
  activity: Float32Array;
  /** No travelling dots: bursts stand still, and edge activity shows what moves. */
  reducedMotion: boolean;
}

const scratch = new Float32Array(4);

/**
 * Spawns the animations of one batch, spread over `spreadMs` of wall time from `now` in the order the
 * records happened on virtual time, so a frame's movements do not all leave at once.
 */
export function spawnBatch(batch: MovementBatch, ctx: SpawnContext, dots: DotRing, bursts: DotRing, now: number, spreadMs: number): void {
  const { layout } = ctx;
  const span = batch.end - batch.start;
  for (let i = 0; i < batch.count; i++) {
    const kind = batch.kind[i]!;
    const from = batch.from[i]!;
    const to = batch.to[i]!;
    const a = layout.nodes[from];
    const b = layout.nodes[to];
    if (!a || !b) continue;
    const start = now + (span > 0 ? Math.min(1, Math.max(0, (batch.time[i]! - batch.start) / span)) * spreadMs : 0);
    const colour = batch.colour[i]!;
    const edge = ctx.edgeIndex.get(from * 65536 + to) ?? ctx.edgeIndex.get(to * 65536 + from);
    if (edge !== undefined) ctx.activity[edge]! += 1;
    switch (kind) {
      case MOVE.dropped:
      case MOVE.rejected:
      case MOVE.expired: {
        const at = kind === MOVE.rejected ? b : a;
        anchor(at, 'in', layout.unit, batch.slot[i]!, -1, ctx.instances(at.node.index), scratch, 0);
        const shape = kind === MOVE.expired ? SHAPE.fade : SHAPE.cross;
        bursts.spawn(scratch[0]!, scratch[1]!, 0, 0, start, ctx.reducedMotion ? STILL_MS : BURST_MS, styleOf(shape, 0));
        break;
      }
      case MOVE['dead-lettered']:
      case MOVE.redriven:
        if (from === to) {
          anchor(a, 'in', layout.unit, 0, -1, 0, scratch, 0);
          bursts.spawn(scratch[0]!, scratch[1]!, 0, 0, start, ctx.reducedMotion ? STILL_MS : BURST_MS, styleOf(SHAPE.cross, 0));
        } else if (!ctx.reducedMotion) {
          // Straight down (or up) between a queue and the DLQ under it.
          const down = b.y >= a.y;
          dots.spawn(a.x + a.w / 2, down ? a.y + a.h : a.y, b.x + b.w / 2, down ? b.y : b.y + b.h, start, TRAVEL_MS, styleOf(kind === MOVE.redriven ? SHAPE.dot : SHAPE.diamond, colour), batch.message[i]!);
        }
        break;
      case MOVE.acked:
      case MOVE.appended:
        break;
      default: {
        if (ctx.reducedMotion) break;
        anchor(a, 'out', layout.unit, kind === MOVE.requeued ? batch.slot[i]! : 0, batch.partition[i]!, ctx.instances(from), scratch, 0);
        anchor(b, 'in', layout.unit, kind === MOVE.requeued ? 0 : batch.slot[i]!, batch.partition[i]!, ctx.instances(to), scratch, 2);
        let x1 = scratch[2]!;
        let y1 = scratch[3]!;
        let shape: number = SHAPE.dot;
        if (kind === MOVE.redelivered || kind === MOVE.requeued) shape = SHAPE.ring;
        else if (kind === MOVE.filtered) {
          // A filtered copy gets halfway and stops: it never enters the subscription.
          shape = SHAPE.hollow;
          x1 = (scratch[0]! + x1) / 2;
          y1 = (scratch[1]! + y1) / 2;
        }
        dots.spawn(scratch[0]!, scratch[1]!, x1, y1, start, kind === MOVE.filtered ? TRAVEL_MS / 2 : TRAVEL_MS, styleOf(shape, colour), batch.message[i]!);
      }
    }
  }
}

/** Position of dot `i` at progress `t` along a curve with horizontal tangents (as the edges are drawn). */
function position(dots: DotRing, i: number, t: number, out: Float32Array): void {
  const x0 = dots.x0[i]!;
  const y0 = dots.y0[i]!;
  const x1 = dots.x1[i]!;
  const y1 = dots.y1[i]!;
  if (x1 > x0 + 4) {
    // Cubic Bézier with control points halfway across, at the end points' heights.
    const u = 1 - t;
    const dx = (x1 - x0) / 2;
    const c1 = x0 + dx;
    const c2 = x1 - dx;
    out[0] = u * u * u * x0 + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * x1;
    out[1] = u * u * u * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y1 + t * t * t * y1;
  } else {
    out[0] = x0 + (x1 - x0) * t;
    out[1] = y0 + (y1 - y0) * t;
  }
}

const at = new Float32Array(2);

/**
 * The message of the travelling dot nearest to (x, y) at wall time `now`, within `radius` pixels, or
 * 0 when there is none: what a click on the canvas asks about.
 */
export function pickDot(dots: DotRing, now: number, x: number, y: number, radius: number): number {
  let best = 0;
  let bestDistance = radius * radius;
  for (let k = 0; k < dots.size; k++) {
    const i = dots.at(k);
    if (dots.message[i] === 0) continue;
    const t = progressOf(dots, i, now);
    if (t < 0 || t >= 1) continue;
    position(dots, i, t, at);
    const dx = at[0]! - x;
    const dy = at[1]! - y;
    const distance = dx * dx + dy * dy;
    if (distance <= bestDistance) {
      bestDistance = distance;
      best = dots.message[i]!;
    }
  }
  return best;
}

/** Draws the travelling dots: one path per colour and shape, so 5,000 dots cost a few fills. */
export function drawDots(ctx: CanvasRenderingContext2D, dots: DotRing, now: number, radius: number): number {
  const n = dots.size;
  let drawn = 0;
  const passes: [number, string, 'fill' | 'stroke'][] = [];
  for (let c = 0; c < EVENT_COLORS.length; c++) passes.push([styleOf(SHAPE.dot, c), EVENT_COLORS[c]!, 'fill'], [styleOf(SHAPE.ring, c), EVENT_COLORS[c]!, 'fill']);
  for (const [style, color] of passes) {
    ctx.beginPath();
    let any = false;
    for (let k = 0; k < n; k++) {
      const i = dots.at(k);
      if (dots.style[i] !== style) continue;
      const t = progressOf(dots, i, now);
      if (t < 0 || t >= 1) continue;
      position(dots, i, t, at);
      ctx.moveTo(at[0]! + radius, at[1]!);
      ctx.arc(at[0]!, at[1]!, radius, 0, Math.PI * 2);
      any = true;
      drawn++;
    }
    if (any) {
      ctx.fillStyle = color;
      ctx.fill();
    }
  }
  // Redeliveries: a dark ring around the dot.
  ctx.beginPath();
  let rings = false;
  for (let k = 0; k < n; k++) {
    const i = dots.at(k);
    if (dots.style[i]! >> 4 !== SHAPE.ring) continue;
    const t = progressOf(dots, i, now);
    if (t < 0 || t >= 1) continue;
    position(dots, i, t, at);
    ctx.moveTo(at[0]! + radius + 2, at[1]!);
    ctx.arc(at[0]!, at[1]!, radius + 2, 0, Math.PI * 2);
    rings = true;
  }
  if (rings) {
    ctx.strokeStyle = C.ink;
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }
  // Dead-lettered: vermillion diamonds; filtered: hollow grey circles.
  ctx.beginPath();
  let diamonds = false;
  for (let k = 0; k < n; k++) {
    const i = dots.at(k);
    if (dots.style[i]! >> 4 !== SHAPE.diamond) continue;
    const t = progressOf(dots, i, now);
    if (t < 0 || t >= 1) continue;
    position(dots, i, t, at);
    const r = radius + 2;
    ctx.moveTo(at[0]!, at[1]! - r);
    ctx.lineTo(at[0]! + r, at[1]!);
    ctx.lineTo(at[0]!, at[1]! + r);
    ctx.lineTo(at[0]! - r, at[1]!);
    ctx.closePath();
    diamonds = true;
    drawn++;
  }
  if (diamonds) {
    ctx.fillStyle = C.loss;
    ctx.fill();
  }
  ctx.beginPath();
  let hollow = false;
  for (let k = 0; k < n; k++) {
    const i = dots.at(k);
    if (dots.style[i]! >> 4 !== SHAPE.hollow) continue;
    const t = progressOf(dots, i, now);
    if (t < 0 || t >= 1) continue;
    position(dots, i, t, at);
    ctx.moveTo(at[0]! + radius, at[1]!);
    ctx.arc(at[0]!, at[1]!, radius, 0, Math.PI * 2);
    hollow = true;
    drawn++;
  }
  if (hollow) {
    ctx.strokeStyle = C.expired;
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }
  return drawn;
}

/** Draws the bursts: a vermillion cross for a loss, a grey ring for an expiry; growing and fading unless `still`. */
export function drawBursts(ctx: CanvasRenderingContext2D, bursts: DotRing, now: number, still: boolean): void {
  const n = bursts.size;
  ctx.lineWidth = 2;
  for (let k = 0; k < n; k++) {
    const i = bursts.at(k);
    const t = progressOf(bursts, i, now);
    if (t < 0 || t >= 1) continue;
    const x = bursts.x0[i]!;
    const y = bursts.y0[i]!;
    const r = still ? 6 : 4 + 9 * t;
    ctx.globalAlpha = still ? 1 : 1 - t;
    ctx.beginPath();
    if (bursts.style[i]! >> 4 === SHAPE.cross) {
      ctx.strokeStyle = C.loss;
      ctx.moveTo(x - r, y - r);
      ctx.lineTo(x + r, y + r);
      ctx.moveTo(x + r, y - r);
      ctx.lineTo(x - r, y + r);
    } else {
      ctx.strokeStyle = C.expired;
      ctx.arc(x, y, r, 0, Math.PI * 2);
    }
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}
