import type { ProgressTerminal } from '../progress';

/** Redraws at most this often; a sweep's runs may finish thousands of times a second. */
const REDRAW_EVERY_MS = 100;

/**
 * One line, at most `columns - 1` characters: `[######......]  40% 40/100 runs · ETA 12 s`. The ETA assumes
 * the remaining runs take as long on average as the finished ones; it is left out until one has finished.
 */
export function sweepProgressLine(done: number, total: number, elapsedMs: number, columns: number): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const eta = done > 0 ? ` · ETA ${formatDuration(((total - done) * elapsedMs) / done / 1000)}` : '';
  const text = `${`${Math.floor(fraction * 100)}%`.padStart(4)} ${done}/${total} runs${eta}`;
  const barWidth = Math.min(30, columns - 1 - text.length - 3);
  if (barWidth < 5) return text.slice(0, Math.max(0, columns - 1));
  const filled = Math.round(fraction * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${text}`;
}

/** Whole seconds under a minute, else minutes and seconds: `7 s`, `3 min 05 s`. */
export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Draws the sweep's progress on a terminal as results arrive; `clear` erases the line at the end. */
export class SweepProgress {
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private readonly started: number;

  constructor(
    private readonly terminal: ProgressTerminal,
    private readonly clock: () => number,
  ) {
    this.started = clock();
  }

  /** Called with the number of finished runs; pre-bound so the pool can call it directly. */
  readonly update = (done: number, total: number): void => {
    const now = this.clock();
    if (now - this.lastDraw < REDRAW_EVERY_MS && done < total) return;
    this.lastDraw = now;
    this.drawn = true;
    this.terminal.write(`\r${sweepProgressLine(done, total, now - this.started, this.terminal.columns)}\x1b[K`);
  };

  clear(): void {
    if (this.drawn) this.terminal.write('\r\x1b[2K');
  }
}
