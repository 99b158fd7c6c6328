/**
 * One network connection with a bandwidth and a latency: a message of n bytes occupies it for
 * n / bandwidth seconds and arrives `latency` seconds after its last byte left. Transfers go one after
 * another, as on one TCP connection, so a large payload delays every message behind it
 * (head-of-line blocking). This is how payload size turns into time.
 */
export interface LinkOptions {
  /** Bytes per second the connection carries, > 0. */
  bandwidthBytesPerSecond: number;
  /** Seconds from the last byte sent to its arrival, >= 0. */
  latency: number;
}

export class NetworkLink {
  /** When the connection has sent everything handed to it so far. */
  private freeAt = 0;

  constructor(private readonly options: LinkOptions) {
    const { bandwidthBytesPerSecond, latency } = options;
    if (!(bandwidthBytesPerSecond > 0) || !Number.isFinite(bandwidthBytesPerSecond)) {
      throw new RangeError(`link.bandwidthBytesPerSecond must be a finite number > 0, got ${bandwidthBytesPerSecond}`);
    }
    if (!(latency >= 0) || !Number.isFinite(latency)) throw new RangeError(`link.latency must be a finite number of seconds >= 0, got ${latency}`);
  }

  /** Sends `bytes` handed over at `now`; returns when they have all arrived. */
  transfer(now: number, bytes: number): number {
    const start = Math.max(now, this.freeAt);
    this.freeAt = start + bytes / this.options.bandwidthBytesPerSecond;
    return this.freeAt + this.options.latency;
  }

  /** Forgets what was being sent (the connection dropped, e.g. its consumer crashed). */
  reset(): void {
    this.freeAt = 0;
  }
}
