import type { Run } from '../runtime';
import { formatQuantity, formatRate, formatSeconds } from './format-number';

/** Where the bar is drawn: an interactive stderr. */
export interface ProgressTerminal {
  write(text: string): void;
  readonly columns: number;
}

export interface ProgressOptions {
  /** Wall-clock milliseconds from any origin. */
  clock: () => number;
  /** Draw on this terminal; without one the run simply goes to its end in one piece. */
  terminal?: ProgressTerminal;
}

/** Quiet runs stay quiet: the bar appears only once a run has taken this long. */
const SHOW_AFTER_MS = 1000;
/** Redraws at most this often, so drawing never costs the run noticeable time. */
const REDRAW_EVERY_MS = 100;
/** The run advances in this many slices of virtual time, so the bar can move between them. */
const SLICES = 1000;

/**
 * Runs to the end of the scenario. With a terminal it advances in slices of virtual time and, once the
 * run has lasted more than a second, redraws a one-line bar with the virtual time and events per
 * second, erasing it at the end (also when the run throws, e.g. on a budget). Slicing does not change
 * the result: events run in the same order whatever the slice boundaries.
 */
export function runToEnd(run: Run, options: ProgressOptions): void {
  const { terminal, clock } = options;
  if (terminal === undefined) {
    run.advanceTo(run.duration);
    return;
  }
  const started = clock();
  let lastDraw = started;
  let lastEvents = run.events;
  let drawn = false;
  try {
    for (let slice = 1; !run.done; slice++) {
      run.advanceTo(slice >= SLICES ? run.duration : (run.duration * slice) / SLICES);
      const now = clock();
      if (now - started < SHOW_AFTER_MS || now - lastDraw < REDRAW_EVERY_MS) continue;
      const eventsPerSecond = ((run.events - lastEvents) * 1000) / (now - lastDraw);
      terminal.write(`\r${progressLine({ time: run.now, duration: run.duration, eventsPerSecond }, terminal.columns)}\x1b[K`);
      drawn = true;
      lastDraw = now;
      lastEvents = run.events;
    }
  } finally {
    if (drawn) terminal.write('\r\x1b[2K');
  }
}

export interface ProgressState {
  /** Virtual time reached, in seconds. */
  time: number;
  duration: number;
  eventsPerSecond: number;
}

/** One line, at most `columns - 1` characters: `[#####.....]  42% 25.2/60 s virtual · 1.25M events/s`. */
export function progressLine(state: ProgressState, columns: number): string {
  const fraction = state.duration > 0 ? Math.min(1, Math.max(0, state.time / state.duration)) : 1;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const text = `${percent} ${formatQuantity(state.time)}/${formatSeconds(state.duration)} s virtual · ${formatRate(state.eventsPerSecond)} events/s`;
  const barWidth = Math.min(30, columns - 1 - text.length - 3);
  if (barWidth < 5) return text.slice(0, Math.max(0, columns - 1));
  const filled = Math.round(fraction * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${text}`;
}
