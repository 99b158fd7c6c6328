/**
 * Decides when the worker posts a report snapshot. A mid-run report costs about a millisecond, far
 * more than a frame, and the table it feeds is read by people, so a few a second is plenty while
 * playing; a pause, a step or the end of the run always gets one, so what the table shows then is
 * exactly the state on screen.
 */
export class SnapshotPacer {
  private lastAt = -Infinity;

  /** `intervalMs`: the least wall time between two snapshots while playing. */
  constructor(private readonly intervalMs = 250) {}

  /** Whether to post a snapshot now; `settled` is true when the run is paused, stepped or done. */
  due(nowMs: number, settled: boolean): boolean {
    if (!settled && nowMs - this.lastAt < this.intervalMs) return false;
    this.lastAt = nowMs;
    return true;
  }

  /** Forgets the last snapshot, so the next call is due (a new run was loaded). */
  reset(): void {
    this.lastAt = -Infinity;
  }
}
