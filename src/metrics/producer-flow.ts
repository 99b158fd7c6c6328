import type { TraceRecord } from '../model';
import type { ProducerReport } from './report';
import { TimeWeightedLevel } from './time-average';

/**
 * One producer's flow-control books, from its throttled, published and rejected records alone: the
 * backlog level (a message is in it from its `throttled` record to its `published` or `rejected` one),
 * and repeats after lost confirms (records with `attempt` > 0).
 */
export class ProducerFlow {
  private readonly backlog = new TimeWeightedLevel();
  /** Ids of messages in the backlog now. */
  private readonly waiting = new Set<number>();
  /** How many of those are first publishes (not repeats). */
  private waitingFirsts = 0;
  private throttled = 0;
  private duplicatesPublished = 0;
  private duplicatesPrevented = 0;

  /** A `throttled` record: the message entered the backlog. */
  entered(r: Readonly<TraceRecord>): void {
    this.throttled++;
    this.waiting.add(r.message);
    if (r.attempt === 0) this.waitingFirsts++;
    this.backlog.add(r.time, 1);
  }

  /**
   * A `published` or `rejected` record: the message leaves the backlog if it was there. Returns
   * whether the record is about a first publish, which the producer's published and rejected count;
   * a repeat is counted here instead.
   */
  settled(r: Readonly<TraceRecord>): boolean {
    if (this.waiting.size > 0 && this.waiting.delete(r.message)) {
      this.backlog.add(r.time, -1);
      if (r.attempt === 0) this.waitingFirsts--;
    }
    if (r.attempt === 0) return true;
    if (r.kind === 'published') this.duplicatesPublished++;
    else if (r.reason === 'duplicate') this.duplicatesPrevented++;
    return false;
  }

  /** First publishes still waiting at the end: attempted, but neither published nor rejected. */
  get stillWaiting(): number {
    return this.waitingFirsts;
  }

  report(end: number): Required<Pick<ProducerReport, 'throttled' | 'blockedSeconds' | 'backlog' | 'duplicatesPublished' | 'duplicatesPrevented'>> {
    return {
      throttled: this.throttled,
      blockedSeconds: this.backlog.areaUntil(end),
      backlog: { mean: this.backlog.meanUntil(end), max: this.backlog.max, final: this.backlog.current },
      duplicatesPublished: this.duplicatesPublished,
      duplicatesPrevented: this.duplicatesPrevented,
    };
  }
}
