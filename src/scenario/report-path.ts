/**
 * Paths into the JSON run report, as expectations write them: `groups.email.acked`,
 * `groups.*.endToEnd.p99`, and `brokers[orders.dlq].depth.max` for an id that contains a dot (ids may).
 * A segment is a key, `*` (every key of a map, or every entry of a list), or a bracketed key or list index.
 */

/** One step of a report path: a key (or list index, written as digits), or `*` for every one. */
export type ReportPathSegment = string | typeof WILDCARD;

export const WILDCARD: unique symbol = Symbol('*');

const SEGMENT = /^(?:[A-Za-z0-9_$#-]+|\*)$/;
const BRACKETED = /^[A-Za-z0-9_$#.-]+$/;

/** Parses a report path; undefined when it is not one (empty segments, unbalanced brackets, stray characters). */
export function parseReportPath(text: string): ReportPathSegment[] | undefined {
  const segments: ReportPathSegment[] = [];
  let i = 0;
  let needKey = true;
  while (i < text.length) {
    const c = text[i];
    if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) return undefined;
      const inner = text.slice(i + 1, close);
      if (!BRACKETED.test(inner) && inner !== '*') return undefined;
      segments.push(inner === '*' ? WILDCARD : inner);
      i = close + 1;
      needKey = false;
    } else if (c === '.') {
      if (needKey) return undefined;
      needKey = true;
      i++;
    } else {
      if (!needKey) return undefined;
      let end = i;
      while (end < text.length && text[end] !== '.' && text[end] !== '[') end++;
      const key = text.slice(i, end);
      if (!SEGMENT.test(key)) return undefined;
      segments.push(key === '*' ? WILDCARD : key);
      i = end;
      needKey = false;
    }
  }
  if (needKey || segments.length === 0) return undefined;
  return segments;
}

/** Writes segments back as a path: dots, with brackets around keys that contain one. */
export function formatReportPath(segments: readonly ReportPathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (segment === WILDCARD) out += out === '' ? '*' : '.*';
    else if (segment.includes('.')) out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
