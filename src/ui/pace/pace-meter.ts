/**
 * How fast the run really goes: virtual seconds per wall second over a sliding window of frames, to
 * compare with the speed asked for. A heavy scenario at a high speed can outrun the worker; the lab
 * then says so instead of pretending.
 */
export class PaceMeter {
  private readonly wall: number[] = [];
  private readonly virtual: number[] = [];

  /** `windowMs`: how much recent wall time the measurement covers. */
  constructor(private readonly windowMs = 2000) {}

  /** Records a frame: the wall time it arrived (ms) and the virtual time it shows (s). */
  add(wallMs: number, virtualSeconds: number): void {
    this.wall.push(wallMs);
    this.virtual.push(virtualSeconds);
    while (this.wall.length > 2 && wallMs - this.wall[0]! > this.windowMs) {
      this.wall.shift();
      this.virtual.shift();
    }
  }

  /** Forgets everything (a pause, a seek, a new run): speed is measured over continuous play only. */
  reset(): void {
    this.wall.length = 0;
    this.virtual.length = 0;
  }

  /** Virtual seconds per wall second over the window, or null until it covers most of the window. */
  achieved(): number | null {
    const n = this.wall.length;
    if (n < 2) return null;
    const span = this.wall[n - 1]! - this.wall[0]!;
    if (span < this.windowMs * 0.75) return null;
    return ((this.virtual[n - 1]! - this.virtual[0]!) * 1000) / span;
  }
}

/** The run counts as keeping pace at or above this share of the speed asked for. */
export const KEEPING_PACE = 0.9;
