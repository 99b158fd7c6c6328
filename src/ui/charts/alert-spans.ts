import type { AlertMark } from '../../runtime/protocol';

/** One alert's firing period; `to` is null while it still fires. */
export interface AlertSpan {
  name: string;
  from: number;
  to: number | null;
  /** The row of the alert strip it is drawn in (one per alert name, in order of first firing). */
  row: number;
}

/**
 * Pairs each rule's fire with its next resolve. A resolve with no fire before it (the rule was quiet)
 * and a repeated fire while firing change nothing.
 */
export function alertSpans(marks: readonly AlertMark[]): AlertSpan[] {
  const spans: AlertSpan[] = [];
  const open = new Map<string, AlertSpan>();
  const rows = new Map<string, number>();
  for (const mark of marks) {
    const current = open.get(mark.name);
    if (mark.firing && !current) {
      if (!rows.has(mark.name)) rows.set(mark.name, rows.size);
      const span: AlertSpan = { name: mark.name, from: mark.time, to: null, row: rows.get(mark.name)! };
      spans.push(span);
      open.set(mark.name, span);
    } else if (!mark.firing && current) {
      current.to = mark.time;
      open.delete(mark.name);
    }
  }
  return spans;
}
