import type { TraceRecord } from '../../model';
import type { CheckResult } from '../report';
import { TimeWeightedLevel } from '../time-average';

/**
 * Little's law on the sample path, exactly: the area under the number of messages in the system
 * equals the sum of their times in the system, and likewise for messages waiting for their first
 * delivery. Times in the system come from each record's publishedAt, a source independent of the
 * level changes, so a message the books lose or double shows up as a mismatch.
 */
export class LittleLaw {
  private readonly inSystem = new TimeWeightedLevel();
  private readonly waiting = new TimeWeightedLevel();
  private sojournSum = 0;
  private waitSum = 0;
  /** Sum of publish times of messages still in the system / still waiting, for their partial sojourns. */
  private inSystemPublishSum = 0;
  private waitingPublishSum = 0;

  arrive(r: Readonly<TraceRecord>): void {
    this.inSystem.add(r.time, 1);
    this.waiting.add(r.time, 1);
    this.inSystemPublishSum += r.publishedAt;
    this.waitingPublishSum += r.publishedAt;
  }

  /** The message's first delivery, or it left before it had one. */
  stopWaiting(r: Readonly<TraceRecord>): void {
    this.waiting.add(r.time, -1);
    this.waitSum += r.time - r.publishedAt;
    this.waitingPublishSum -= r.publishedAt;
  }

  leave(r: Readonly<TraceRecord>): void {
    this.inSystem.add(r.time, -1);
    this.sojournSum += r.time - r.publishedAt;
    this.inSystemPublishSum -= r.publishedAt;
  }

  checks(end: number): CheckResult[] {
    return [
      check('littles-law-system', this.inSystem, this.sojournSum, this.inSystemPublishSum, end),
      check('littles-law-waiting', this.waiting, this.waitSum, this.waitingPublishSum, end),
    ];
  }
}

/** Area under N(t) on [0, end] must equal the finished sojourns plus the partial ones still open. */
function check(name: string, level: TimeWeightedLevel, closed: number, openPublishSum: number, end: number): CheckResult {
  const area = level.areaUntil(end);
  const sojourns = closed + level.current * end - openPublishSum;
  // Both sides are sums of millions of rounded terms; 1e-7 relative is far above rounding, far below any real bug.
  const tolerance = 1e-7 * Math.max(1, Math.abs(area), end * level.max);
  return {
    name,
    ok: Math.abs(area - sojourns) <= tolerance,
    detail: `area under N(t) ${area.toPrecision(12)} vs sum of times in system ${sojourns.toPrecision(12)}`,
  };
}
