import type { TraceRecord } from '../model';
import { MessageStages } from './message-stages';
import type { CheckResult, InvariantReport, Violation } from './report';
import { TimeWeightedLevel } from './time-average';

const MAX_KEPT_VIOLATIONS = 100;

/** Where a message is in its life, as far as the trace says. */
const enum Stage {
  /** Not live: never published, or already acked or dropped. */
  None = 0,
  Published = 1,
  Ready = 2,
  InFlight = 3,
}

/**
 * Checks the trace against the model's invariants as it streams past:
 * - every record is legal for the message's stage (nothing delivered that was never published or is
 *   already in flight; nothing acknowledged that was not delivered) — "no unexpected deliveries";
 * - conservation: published = acked + in flight + ready + dropped, and nothing is left published
 *   but never enqueued — "no lost messages";
 * - Little's law on the sample path, exactly: the area under the number of messages in the system
 *   equals the sum of their times in the system (and likewise for waiting before delivery).
 *
 * Only live messages are remembered, so memory follows what is in the system, not the run length.
 */
export class Auditor {
  private readonly stages = new MessageStages();
  private readonly violations: Violation[] = [];
  private violationCount = 0;
  private published = 0;
  private acked = 0;
  private dropped = 0;
  private ready = 0;
  private inFlight = 0;
  /** Messages published and not yet acked or dropped, and those not yet delivered or dropped. */
  private readonly inSystem = new TimeWeightedLevel();
  private readonly waiting = new TimeWeightedLevel();
  private sojournSum = 0;
  private waitSum = 0;
  /** Sum of publish times of messages still in the system / still waiting, for their partial sojourns. */
  private inSystemPublishSum = 0;
  private waitingPublishSum = 0;

  readonly observe = (r: Readonly<TraceRecord>): void => {
    const stage: Stage = this.stages.get(r.message);
    switch (r.kind) {
      case 'rejected':
        if (stage !== Stage.None) this.violate('unexpected', r, `message ${r.message} was rejected after it was accepted`);
        return;
      case 'published':
        if (stage !== Stage.None) {
          this.violate('unexpected', r, `message ${r.message} was published twice`);
          return;
        }
        this.stages.set(r.message, Stage.Published);
        this.published++;
        this.inSystem.add(r.time, 1);
        this.waiting.add(r.time, 1);
        this.inSystemPublishSum += r.publishedAt;
        this.waitingPublishSum += r.publishedAt;
        return;
      case 'enqueued':
        if (stage !== Stage.Published) {
          this.violate('unexpected', r, `message ${r.message} was enqueued in ${r.broker} without being published`);
          return;
        }
        this.stages.set(r.message, Stage.Ready);
        this.ready++;
        return;
      case 'delivered':
        if (stage !== Stage.Ready) {
          this.violate('unexpected', r, `message ${r.message} was delivered to ${r.consumer} but was not ready in ${r.broker}`);
          return;
        }
        this.stages.set(r.message, Stage.InFlight);
        this.ready--;
        this.inFlight++;
        this.leaveWaiting(r);
        return;
      case 'acked':
        if (stage !== Stage.InFlight) {
          this.violate('unexpected', r, `message ${r.message} was acknowledged by ${r.consumer} but was not in flight`);
          return;
        }
        this.stages.delete(r.message);
        this.inFlight--;
        this.acked++;
        this.leaveSystem(r);
        return;
      case 'dropped':
        if (stage !== Stage.Ready) {
          this.violate('unexpected', r, `message ${r.message} was dropped from ${r.broker} but was not ready there`);
          return;
        }
        this.stages.delete(r.message);
        this.ready--;
        this.dropped++;
        this.leaveWaiting(r);
        this.leaveSystem(r);
        return;
    }
  };

  /** The verdict at virtual time `end` (the run's end). */
  finish(end: number): InvariantReport {
    const checks: CheckResult[] = [];
    const unenqueued = this.published - this.acked - this.dropped - this.ready - this.inFlight;
    const conserved = unenqueued === 0;
    checks.push({
      name: 'conservation',
      ok: conserved,
      detail: `published ${this.published} = acked ${this.acked} + in flight ${this.inFlight} + ready ${this.ready} + dropped ${this.dropped}`,
    });
    if (!conserved) {
      let shown = 0;
      this.stages.forEach((id, stage) => {
        if (stage !== Stage.Published) return;
        if (shown++ < 10) {
          this.push({ check: 'lost', message: `message ${id} was published but never reached a queue`, messageId: id, time: end });
        } else this.violationCount++;
      });
    }
    checks.push({
      name: 'no-unexpected',
      ok: this.violations.every((v) => v.check !== 'unexpected'),
      detail: 'every record is legal for the stage its message is in',
    });
    checks.push(this.littleCheck('littles-law-system', this.inSystem, this.sojournSum, this.inSystemPublishSum, end));
    checks.push(this.littleCheck('littles-law-waiting', this.waiting, this.waitSum, this.waitingPublishSum, end));
    for (const check of checks) {
      if (!check.ok && check.name.startsWith('littles-law')) this.push({ check: check.name, message: check.detail, time: end });
    }
    return {
      ok: this.violationCount === 0 && checks.every((c) => c.ok),
      checks,
      violations: this.violations.slice(),
      violationCount: this.violationCount,
    };
  }

  private leaveWaiting(r: Readonly<TraceRecord>): void {
    this.waiting.add(r.time, -1);
    this.waitSum += r.time - r.publishedAt;
    this.waitingPublishSum -= r.publishedAt;
  }

  private leaveSystem(r: Readonly<TraceRecord>): void {
    this.inSystem.add(r.time, -1);
    this.sojournSum += r.time - r.publishedAt;
    this.inSystemPublishSum -= r.publishedAt;
  }

  /** Area under N(t) on [0, end] must equal the finished sojourns plus the partial ones still open. */
  private littleCheck(name: string, level: TimeWeightedLevel, closed: number, openPublishSum: number, end: number): CheckResult {
    const area = level.areaUntil(end);
    const sojourns = closed + level.current * end - openPublishSum;
    // Both sides are sums of millions of rounded terms; 1e-7 relative is far above rounding, far below any real bug.
    const tolerance = 1e-7 * Math.max(1, Math.abs(area), end * level.max);
    const ok = Math.abs(area - sojourns) <= tolerance;
    return {
      name,
      ok,
      detail: `area under N(t) ${area.toPrecision(12)} vs sum of times in system ${sojourns.toPrecision(12)}`,
    };
  }

  private violate(check: string, r: Readonly<TraceRecord>, message: string): void {
    this.push({ check, message, time: r.time, messageId: r.message, ...(r.group ? { group: r.group } : {}) });
  }

  private push(violation: Violation): void {
    this.violationCount++;
    if (this.violations.length < MAX_KEPT_VIOLATIONS) this.violations.push(violation);
  }
}
