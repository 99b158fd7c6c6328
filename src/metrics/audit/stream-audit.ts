import type { TraceRecord } from '../../model';
import type { CheckResult } from '../report';
import type { Topology } from '../topology';
import type { ViolationLog } from './violations';

/** One partition as seen by one stream group, from the trace alone. */
interface PartitionBooks {
  /** Offset the group accepts from (its first reset), or -1 before the group started. */
  base: number;
  /** One past the highest offset delivered (or skipped) for the first time: the next first delivery. */
  next: number;
  /** One past the highest offset processed (acked) for the first time. */
  processedTo: number;
  /** One past the highest offset counted as a duplicate: replays run forward, so each record counts once. */
  duplicatedTo: number;
  committed: number;
  /** A reset happened since the last commit, so the next commit may go backwards. */
  resetSinceCommit: boolean;
  owner: string;
  generation: number;
  firstDeliveries: number;
  processed: number;
  skipped: number;
  /** Records a reset jumped over before the group read them. */
  skippedByReset: number;
  /** Records below where the group started that a backward reset brought it after all. */
  acceptedLater: number;
  /**
   * Offsets at or above `next` already counted as skipped, ascending: retention deleted them while a
   * member held the records before them fetched (it may still process those from memory).
   */
  skippedAhead: number[];
  /**
   * The member whose hand (its entry in GroupBooks.inHand) was looked up last for this partition, and
   * that hand: a partition's records come from its owner, so this saves a map lookup per record.
   */
  handOwner: string;
  hand: Hand | undefined;
}

/** A member's record in hand, as partition × 2^32 + offset, or -1 when idle. */
interface Hand {
  held: number;
}

interface GroupBooks {
  readonly id: string;
  readonly stream: string;
  /** The books of `stream`, kept here so that a record needs no second lookup. */
  readonly streamBooks: StreamBooks;
  readonly partitions: PartitionBooks[];
  /** Each member's hand; an entry, once made, stays the same object (PartitionBooks.hand keeps it). */
  readonly inHand: Map<string, Hand>;
  readonly duplicates: Map<string, number>;
}

interface StreamBooks {
  readonly start: number[];
  readonly end: number[];
}

/** What the model itself reports of a stream group at the end, to compare with the books. */
export interface ObservedStreamGroup {
  /** Per partition: the next offset the group will read. */
  position: readonly number[];
  committed: readonly number[];
}

/**
 * The auditor's part for streams. Per stream it follows the log's ends (appends must be consecutive);
 * per group and partition it checks that:
 * - first deliveries come in offset order with no gap (a gap is a lost record), each one from the
 *   partition's current owner, and never beyond the log end or below its start;
 * - a repeated delivery (a replay after a crash, a rebalance or a reset) is counted as a duplicate
 *   by its cause, and a record the group never read is skipped only when retention deleted it;
 * - 0 ≤ committed ≤ log end, and committed offsets never go back except after a reset;
 * - a partition has at most one owner at a time (exclusivity), and a member processes one record
 *   at a time and acks the record it holds.
 */
export class StreamAudit {
  private readonly streams = new Map<string, StreamBooks>();
  private readonly groups = new Map<string, GroupBooks>();

  constructor(
    topology: Topology,
    private readonly violations: ViolationLog,
  ) {
    for (const b of topology.brokers) {
      if (b.kind !== 'stream') continue;
      const n = b.partitions ?? 1;
      this.streams.set(b.id, { start: new Array<number>(n).fill(0), end: new Array<number>(n).fill(0) });
    }
    for (const g of topology.groups) {
      const stream = this.streams.get(g.broker);
      if (stream === undefined) continue;
      this.groups.set(g.id, {
        id: g.id,
        stream: g.broker,
        streamBooks: stream,
        partitions: stream.end.map(() => ({
          base: -1,
          next: 0,
          processedTo: 0,
          duplicatedTo: 0,
          committed: -1,
          resetSinceCommit: false,
          owner: '',
          generation: -1,
          firstDeliveries: 0,
          processed: 0,
          skipped: 0,
          skippedByReset: 0,
          acceptedLater: 0,
          skippedAhead: [],
          handOwner: '',
          hand: undefined,
        })),
        inHand: new Map(),
        duplicates: new Map(),
      });
    }
  }

  /** Deliveries of a record the group had been handed before, by cause; undefined for queue groups. */
  duplicatesOf(group: string): ReadonlyMap<string, number> | undefined {
    return this.groups.get(group)?.duplicates;
  }

  /** Records retention deleted before the group read them, and records a reset jumped over. */
  skippedOf(group: string): number {
    let n = 0;
    for (const p of this.groups.get(group)?.partitions ?? []) n += p.skipped + p.skippedByReset;
    return n;
  }

  observe(r: Readonly<TraceRecord>): void {
    switch (r.kind) {
      case 'appended':
        this.appended(r);
        return;
      case 'truncated': {
        const stream = this.streams.get(r.broker);
        if (stream === undefined) return;
        if (r.offset < stream.start[r.partition]! || r.offset > stream.end[r.partition]!) {
          this.violations.at('offsets', r, `${r.broker}/${r.partition}: log start moved to ${r.offset}, outside ${stream.start[r.partition]}…${stream.end[r.partition]}`);
        }
        stream.start[r.partition] = r.offset;
        return;
      }
      case 'delivered':
        if (r.partition >= 0) this.delivered(r);
        return;
      case 'acked':
        if (r.partition >= 0) this.acked(r);
        return;
      case 'skipped':
        this.skipped(r);
        return;
      case 'reset':
        this.reset(r);
        return;
      case 'committed':
        this.committed(r);
        return;
      case 'assigned':
        this.assigned(r);
        return;
      case 'revoked':
        this.revoked(r);
        return;
      case 'crashed': {
        // A crashed member drops the record in hand; a replay will bring it back.
        const group = this.groups.get(r.group);
        if (group !== undefined) handOf(group, r.consumer).held = -1;
        return;
      }
      default:
        return;
    }
  }

  checks(observed: ReadonlyMap<string, ObservedStreamGroup> | undefined): CheckResult[] {
    const problems: string[] = [];
    let accepted = 0;
    let accounted = 0;
    for (const group of this.groups.values()) {
      const stream = this.streams.get(group.stream)!;
      const seen = observed?.get(group.id);
      group.partitions.forEach((p, i) => {
        if (p.base < 0) return;
        const end = stream.end[i]!;
        const unread = end - p.next - p.skippedAhead.length;
        accepted += end - p.base + p.acceptedLater;
        accounted += p.firstDeliveries + p.skipped + p.skippedByReset + unread;
        if (unread < 0) problems.push(`${group.id} on ${group.stream}/${i}: read up to ${p.next}, past the log end ${end}`);
        if (seen !== undefined) {
          const position = seen.position[i]!;
          const committed = seen.committed[i]!;
          if (!(committed <= position && position <= end) || (committed >= 0 && committed !== p.committed)) {
            const what = `${group.id} on ${group.stream}/${i}: the group reports committed ${committed} and position ${position}, the trace committed ${p.committed} and log end ${end}`;
            problems.push(what);
            this.violations.push({ check: 'offsets', message: what, group: group.id });
          }
        }
      });
    }
    return [
      {
        name: 'stream-conservation',
        ok: problems.length === 0 && accepted === accounted,
        detail:
          problems.length > 0
            ? problems.slice(0, 5).join('; ')
            : `every record a stream group accepted (${accepted}) was delivered, skipped, or is still unread (${accounted})`,
      },
      { name: 'offsets', ok: !this.violations.has('offsets'), detail: '0 ≤ committed ≤ position ≤ log end; commits never go back except after a reset' },
      { name: 'exclusivity', ok: !this.violations.has('exclusivity'), detail: 'a partition has at most one owner per group at a time, and only it reads' },
      { name: 'order', ok: !this.violations.has('order'), detail: "each partition's first deliveries come in offset order" },
    ];
  }

  private appended(r: Readonly<TraceRecord>): void {
    const stream = this.streams.get(r.broker);
    if (stream === undefined) return;
    const end = stream.end[r.partition]!;
    if (r.offset !== end) this.violations.at('offsets', r, `${r.broker}/${r.partition}: appended at offset ${r.offset}, but the log ends at ${end}`);
    stream.end[r.partition] = r.offset + 1;
  }

  // The group and stream of the record `books` looked up last (kept in fields so lookups allocate nothing).
  private group!: GroupBooks;
  private lastGroupId = '';
  private lastGroup: GroupBooks | undefined;
  private stream!: StreamBooks;

  /** The books of the record's group and partition (and sets `group` and `stream`), or undefined. */
  private books(r: Readonly<TraceRecord>): PartitionBooks | undefined {
    const group = r.group === this.lastGroupId ? this.lastGroup : this.groups.get(r.group);
    this.lastGroupId = r.group;
    this.lastGroup = group;
    const p = group?.partitions[r.partition];
    if (group === undefined || p === undefined) return undefined;
    this.group = group;
    this.stream = group.streamBooks;
    return p;
  }

  private delivered(r: Readonly<TraceRecord>): void {
    const p = this.books(r);
    if (p === undefined) return;
    const { group, stream } = this;
    if (p.owner !== r.consumer) {
      this.violations.at('exclusivity', r, `${r.consumer} read ${place(r)} at ${r.offset}, but the partition belongs to ${p.owner === '' ? 'nobody' : p.owner}`);
    }
    // Only the log end bounds a delivery: a member may process a record it fetched before retention
    // deleted it, from memory. (A deleted record it never fetched is skipped, and then cannot come first.)
    if (r.offset < 0 || r.offset >= stream.end[r.partition]!) {
      this.violations.at('unexpected', r, `${place(r)}: offset ${r.offset} delivered, beyond the log end ${stream.end[r.partition]}`);
    }
    const member = memberHand(group, p, r.consumer);
    if (member.held >= 0) this.violations.at('leases', r, `${r.consumer} was handed ${place(r)} at ${r.offset} while still holding ${describeHeld(member.held)}`);
    member.held = r.partition * PARTITION_FACTOR + r.offset;
    if (r.offset < p.next) {
      if (r.attempt === 1 && r.reason === 'replay') {
        // A record the group never had: one a forward reset skipped, or one from before where the
        // group started, read now because a backward reset went over it.
        if (p.skippedByReset > 0) p.skippedByReset--;
        else p.acceptedLater++;
        p.firstDeliveries++;
        return;
      }
      if (r.offset >= p.duplicatedTo) {
        increment(group.duplicates, r.reason === '' ? 'unknown' : r.reason);
        p.duplicatedTo = r.offset + 1;
      }
      if (r.attempt < 2) this.violations.at('unexpected', r, `${place(r)} at ${r.offset} was delivered again to ${group.id} but marked as a first delivery`);
      return;
    }
    const skippedAt = p.skippedAhead.length > 0 ? p.skippedAhead.indexOf(r.offset) : -1;
    if (skippedAt >= 0) {
      this.violations.at('unexpected', r, `${place(r)} at ${r.offset} was delivered to ${group.id} after it was counted as skipped`);
      p.skippedAhead.splice(skippedAt, 1);
    }
    const missing = r.offset - p.next - takeSkippedBelow(p, r.offset);
    if (missing > 0) {
      this.violations.at('order', r, `${place(r)}: ${group.id} got offset ${r.offset} first, before offsets ${p.next}…${r.offset - 1}`);
      this.violations.at('lost', r, `${place(r)}: offsets ${p.next}…${r.offset - 1} were never delivered to ${group.id}, nor skipped`);
    }
    if (r.attempt !== 1) this.violations.at('unexpected', r, `${place(r)} at ${r.offset} reached ${group.id} for the first time but is marked attempt ${r.attempt}`);
    p.firstDeliveries += Math.max(0, missing) + 1;
    advanceTo(p, r.offset + 1);
  }

  private acked(r: Readonly<TraceRecord>): void {
    const p = this.books(r);
    if (p === undefined) return;
    const member = memberHand(this.group, p, r.consumer);
    if (member.held !== r.partition * PARTITION_FACTOR + r.offset) {
      this.violations.at('unexpected', r, `${r.consumer} acked ${r.broker}/${r.partition} at ${r.offset}, which it was not processing`);
      return;
    }
    member.held = -1;
    if (r.offset >= p.processedTo) {
      p.processed++;
      p.processedTo = r.offset + 1;
    }
  }

  private skipped(r: Readonly<TraceRecord>): void {
    const p = this.books(r);
    if (p === undefined) return;
    if (r.offset < p.next) return; // delivered once already, deleted before a replay reached it
    if (r.offset > p.next) {
      // A member holds [next, offset) fetched: they come later, delivered from memory or skipped when dropped.
      const ahead = p.skippedAhead;
      let i = ahead.length;
      while (i > 0 && ahead[i - 1]! > r.offset) i--;
      if (i > 0 && ahead[i - 1] === r.offset) {
        this.violations.at('unexpected', r, `${place(r)} at ${r.offset} was skipped twice for ${r.group}`);
        return;
      }
      ahead.splice(i, 0, r.offset);
      p.skipped++;
      return;
    }
    p.skipped++;
    advanceTo(p, r.offset + 1);
  }

  private reset(r: Readonly<TraceRecord>): void {
    const p = this.books(r);
    if (p === undefined) return;
    const stream = this.stream;
    if (r.offset < 0 || r.offset > stream.end[r.partition]!) {
      this.violations.at('offsets', r, `${r.broker}/${r.partition}: ${r.group} reset to ${r.offset}, outside 0…${stream.end[r.partition]}`);
    }
    if (p.base < 0) {
      // The group's start: it accepts what is appended from here on.
      p.base = r.offset;
      p.next = r.offset;
      p.processedTo = r.offset;
    } else if (r.offset > p.next) {
      // Offsets already counted as skipped by retention are not counted again.
      p.skippedByReset += r.offset - p.next - takeSkippedBelow(p, r.offset);
      advanceTo(p, r.offset);
    }
    // A group's start and a reset-offsets action move the committed offset with the position (the
    // group resumes from there); falling off the log moves the position only, until the next commit.
    if (r.reason !== 'out-of-range') p.committed = r.offset;
    p.resetSinceCommit = true;
    // A reset drops what members hold of this partition; the records come again from the new position.
    this.dropInHand(this.group, r.partition);
  }

  private dropInHand(group: GroupBooks, partition: number, member?: string): void {
    for (const [holder, hand] of group.inHand) {
      if (hand.held >= 0 && Math.floor(hand.held / PARTITION_FACTOR) === partition && (member === undefined || member === holder)) hand.held = -1;
    }
  }

  private committed(r: Readonly<TraceRecord>): void {
    const p = this.books(r);
    if (p === undefined) return;
    const stream = this.stream;
    if (r.offset < 0 || r.offset > stream.end[r.partition]!) this.violations.at('offsets', r, `${place(r)}: ${r.group} committed ${r.offset}, outside 0…${stream.end[r.partition]}`);
    if (r.offset > p.next) this.violations.at('offsets', r, `${place(r)}: ${r.group} committed ${r.offset} before reading up to it (next first delivery ${p.next})`);
    if (p.committed >= 0 && r.offset < p.committed && !p.resetSinceCommit) {
      this.violations.at('offsets', r, `${place(r)}: ${r.group}'s committed offset went back from ${p.committed} to ${r.offset} without a reset`);
    }
    p.committed = r.offset;
    p.resetSinceCommit = false;
  }

  private assigned(r: Readonly<TraceRecord>): void {
    const p = this.books(r);
    if (p === undefined) return;
    if (p.owner !== '' && p.owner !== r.consumer) {
      this.violations.at('exclusivity', r, `${r.broker}/${r.partition} was assigned to ${r.consumer} while ${p.owner} still owned it`);
    }
    if (r.attempt < p.generation) this.violations.at('exclusivity', r, `${r.group} went back from generation ${p.generation} to ${r.attempt}`);
    p.owner = r.consumer;
    p.generation = r.attempt;
  }

  private revoked(r: Readonly<TraceRecord>): void {
    const p = this.books(r);
    if (p === undefined) return;
    if (p.owner !== r.consumer) this.violations.at('exclusivity', r, `${r.broker}/${r.partition} was revoked from ${r.consumer}, but ${p.owner === '' ? 'nobody' : p.owner} owned it`);
    p.owner = '';
    // The member stops at once; the record it was processing goes to the next owner.
    this.dropInHand(this.group, r.partition, r.consumer);
  }
}

/** The hand of `member` of `group` (an idle one if it has none yet), through the partition's cache. */
function memberHand(group: GroupBooks, p: PartitionBooks, member: string): Hand {
  if (p.handOwner === member) return p.hand!;
  const hand = handOf(group, member);
  p.handOwner = member;
  p.hand = hand;
  return hand;
}

/** The hand of `member` of `group`, made idle when it has none yet. */
function handOf(group: GroupBooks, member: string): Hand {
  let hand = group.inHand.get(member);
  if (hand === undefined) {
    hand = { held: -1 };
    group.inHand.set(member, hand);
  }
  return hand;
}

/** Removes the offsets below `offset` from `p.skippedAhead` and returns how many there were. */
function takeSkippedBelow(p: PartitionBooks, offset: number): number {
  const ahead = p.skippedAhead;
  let n = 0;
  while (n < ahead.length && ahead[n]! < offset) n++;
  if (n > 0) ahead.splice(0, n);
  return n;
}

/** Moves the first-delivery frontier to `next`, and on over offsets already counted as skipped. */
function advanceTo(p: PartitionBooks, next: number): void {
  p.next = next;
  const ahead = p.skippedAhead;
  while (ahead.length > 0 && ahead[0] === p.next) {
    ahead.shift();
    p.next++;
  }
}

/** "stream/partition", for messages. */
function place(r: Readonly<TraceRecord>): string {
  return `${r.broker}/${r.partition}`;
}

/** Packs a partition and an offset into one number: offsets stay below 2^32 in any run this simulates. */
const PARTITION_FACTOR = 2 ** 32;

function describeHeld(packed: number): string {
  return `partition ${Math.floor(packed / PARTITION_FACTOR)} at ${packed % PARTITION_FACTOR}`;
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
