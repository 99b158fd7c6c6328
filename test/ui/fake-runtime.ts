import type { FromWorker, RuntimeClient, ToWorker } from '../../src/runtime/protocol';
import type { HostEnvironment } from '../../src/runtime/worker-host';

/** A RuntimeClient that records what the lab sends and lets a test play the worker's replies. */
export class FakeClient implements RuntimeClient {
  readonly sent: ToWorker[] = [];
  private readonly listeners = new Set<(message: FromWorker) => void>();

  send(message: ToWorker): void {
    this.sent.push(message);
  }

  subscribe(listener: (message: FromWorker) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminate(): void {}

  reply(message: FromWorker): void {
    for (const listener of this.listeners) listener(message);
  }
}

/**
 * A host environment on a fake wall clock: timers fire only when the test advances time. With
 * `msPerRead`, every clock read also moves time on, as if computing took that long.
 */
export class FakeEnvironment implements HostEnvironment {
  time = 0;
  readonly posted: FromWorker[] = [];
  private timers: { at: number; id: number; callback: () => void }[] = [];
  private nextId = 1;

  constructor(private readonly msPerRead = 0) {}

  post = (message: FromWorker): void => {
    this.posted.push(message);
  };

  now = (): number => {
    this.time += this.msPerRead;
    return this.time;
  };

  setTimer = (callback: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, id, callback });
    return id;
  };

  clearTimer = (handle: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };

  /** Fires due timers in time order until `ms` of wall time have passed. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.callback();
    }
    this.time = Math.max(this.time, end);
  }

  /** Fires timers until none is left (or the limit, so a bug cannot hang the test). */
  drain(limit = 100_000): void {
    for (let i = 0; i < limit && this.timers.length > 0; i++) {
      const soonest = Math.min(...this.timers.map((t) => t.at));
      this.advance(Math.max(0, soonest - this.time));
    }
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  messages<T extends FromWorker['type']>(type: T): Extract<FromWorker, { type: T }>[] {
    return this.posted.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);
  }
}
