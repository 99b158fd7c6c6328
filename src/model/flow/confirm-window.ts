import type { FlowGate } from './gate';

/**
 * The publisher-confirm window (RabbitMQ confirms with a cap on unconfirmed publishes, Kafka's
 * max.in.flight.requests.per.connection): at most `maxOutstanding` publishes await their confirm at
 * once. A publish takes a slot; its confirm, or the timeout that gives up waiting for it, frees it.
 */
export class ConfirmWindow implements FlowGate {
  readonly reason = 'confirms';
  private count = 0;

  constructor(readonly maxOutstanding: number) {
    if (!(Number.isSafeInteger(maxOutstanding) && maxOutstanding >= 1)) {
      throw new RangeError(`confirms.maxOutstanding must be a whole number >= 1, got ${maxOutstanding}`);
    }
  }

  /** Publishes awaiting their confirm now. */
  get outstanding(): number {
    return this.count;
  }

  admits(): boolean {
    return this.count < this.maxOutstanding;
  }

  take(): void {
    this.count++;
  }

  /** A confirm arrived, or the producer stopped waiting for one. */
  release(): void {
    if (this.count === 0) throw new Error('confirm window: released a slot that was never taken');
    this.count--;
  }

  opensAt(): number {
    return Infinity;
  }
}
