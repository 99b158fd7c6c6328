import type { TraceRecord } from '../../../src/model';
import type { Distribution } from '../../../src/engine';

/**
 * One line per record, naming the broker as well (a shared group's records move from the stream to
 * its queue): `time kind m<message> <broker> p<partition>@<offset> <group> <consumer> <reason> a<attempt>`.
 */
export function shareLine(r: TraceRecord): string {
  const parts: string[] = [String(r.time), r.kind];
  if (r.message !== 0) parts.push(`m${r.message}`);
  parts.push(r.broker);
  if (r.partition >= 0) parts.push(`p${r.partition}@${r.offset}`);
  if (r.group !== '') parts.push(r.group);
  if (r.consumer !== '') parts.push(r.consumer);
  if (r.reason !== '') parts.push(r.reason);
  if (r.attempt !== 0) parts.push(`a${r.attempt}`);
  return parts.join(' ');
}

/** Processing times taken in order from `values`, then 1 s each: a test decides which attempt is slow. */
export function sequence(...values: number[]): Distribution {
  const left = [...values];
  return { mean: 1, sample: () => left.shift() ?? 1 };
}
