import { removedFrom, type TraceRecord } from '../model';
import { MessageStages } from './message-stages';
import type { CheckResult, InvariantReport, Violation } from './report';
import { TimeWeightedLevel } from './time-average';

const MAX_KEPT_VIOLATIONS = 100;

/** Where a message is in its life, as far as the trace says (the low three bits of its entry). */
const enum Stage {
  /** Not live: never published, or already acked, dropped or expired. */
  None = 0,
  /** Accepted but in no queue yet: just published, or on its way to a dead-letter or redrive target. */
  Transit = 1,
  Ready = 2,
  InFlight = 3,
  /** Kept after hitting the delivery limit, never delivered again. */
  Parked = 4,
  /** Waiting out a delivery delay before it becomes ready. */
  Delayed = 5,
}

const STAGE_BITS = 7;
/** Set once a message has been delivered: it no longer counts as waiting for its first delivery. */
const DELIVERED = 8;

const STAGE_NAMES = ['not live', 'in transit', 'ready', 'in flight', 'parked', 'delayed'];

/** The stage a dropped or dead-lettered message must have been in, by where its reason says it came from. */
const STAGE_OF = { ready: Stage.Ready, inflight: Stage.InFlight, none: Stage.Transit } as const;

/**
 * Checks the trace against the model's invariants as it streams past:
 * - every record is legal for the stage its message is in: nothing delivered that is not ready (so a
 *   message never has two live leases), nothing acknowledged, requeued or flagged that is not in
 *   flight, nothing published twice — "no unexpected deliveries";
 * - conservation: published = acked + dropped + expired + ready + in flight + parked + delayed, with
 *   nothing left in transit (accepted but never reaching a queue) — "no lost messages";
 * - Little's law on the sample path, exactly: the area under the number of messages in the system
 *   equals the sum of their times in the system (and likewise for waiting before a first delivery).
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
  private expired = 0;
  /** Live messages per stage, indexed by Stage. */
  private readonly live = [0, 0, 0, 0, 0, 0];
  /** Messages published and not yet finished, and those not yet delivered (or finished) once. */
  private readonly inSystem = new TimeWeightedLevel();
  private readonly waiting = new TimeWeightedLevel();
  private sojournSum = 0;
  private waitSum = 0;
  /** Sum of publish times of messages still in the system / still waiting, for their partial sojourns. */
  private inSystemPublishSum = 0;
  private waitingPublishSum = 0;

  readonly observe = (r: Readonly<TraceRecord>): void => {
    const entry = this.stages.get(r.message);
    const stage: Stage = entry & STAGE_BITS;
    switch (r.kind) {
      case 'rejected':
        if (stage !== Stage.None) this.violate('unexpected', r, `message ${r.message} was rejected after it was accepted`);
        return;
      case 'published':
        if (stage !== Stage.None) {
          this.violate('unexpected', r, `message ${r.message} was published twice`);
          return;
        }
        this.published++;
        this.move(r.message, entry, Stage.Transit);
        this.inSystem.add(r.time, 1);
        this.waiting.add(r.time, 1);
        this.inSystemPublishSum += r.publishedAt;
        this.waitingPublishSum += r.publishedAt;
        return;
      case 'delayed':
        if (this.expect(r, stage, Stage.Transit)) this.move(r.message, entry, Stage.Delayed);
        return;
      case 'enqueued':
        if (stage !== Stage.Transit && stage !== Stage.Delayed) {
          this.violate('unexpected', r, `message ${r.message} was enqueued in ${r.broker} while ${STAGE_NAMES[stage]}`);
          return;
        }
        this.move(r.message, entry, Stage.Ready);
        return;
      case 'delivered':
        if (!this.expect(r, stage, Stage.Ready)) return;
        if ((entry & DELIVERED) === 0) this.leaveWaiting(r);
        this.move(r.message, entry | DELIVERED, Stage.InFlight);
        return;
      case 'requeued':
      case 'flagged':
        if (this.expect(r, stage, Stage.InFlight)) this.move(r.message, entry, r.kind === 'requeued' ? Stage.Ready : Stage.Parked);
        return;
      case 'acked':
        // A late ack the broker accepts finds the message ready again after its lease expired.
        if (stage === Stage.InFlight || (r.reason === 'late' && stage === Stage.Ready)) this.finishMessage(r, entry, 'acked');
        else this.violate('unexpected', r, `message ${r.message} was acknowledged by ${r.consumer} while ${STAGE_NAMES[stage]}`);
        return;
      case 'late-ack':
        // An ignored late ack changes nothing, whatever became of the message since.
        return;
      case 'redriven':
        if (this.expect(r, stage, Stage.Ready)) this.move(r.message, entry, Stage.Transit);
        return;
      case 'dead-lettered':
        // The reason says where the message was (the same rule the metrics use for their levels).
        if (this.expect(r, stage, STAGE_OF[removedFrom(r.reason)])) this.move(r.message, entry, Stage.Transit);
        return;
      case 'dropped':
        if (this.expect(r, stage, STAGE_OF[removedFrom(r.reason)])) this.finishMessage(r, entry, 'dropped');
        return;
      case 'expired':
        if (this.expect(r, stage, Stage.Ready)) this.finishMessage(r, entry, 'expired');
        return;
      case 'crashed':
      case 'restarted':
      case 'scaled':
        return;
    }
  };

  /** The verdict at virtual time `end` (the run's end). */
  finish(end: number): InvariantReport {
    const checks: CheckResult[] = [];
    const [, transit, ready, inFlight, parked, delayed] = this.live as [number, number, number, number, number, number];
    const accounted = this.acked + this.dropped + this.expired + ready + inFlight + parked + delayed;
    const conserved = this.published === accounted + transit && transit === 0;
    checks.push({
      name: 'conservation',
      ok: conserved,
      detail:
        `published ${this.published} = acked ${this.acked} + dropped ${this.dropped} + expired ${this.expired}` +
        ` + ready ${ready} + in flight ${inFlight} + parked ${parked} + delayed ${delayed}` +
        (transit > 0 ? ` (+ ${transit} lost in transit)` : ''),
    });
    if (transit > 0) {
      let shown = 0;
      this.stages.forEach((id, value) => {
        if ((value & STAGE_BITS) !== Stage.Transit) return;
        if (shown++ < 10) {
          this.push({ check: 'lost', message: `message ${id} was accepted but never reached a queue`, messageId: id, time: end });
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

  private move(id: number, entry: number, to: Stage): void {
    this.live[entry & STAGE_BITS]!--;
    this.live[to]!++;
    this.stages.set(id, (entry & ~STAGE_BITS) | to);
  }

  /** The message leaves the system for good: acked, dropped or expired. */
  private finishMessage(r: Readonly<TraceRecord>, entry: number, how: 'acked' | 'dropped' | 'expired'): void {
    this.live[entry & STAGE_BITS]!--;
    this.stages.delete(r.message);
    if (how === 'acked') this.acked++;
    else if (how === 'dropped') this.dropped++;
    else this.expired++;
    if ((entry & DELIVERED) === 0) this.leaveWaiting(r);
    this.leaveSystem(r);
  }

  private expect(r: Readonly<TraceRecord>, stage: Stage, wanted: Stage): boolean {
    if (stage === wanted) return true;
    this.violate('unexpected', r, `message ${r.message} was ${r.kind} in ${r.broker} while ${STAGE_NAMES[stage]}, not ${STAGE_NAMES[wanted]}`);
    return false;
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
