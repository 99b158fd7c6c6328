import { removedFrom, type TraceRecord } from '../../model';
import type { CheckResult } from '../report';
import type { Topology } from '../topology';
import { CopyTable } from './copy-table';
import type { LittleLaw } from './little-law';
import type { ViolationLog } from './violations';

/** Where a copy of a message is in one queue (the low three bits of its entry). */
export const enum Stage {
  None = 0,
  /** Accepted for this queue but not in it yet: just published or routed here, or being moved here. */
  Transit = 1,
  Ready = 2,
  InFlight = 3,
  /** Kept after hitting the delivery limit, never delivered again. */
  Parked = 4,
  /** Waiting out a delivery delay before it becomes ready. */
  Delayed = 5,
  /** Refused by this queue and waiting in an event bus for a retry. */
  Pending = 6,
}

const STAGE_BITS = 7;
/** Set once the copy has been delivered (to any group). */
const DELIVERED = 8;
/**
 * Per-group duplicates, for the first three groups reading a queue: bits 4–6 say the group in that
 * slot received this copy, bits 28–30 that it has been counted as a duplicate. Further groups (rare)
 * fall back to the delivery's attempt number.
 */
const GROUP_SHIFT = 4;
const COUNTED_SHIFT = 28;
const GROUP_SLOTS = 3;
/** Bits 8–27: 1 + the index of the consumer instance holding the lease, or 0. */
const HOLDER_SHIFT = 8;
const HOLDER_MASK = 0xf_ffff << HOLDER_SHIFT;

const STAGE_NAMES = ['not here', 'in transit', 'ready', 'in flight', 'parked', 'delayed', 'pending a bus retry'];

/** Sets of stages, as bit masks (bit n for Stage n). */
const TRANSIT = 1 << Stage.Transit;
const READY = 1 << Stage.Ready;
const IN_FLIGHT = 1 << Stage.InFlight;
const DELAYED = 1 << Stage.Delayed;
const PENDING = 1 << Stage.Pending;
const MASK_OF = { ready: READY, inflight: IN_FLIGHT, none: TRANSIT } as const;
/**
 * Drops a queue's own policies make from stages removedFrom does not name: sampling at the door (a copy
 * just published or routed, or one an event bus is retrying), and a crash's delayed and parked messages.
 */
const POLICY_DROP_STAGES: Readonly<Record<string, number>> = {
  sampled: TRANSIT | PENDING,
  'broker-crash-delayed': DELAYED,
  'broker-crash-parked': 1 << Stage.Parked,
};

/** The books of one queue (or subscription queue), kept from the trace alone. */
class Lane {
  readonly copies = new CopyTable();
  /** Live copies per Stage. */
  readonly live = [0, 0, 0, 0, 0, 0, 0];
  entered = 0;
  acked = 0;
  dropped = 0;
  expired = 0;
  movedOut = 0;
  filtered = 0;

  /** The groups reading this queue by slot (0–3 are tracked per copy). */
  private readonly slots: ReadonlyMap<string, number>;
  private lastGroup = '';
  private lastSlot = GROUP_SLOTS;

  constructor(
    readonly id: string,
    groups: readonly string[],
  ) {
    this.slots = new Map(groups.map((g, i) => [g, i]));
  }

  slotOf(group: string): number {
    if (group !== this.lastGroup) {
      this.lastGroup = group;
      this.lastSlot = this.slots.get(group) ?? GROUP_SLOTS;
    }
    return this.lastSlot;
  }
}

/** What a finished run's queues looked like to the model itself, to compare with the books. */
export interface ObservedQueue {
  ready: number;
  parked: number;
}

/**
 * The auditor's part for queues, subscription queues and the copies topics and buses route to them:
 * a stage machine per copy of a message per queue. Every record must be legal for the stage its copy
 * is in: nothing delivered that is not ready (so a message never has two live leases), nothing
 * acknowledged, requeued or flagged that is not in flight, no ack from an instance that does not hold
 * the lease. It also checks the lease window (no instance holds more unacknowledged deliveries than
 * its prefetch) and counts, per group, deliveries of a copy the group had already received, by cause.
 */
export class QueueAudit {
  private readonly lanes = new Map<string, Lane>();
  private readonly kinds = new Map<string, string>();
  private lastLaneId = '';
  private lastLane: Lane | undefined;
  /** Consumer instance ids → index into holding / holdLimit. */
  private readonly consumers = new Map<string, number>();
  private holding = new Int32Array(16);
  private readonly holdLimit: number[] = [];
  private readonly consumerIds: string[] = [];
  private readonly holdLimitByGroup = new Map<string, number>();
  private lastConsumer = '';
  private lastConsumerIndex = -1;
  /** Messages that left one queue for another (dead-letter, redrive) and have not arrived yet. */
  private readonly handoffs = new Map<number, number>();
  /** Per group: deliveries of a copy it had already received, by cause. */
  readonly duplicates = new Map<string, Map<string, number>>();
  /** Per group: failed messages it acknowledged anyway (failure action "ack"), which are lost. */
  readonly lostByConsumer = new Map<string, number>();
  /** The entry `locate` found last (its return value says whether it was at a wanted stage). */
  private found = 0;

  constructor(
    topology: Topology,
    private readonly violations: ViolationLog,
    /** Fed only when every broker is a queue, where a message has exactly one copy. */
    private readonly little: LittleLaw | undefined,
  ) {
    for (const b of topology.brokers) {
      this.kinds.set(b.id, b.kind);
      if (b.kind !== 'queue' && b.kind !== 'subscription') continue;
      const readers = topology.groups.filter((g) => g.broker === b.id).map((g) => g.id);
      this.lanes.set(b.id, new Lane(b.id, readers));
    }
    for (const g of topology.groups) {
      this.duplicates.set(g.id, new Map());
      if (g.holdLimit !== undefined) this.holdLimitByGroup.set(g.id, g.holdLimit);
    }
  }

  /** Takes one record; records about streams are not its business. */
  observe(r: Readonly<TraceRecord>): void {
    if (r.partition >= 0) return;
    // The kinds every message goes through come first: a switch on strings tests them in order.
    switch (r.kind) {
      case 'delivered':
        if (!this.fastDelivered(r)) this.delivered(r);
        return;
      case 'acked':
        if (r.reason === 'ack-on-failure') increment(this.lostByConsumer, r.group);
        if (!this.fastAcked(r)) this.acked(r);
        return;
      case 'enqueued':
        if (!this.fastEnqueued(r)) this.enqueued(r);
        return;
      case 'published': {
        const lane = this.lane(r.broker);
        if (lane === undefined) return;
        if (!lane.copies.addFirst(r.message, Stage.Transit)) {
          this.violations.at('unexpected', r, `message ${r.message} was published twice`);
          return;
        }
        lane.entered++;
        lane.live[Stage.Transit]!++;
        this.little?.arrive(r);
        return;
      }
      case 'rejected': {
        const lane = this.lane(r.broker);
        if (lane !== undefined && lane.copies.get(r.message) !== 0) this.violations.at('unexpected', r, `message ${r.message} was rejected after it was accepted`);
        return;
      }
      case 'routed': {
        const lane = this.lane(r.consumer);
        if (lane !== undefined) this.enter(lane, r.message, Stage.Transit);
        return;
      }
      case 'filtered': {
        const lane = this.lane(r.consumer);
        if (lane !== undefined) lane.filtered++;
        return;
      }
      case 'retrying':
        this.move(r, this.lane(r.consumer), TRANSIT | PENDING, Stage.Pending);
        return;
      case 'delayed':
        // A consumer's retry with backoff takes the copy out of flight; a delivery delay takes a new arrival.
        if (r.reason === 'retry') this.move(r, this.lane(r.broker), IN_FLIGHT, Stage.Delayed);
        else this.move(r, this.lane(r.broker), TRANSIT | PENDING, Stage.Delayed);
        return;
      case 'requeued':
        this.move(r, this.lane(r.broker), IN_FLIGHT, Stage.Ready);
        return;
      case 'flagged':
        this.move(r, this.lane(r.broker), IN_FLIGHT, Stage.Parked);
        return;
      case 'expired':
        this.finish(r, this.lane(r.broker), READY, 'expired');
        return;
      case 'redriven':
        if (this.finish(r, this.lane(r.broker), READY, 'moved')) this.handoffs.set(r.message, (this.handoffs.get(r.message) ?? 0) + 1);
        return;
      case 'dead-lettered':
      case 'dropped': {
        const how = r.kind === 'dropped' ? 'dropped' : 'moved';
        let done: boolean;
        if (this.kinds.get(r.broker) === 'bus') {
          // The bus gave up on target `consumer`: the copy it was retrying leaves that queue's books.
          done = this.finish(r, this.lane(r.consumer), TRANSIT | PENDING, how, true);
        } else {
          // A copy a subscription refused (full, or too large) never got in.
          const from = r.reason === 'refused' || r.reason === 'oversize' ? TRANSIT : (POLICY_DROP_STAGES[r.reason] ?? MASK_OF[removedFrom(r.reason)]);
          done = this.finish(r, this.lane(r.broker), from, how);
        }
        if (done && how === 'moved') this.handoffs.set(r.message, (this.handoffs.get(r.message) ?? 0) + 1);
        return;
      }
      default:
        return;
    }
  }

  /** Per-queue conservation, copies lost on the way, and the comparison with what the model reports. */
  checks(end: number, observed: ReadonlyMap<string, ObservedQueue> | undefined): CheckResult[] {
    const failures: string[] = [];
    const total = { entered: 0, acked: 0, dropped: 0, expired: 0, movedOut: 0, ready: 0, inFlight: 0, parked: 0, delayed: 0, pending: 0 };
    for (const lane of this.lanes.values()) {
      const [, transit, ready, inFlight, parked, delayed, pending] = lane.live as [number, number, number, number, number, number, number];
      total.entered += lane.entered;
      total.acked += lane.acked;
      total.dropped += lane.dropped;
      total.expired += lane.expired;
      total.movedOut += lane.movedOut;
      total.ready += ready;
      total.inFlight += inFlight;
      total.parked += parked;
      total.delayed += delayed;
      total.pending += pending;
      if (transit > 0) {
        failures.push(`${lane.id}: ${transit} accepted but never reached the queue`);
        let shown = 0;
        lane.copies.forEach((id, entry) => {
          if ((entry & STAGE_BITS) === Stage.Transit && shown++ < 10) {
            this.violations.push({ check: 'lost', message: `message ${id} was accepted for ${lane.id} but never reached it`, messageId: id, time: end });
          }
        });
      }
      const seen = observed?.get(lane.id);
      if (seen !== undefined && (seen.ready !== ready || seen.parked !== parked)) {
        const what = `${lane.id}: the trace leaves ${ready} ready and ${parked} parked, the queue itself holds ${seen.ready} and ${seen.parked}`;
        failures.push(what);
        this.violations.push({ check: 'lost', message: what, time: end });
      }
    }
    for (const [id, count] of this.handoffs) {
      failures.push(`message ${id} left for another queue and never arrived`);
      this.violations.push({ check: 'lost', message: `message ${id} was dead-lettered or redriven ${count} time(s) without arriving`, messageId: id, time: end });
    }
    return [
      {
        name: 'conservation',
        ok: failures.length === 0,
        detail:
          failures.length > 0
            ? failures.slice(0, 5).join('; ')
            : `entered ${total.entered} = acked ${total.acked} + dropped ${total.dropped} + expired ${total.expired} + moved on ${total.movedOut}` +
              ` + ready ${total.ready} + in flight ${total.inFlight} + parked ${total.parked} + delayed ${total.delayed}` +
              (total.pending > 0 ? ` + awaiting a bus retry ${total.pending}` : ''),
      },
      this.lossByConsumerCheck(),
      {
        name: 'leases',
        ok: !this.violations.has('leases'),
        detail: 'no instance held more unacknowledged deliveries than its prefetch (or pull batch), and only the lease holder acked',
      },
    ];
  }

  /**
   * Messages a consumer acknowledged although processing failed are gone without being processed: the
   * broker's books balance (they were acked), so this check is what reports them, as the consumer's loss.
   */
  private lossByConsumerCheck(): CheckResult {
    let total = 0;
    for (const n of this.lostByConsumer.values()) total += n;
    const byGroup = [...this.lostByConsumer].map(([group, n]) => `${group} ${n}`).join(', ');
    return {
      name: 'no-loss-by-consumer',
      ok: total === 0,
      detail: total === 0 ? 'no consumer acknowledged a message it failed to process' : `${total} failed message(s) acknowledged anyway and lost by the consumer: ${byGroup}`,
    };
  }

  /** Copies live in any queue: what the auditor remembers (its memory follows this, not the run length). */
  get liveCopies(): number {
    let n = 0;
    for (const lane of this.lanes.values()) for (const count of lane.live) n += count;
    return n;
  }

  /** Copies the filter of subscription `id` turned away. */
  filteredAt(id: string): number {
    return this.lanes.get(id)?.filtered ?? 0;
  }

  private lane(id: string): Lane | undefined {
    if (id === this.lastLaneId) return this.lastLane;
    const lane = this.lanes.get(id);
    this.lastLaneId = id;
    this.lastLane = lane;
    return lane;
  }

  private enter(lane: Lane, id: number, stage: Stage): void {
    lane.entered++;
    lane.live[stage]!++;
    lane.copies.add(id, stage);
  }

  /**
   * Index of a copy of `id` in `lane` at one of the stages in `mask`, or -1; its entry is left in
   * `found`. Among several copies (a topic or bus put more than one here) it prefers the copy in
   * transit, since a copy is in transit only within the event that routed or published it, so the
   * record is about that one; then, for an ack, the copy `holder` (1 + instance index) leases.
   */
  private locate(lane: Lane, id: number, mask: number, consumer = ''): number {
    const single = lane.copies.get(id);
    if (single >= 0) {
      this.found = single;
      return single !== 0 && ((1 << (single & STAGE_BITS)) & mask) !== 0 ? 0 : -1;
    }
    const copies = lane.copies.copies(id);
    // Several copies: prefer the one in transit, or the one `consumer` holds.
    const holder = consumer === '' ? 0 : (this.consumers.get(consumer) ?? -1) + 1;
    let best = -1;
    for (let i = 0; i < copies.length; i++) {
      const entry = copies[i]!;
      if (((1 << (entry & STAGE_BITS)) & mask) === 0) continue;
      const preferred = (entry & STAGE_BITS) === Stage.Transit || (holder > 0 && (entry & HOLDER_MASK) >>> HOLDER_SHIFT === holder);
      if (preferred) {
        best = i;
        break;
      }
      if (best < 0) best = i;
    }
    this.found = copies[best < 0 ? 0 : best]!;
    return best;
  }

  /** The copy moves to stage `to` (never in flight: deliveries go through `delivered`). */
  private move(r: Readonly<TraceRecord>, lane: Lane | undefined, from: number, to: Stage): boolean {
    if (lane === undefined) return false;
    const index = this.locate(lane, r.message, from, (from & IN_FLIGHT) !== 0 ? r.consumer : '');
    if (index < 0) return this.illegal(r, lane, from);
    this.shift(lane, r.message, index, to);
    return true;
  }

  private shift(lane: Lane, id: number, index: number, to: Stage): void {
    const entry = this.found;
    if ((entry & STAGE_BITS) === Stage.InFlight) this.release(entry);
    lane.live[entry & STAGE_BITS]!--;
    lane.live[to]!++;
    lane.copies.replace(id, index, (entry & ~(STAGE_BITS | HOLDER_MASK)) | to);
  }

  /** The copy leaves this queue's books: acked, dropped, expired, or moved to another queue. */
  private finish(r: Readonly<TraceRecord>, lane: Lane | undefined, from: number, how: 'acked' | 'dropped' | 'expired' | 'moved', fromBus = false): boolean {
    if (lane === undefined) return false;
    const index = this.locate(lane, r.message, from, !fromBus && (from & IN_FLIGHT) !== 0 ? r.consumer : '');
    if (index < 0) return this.illegal(r, lane, from, fromBus);
    this.finishAt(r, lane, index, how);
    return true;
  }

  /** Takes the copy at `index` (which `locate` just found) off this queue's books. */
  private finishAt(r: Readonly<TraceRecord>, lane: Lane, index: number, how: 'acked' | 'dropped' | 'expired' | 'moved'): void {
    const entry = this.found;
    if ((entry & STAGE_BITS) === Stage.InFlight) this.release(entry);
    lane.live[entry & STAGE_BITS]!--;
    lane.copies.remove(r.message, index);
    if (how === 'acked') lane.acked++;
    else if (how === 'dropped') lane.dropped++;
    else if (how === 'expired') lane.expired++;
    else lane.movedOut++;
    if (this.little !== undefined && how !== 'moved') {
      if ((entry & DELIVERED) === 0) this.little.stopWaiting(r);
      this.little.leave(r);
    }
  }

  // Fast paths for the three records every message goes through, when its only copy here is in the
  // expected stage and no message has several copies in this queue: one table read and one write,
  // the checks the general path makes, nothing else. Anything unusual falls through to that path.

  private fastEnqueued(r: Readonly<TraceRecord>): boolean {
    const lane = this.lane(r.broker);
    if (lane === undefined || lane.copies.hasMany) return false;
    const stages = lane.copies.single;
    const entry = stages.get(r.message);
    if (entry === 0 || (entry & STAGE_BITS) !== Stage.Transit) return false;
    stages.set(r.message, (entry & ~STAGE_BITS) | Stage.Ready);
    lane.live[Stage.Transit]!--;
    lane.live[Stage.Ready]!++;
    return true;
  }

  private fastDelivered(r: Readonly<TraceRecord>): boolean {
    const lane = this.lane(r.broker);
    if (lane === undefined || lane.copies.hasMany) return false;
    const stages = lane.copies.single;
    const entry = stages.get(r.message);
    const slot = lane.slotOf(r.group);
    // First deliveries to one of the first three groups: no duplicate to count.
    if (entry === 0 || (entry & STAGE_BITS) !== Stage.Ready || (entry & DELIVERED) !== 0 || slot >= GROUP_SLOTS) return false;
    this.little?.stopWaiting(r);
    const holder = this.holderIndex(r);
    if (++this.holding[holder]! > this.holdLimit[holder]!) {
      this.violations.at('leases', r, `${r.consumer} holds ${this.holding[holder]} unacknowledged deliveries, more than its limit of ${this.holdLimit[holder]}`);
    }
    stages.set(r.message, (entry & ~STAGE_BITS) | DELIVERED | (1 << (GROUP_SHIFT + slot)) | ((holder + 1) << HOLDER_SHIFT) | Stage.InFlight);
    lane.live[Stage.Ready]!--;
    lane.live[Stage.InFlight]!++;
    return true;
  }

  private fastAcked(r: Readonly<TraceRecord>): boolean {
    const lane = this.lane(r.broker);
    if (lane === undefined || lane.copies.hasMany || r.reason === 'late') return false;
    const stages = lane.copies.single;
    const entry = stages.get(r.message);
    if (entry === 0 || (entry & STAGE_BITS) !== Stage.InFlight) return false;
    const holder = ((entry & HOLDER_MASK) >>> HOLDER_SHIFT) - 1;
    if (holder < 0 || this.consumerIds[holder] !== r.consumer) return false;
    this.holding[holder]!--;
    stages.delete(r.message);
    lane.live[Stage.InFlight]!--;
    lane.acked++;
    if (this.little !== undefined) {
      if ((entry & DELIVERED) === 0) this.little.stopWaiting(r);
      this.little.leave(r);
    }
    return true;
  }

  private enqueued(r: Readonly<TraceRecord>): void {
    const lane = this.lane(r.broker);
    if (lane === undefined) return;
    // Published or routed here in this same event.
    let index = this.locate(lane, r.message, TRANSIT);
    if (index >= 0) {
      this.shift(lane, r.message, index, Stage.Ready);
      return;
    }
    // Arriving from another queue: a dead-letter or a redrive handed it over just before. This comes
    // before a copy of the same message waiting here for its delay or a bus retry, which ends later.
    const waiting = this.handoffs.get(r.message);
    if (waiting !== undefined) {
      if (waiting === 1) this.handoffs.delete(r.message);
      else this.handoffs.set(r.message, waiting - 1);
      this.enter(lane, r.message, Stage.Ready);
      return;
    }
    index = this.locate(lane, r.message, PENDING | DELAYED);
    if (index >= 0) this.shift(lane, r.message, index, Stage.Ready);
    else this.illegal(r, lane, TRANSIT | PENDING | DELAYED);
  }

  private delivered(r: Readonly<TraceRecord>): void {
    const lane = this.lane(r.broker);
    if (lane === undefined) return;
    const index = this.locate(lane, r.message, READY);
    if (index < 0) {
      this.illegal(r, lane, READY);
      return;
    }
    let entry = this.found;
    if ((entry & DELIVERED) === 0) this.little?.stopWaiting(r);
    // A duplicate is a message the group receives more than once while it stays in this queue,
    // counted once, at its first repeat, under that repeat's cause.
    const slot = lane.slotOf(r.group);
    let bits = 0;
    let repeatCounts: boolean;
    if (slot < GROUP_SLOTS) {
      const received = 1 << (GROUP_SHIFT + slot);
      const counted = 1 << (COUNTED_SHIFT + slot);
      repeatCounts = (entry & received) !== 0 && (entry & counted) === 0;
      bits = received | ((entry & received) !== 0 ? counted : 0);
    } else repeatCounts = r.attempt === 2;
    if (repeatCounts) increment(this.duplicates.get(r.group)!, r.reason === '' ? 'unknown' : r.reason);
    const holder = this.holderIndex(r);
    if (++this.holding[holder]! > this.holdLimit[holder]!) {
      this.violations.at('leases', r, `${r.consumer} holds ${this.holding[holder]} unacknowledged deliveries, more than its limit of ${this.holdLimit[holder]}`);
    }
    entry = ((entry & ~(STAGE_BITS | HOLDER_MASK)) | DELIVERED | bits | ((holder + 1) << HOLDER_SHIFT) | Stage.InFlight) >>> 0;
    lane.live[Stage.Ready]!--;
    lane.live[Stage.InFlight]!++;
    lane.copies.replace(r.message, index, entry);
  }

  private acked(r: Readonly<TraceRecord>): void {
    const lane = this.lane(r.broker);
    if (lane === undefined) return;
    // A late ack the broker accepts finds the message ready again after its lease expired.
    const late = r.reason === 'late';
    const wanted = late ? READY : IN_FLIGHT;
    const index = this.locate(lane, r.message, wanted, late ? '' : r.consumer);
    if (index < 0) {
      this.illegal(r, lane, wanted);
      return;
    }
    if (!late) {
      const holder = ((this.found & HOLDER_MASK) >>> HOLDER_SHIFT) - 1;
      if (this.consumerIds[holder] !== r.consumer) {
        this.violations.at('leases', r, `message ${r.message} was acked in ${lane.id} by ${r.consumer}, which does not hold its lease`);
      }
    }
    this.finishAt(r, lane, index, 'acked');
  }

  private holderIndex(r: Readonly<TraceRecord>): number {
    if (r.consumer === this.lastConsumer) return this.lastConsumerIndex;
    let index = this.consumers.get(r.consumer);
    if (index === undefined) {
      index = this.consumers.size;
      this.consumers.set(r.consumer, index);
      if (index >= this.holding.length) {
        const bigger = new Int32Array(this.holding.length * 2);
        bigger.set(this.holding);
        this.holding = bigger;
      }
      this.holdLimit.push(this.holdLimitByGroup.get(r.group) ?? Infinity);
      this.consumerIds.push(r.consumer);
    }
    this.lastConsumer = r.consumer;
    this.lastConsumerIndex = index;
    return index;
  }

  private release(entry: number): void {
    const holder = ((entry & HOLDER_MASK) >>> HOLDER_SHIFT) - 1;
    if (holder >= 0) this.holding[holder]!--;
  }

  private illegal(r: Readonly<TraceRecord>, lane: Lane, wanted: number, fromBus = false): false {
    const where = fromBus ? `${r.broker}'s copy for ${lane.id}` : lane.id;
    const now = STAGE_NAMES[this.found & STAGE_BITS];
    const expected = STAGE_NAMES.filter((_, stage) => ((1 << stage) & wanted) !== 0).join(' or ');
    this.violations.at('unexpected', r, `message ${r.message} was ${r.kind} in ${where} while ${now}, not ${expected}`);
    return false;
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
