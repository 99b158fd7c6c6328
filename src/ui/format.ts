import { SPEEDS } from '../runtime/protocol';
import type { Scenario } from '../scenario';

/** Pure formatting and lookup helpers for the lab; no DOM, no React. */

const COUNT = new Intl.NumberFormat('en-US');

/** "1,234" */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** Virtual seconds with one decimal: "23.4 s". */
export function formatSeconds(seconds: number): string {
  return `${seconds.toFixed(1)} s`;
}

/** A latency in seconds, precise enough for sub-second values: "0.183 s", "2.41 s", "37.2 s". */
export function formatLatency(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const digits = seconds < 1 ? 3 : seconds < 10 ? 2 : 1;
  return `${seconds.toFixed(digits)} s`;
}

/** "×0.1", "×2", "×1000" */
export function formatSpeed(speed: number): string {
  return `×${speed}`;
}

/** The index in SPEEDS closest to `speed` (on a log scale, since the steps are roughly geometric). */
export function speedIndex(speed: number): number {
  let best = 0;
  for (let i = 1; i < SPEEDS.length; i++) {
    if (Math.abs(Math.log(SPEEDS[i]! / speed)) < Math.abs(Math.log(SPEEDS[best]! / speed))) best = i;
  }
  return best;
}

/** The next speed up (+1) or down (-1) from `speed`, staying within SPEEDS. */
export function nextSpeed(speed: number, direction: 1 | -1): number {
  const i = Math.min(SPEEDS.length - 1, Math.max(0, speedIndex(speed) + direction));
  return SPEEDS[i]!;
}

/** A labelled moment on the chart's time axis. */
export interface TimeMarker {
  time: number;
  label: string;
}

/** One marker per producer burst, so the class sees what caused the jump. */
export function burstMarkers(scenario: Scenario): TimeMarker[] {
  return scenario.producers.flatMap((p) =>
    p.bursts.map((b) => ({ time: b.at, label: `burst: ${formatCount(b.count)} from ${p.id}` })),
  );
}
