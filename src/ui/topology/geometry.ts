import { bufferBar, INSTANCES_PER_ROW, stripUnits, type Box, type LayoutNode } from './layout';

export { bufferBar };

/**
 * Geometry inside a node's box, shared by the drawing and the dots so a dot lands exactly on the
 * mark it is about: a queue's buffer bar, a stream's partition strips, a group's instance cells.
 */

/** Height of a box's title row, in layout units. */
export const HEAD_UNITS = 0.6;

/** Strip `partition` of a stream's box (offsets grow to the right; the log end is the right edge). */
export function partitionStrip(box: LayoutNode, partition: number, unit: number): Box {
  const n = Math.max(1, box.node.partitions);
  const step = stripUnits(n) * unit;
  const p = Math.min(Math.max(0, partition), n - 1);
  return { x: box.x + 8, y: box.y + 0.62 * unit + p * step, w: box.w - 16, h: Math.max(1, step - (step > 6 ? 2 : 0)) };
}

/** Cell of instance `slot` (1-based) among `count` in a group's box. */
export function instanceCell(box: LayoutNode, slot: number, count: number, unit: number): Box {
  const n = Math.max(1, count);
  const perRow = Math.min(n, INSTANCES_PER_ROW);
  const rows = Math.ceil(n / INSTANCES_PER_ROW);
  const top = box.y + HEAD_UNITS * unit;
  const areaH = box.h - HEAD_UNITS * unit - 6;
  const size = Math.max(4, Math.min((box.w - 16) / perRow, areaH / rows, unit * 0.5));
  const i = Math.min(Math.max(0, slot - 1), n - 1);
  const col = i % INSTANCES_PER_ROW;
  const row = Math.floor(i / INSTANCES_PER_ROW);
  return { x: box.x + 8 + col * size, y: top + row * size, w: size - 3, h: size - 3 };
}

/** Where a dot leaves (`out`) or reaches (`in`) a node; `slot` and `partition` refine it to a cell or a strip. */
export function anchor(box: LayoutNode, side: 'in' | 'out', unit: number, slot: number, partition: number, instances: number, out: Float32Array, at: number): void {
  let x: number;
  let y: number;
  if (box.node.kind === 'group' && slot > 0) {
    const cell = instanceCell(box, slot, Math.max(instances, slot), unit);
    x = cell.x + cell.w / 2;
    y = cell.y + cell.h / 2;
  } else if (box.node.kind === 'stream' && partition >= 0) {
    // Into a stream at its partition's row, out of it at the row's far end, so no dot crosses the strips.
    const strip = partitionStrip(box, partition, unit);
    x = side === 'in' ? box.x : box.x + box.w;
    y = strip.y + strip.h / 2;
  } else if (box.node.kind === 'queue' || box.node.kind === 'subscription') {
    const bar = bufferBar(box, unit);
    x = side === 'in' ? bar.x : bar.x + bar.w;
    y = bar.y + bar.h / 2;
  } else {
    x = side === 'in' ? box.x : box.x + box.w;
    y = box.y + box.h / 2;
  }
  out[at] = x;
  out[at + 1] = y;
}
