import type { Distribution, RandomStream } from '../../engine';
import { KeyState, type OrderingRemedy } from '../effects/key-state';
import type { CrashProcess } from '../consumer-group';
import type { ModelContext } from '../context';
import { assignPartitions, ASSIGNMENT_STRATEGIES, isCooperative, type AssignmentStrategy } from './assignors';
import { GroupOffsets, type RewindCause } from './group-offsets';
import { lagRecords, lagSeconds } from './lag';
import type { PartitionLogView, StreamBroker, StreamReader } from './stream-broker';
import { StreamMember } from './stream-member';

/** Where a group starts reading, and where it jumps when its position fell off the log (Kafka auto.offset.reset). */
export type StartFrom = 'earliest' | 'latest';

/** Why a rebalance started ('partitions': the stream grew, StreamBroker.addPartitions). */
export type RebalanceReason = 'join' | 'leave' | 'crash' | 'partitions';

/** A reset of a group's offsets on every partition (a timeline action). */
export type OffsetReset = { to: 'earliest' } | { to: 'latest' } | { to: 'offset'; offset: number } | { to: 'timestamp'; time: number };

export interface AutoCommit {
  /** Seconds between commits (Kafka auto.commit.interval.ms; 5 s there), > 0. */
  intervalSeconds: number;
}

export interface StreamGroupOptions {
  id: string;
  stream: StreamBroker;
  /** Members (consumer processes) at the start: a whole number >= 0. */
  members: number;
  /** Time to process one record. */
  processing: Distribution;
  /** Records one poll returns at most (Kafka max.poll.records): a whole number >= 1, default 500. */
  maxPollRecords?: number | undefined;
  /**
   * Auto-commit on an interval (Kafka's default, every 5 s), or undefined for a manual commit after
   * each processed batch.
   */
  autoCommit: AutoCommit | undefined;
  /** Default 'latest', as Kafka's auto.offset.reset. */
  startFrom?: StartFrom | undefined;
  /** Partition assignment strategy; default 'range' (Kafka's first default assignor). */
  assignment?: AssignmentStrategy | undefined;
  /**
   * Seconds a rebalance stops consumption (>= 0, default 3): every partition for the eager
   * strategies, only the partitions that move for cooperative-sticky.
   */
  rebalancePause?: number | undefined;
  /** Seconds before the group notices a crashed member (>= 0; Kafka session.timeout.ms, default 45). */
  sessionTimeout?: number | undefined;
  /** Random crash and restart of each member; undefined for none. */
  crashes?: CrashProcess | undefined;
  /**
   * Per-key state each processed keyed record updates (see effects/key-state.ts), with its remedy: the
   * `state` records show whether a keyed stream keeps each key in order (it does, one partition per key).
   */
  ordering?: { remedy: OrderingRemedy } | undefined;
}

const DEFAULT_MAX_POLL_RECORDS = 500;
const DEFAULT_REBALANCE_PAUSE = 3;
const DEFAULT_SESSION_TIMEOUT = 45;

/**
 * A consumer group reading a StreamBroker as Kafka consumers do.
 *
 * **Poll loop.** Each member owns some partitions and processes one record at a time: a poll takes up
 * to maxPollRecords records from its partitions and advances their positions; each record is
 * processed for a time drawn from `processing`; when the batch is done it polls again. A poll shares
 * the batch fairly: one record from each owned partition in turn (starting one partition further on
 * each poll) until the batch is full or nothing is left. A member with nothing to read waits until
 * one of its partitions gets an append: no polling events while idle.
 *
 * **Commits.** Auto-commit: at a poll at least `intervalSeconds` after the last commit, the member
 * commits its positions before fetching, that is what the previous poll returned, so a crash replays
 * the batch in hand. (A member waiting for records commits when the interval is up, as Kafka's idle
 * poll loop does.) Manual: the member commits its positions after processing each batch. A member
 * giving partitions up cleanly (a rebalance, scale-in) first commits what it has finished; a crash
 * commits nothing.
 *
 * **Membership.** A joining, leaving, or (after `sessionTimeout`) crashed member starts a rebalance:
 * a new generation, revocations, a pause, then assignments. Eager strategies revoke every partition;
 * cooperative-sticky revokes only those that change owner and the rest keep being consumed. A new
 * owner resumes from the committed offset. A crashed member's partitions sit unconsumed until the
 * crash is noticed. A member that restarts before that rejoins at once. Members beyond the partition
 * count own nothing (`idleMembers`). The group forms without a pause when it starts.
 * Simplification: a member stops at once when it loses partitions (Kafka members finish the batch
 * in hand first): the record it was processing is delivered again by the next owner.
 *
 * **Records the group will never process** are counted as `skipped`, one record each naming the
 * message, so that every record from the group's start ends up processed (acked) or skipped:
 * - reason 'retention': retention deleted it before the group processed it. Counted when the entries
 *   are deleted, except for records a member holds fetched (it may still process them from memory);
 *   those are counted if the member drops them unprocessed (crash, revocation, reset).
 * - reason 'reset': a forward reset (resetOffsets, or falling off the log with startFrom 'latest')
 *   jumped over it, still retained and unprocessed. If a later backward reset brings the group back,
 *   it is delivered after all: attempt 1 with reason 'replay' if it had never been delivered.
 * A group whose position is below the log start notices at its next poll: `reset` (reason
 * 'out-of-range') to the log start or end per `startFrom` (its committed offset moves at the next commit).
 *
 * **Trace** (broker = the stream id, group = this id, consumer = the member id):
 * - `reset` per partition at start (reason earliest/latest), on resetOffsets (earliest, latest,
 *   offset, timestamp) and on falling off the log (out-of-range); offset = the new position.
 * - `delivered` when a member starts a record, `acked` when it has processed it; attempt counts how
 *   often this group was handed that offset, and reason on a repeat is crash, rebalance or replay
 *   (the cause of the last rewind). First deliveries with reason '' come in offset order per
 *   partition; attempt 1 with reason 'replay' is a record a reset brought back (one skipped by an
 *   earlier reset, or one below where the group started).
 * - `committed` whenever a commit raises the committed offset.
 * - `rebalanced` (partition -1, reason join/leave/crash/partitions, attempt = new generation); `revoked` per
 *   partition taken away (offset = the committed offset the next owner resumes from, attempt = the
 *   new generation); `assigned` per
 *   partition given (offset = position, attempt = generation). A partition belongs to a member from
 *   `assigned` until `revoked` (cooperative rebalances leave kept partitions alone).
 * - `skipped` as above; `crashed`, `restarted`, `scaled` (up/down, and ready when a cold start ends) for members.
 */
export class StreamGroup implements StreamReader {
  /** Tells a stream group from a queue's ConsumerGroup (kind 'queue'). */
  readonly kind = 'stream';
  readonly id: string;
  readonly stream: StreamBroker;
  private readonly memberList: StreamMember[] = [];
  private readonly logs: PartitionLogView[] = [];
  private readonly offsets: GroupOffsets;
  // Per partition; replaced by longer ones when the stream grows (partitionsAdded).
  /** The member consuming each partition now, or -1 (unassigned, or waiting out a rebalance). */
  private owner: Int32Array;
  /** The member each partition is assigned to in the current generation (-1: none). */
  private target: Int32Array;
  private previous: Int32Array;
  private skippedOn: Float64Array;
  private readonly maxPollRecords: number;
  private readonly startFrom: StartFrom;
  private readonly assignment: AssignmentStrategy;
  private readonly rebalancePause: number;
  private readonly sessionTimeout: number;
  /** Seconds between auto-commits; NaN with manual commits (so `now >= nextAutoCommit` never holds). */
  private readonly autoCommitInterval: number;
  private readonly manualCommit: boolean;
  private readonly crashes: CrashProcess | undefined;
  private processing: Distribution;
  private readonly processingRng: RandomStream;
  private readonly crashRng: RandomStream;
  private started = false;
  private generationCount = 0;
  private pauseTimer = -1;
  private skippedCount = 0;
  private redeliveredCount = 0;
  /** The record a trace call describes; reused so that emitting allocates nothing. */
  private readonly record = { id: 0, publishedAt: 0, producer: '' };

  private readonly onComplete = (member: number): void => this.complete(this.members[member]!);
  private readonly onCommitDue = (member: number): void => this.idleCommit(this.members[member]!);
  private readonly onCrashDue = (member: number): void => {
    this.members[member]!.crashTimer = -1;
    this.crash(member);
  };
  private readonly onRestartDue = (member: number): void => {
    this.members[member]!.restartTimer = -1;
    this.restart(member);
  };
  private readonly onSessionExpired = (member: number): void => {
    const m = this.members[member]!;
    m.sessionTimer = -1;
    m.joined = false;
    this.rebalance('crash');
  };
  /** Members in their cold start (index → the event that ends it); see scaleTo. */
  private readonly coldTimers = new Map<number, number>();
  private readonly onWarm = (member: number): void => this.warm(member);
  private readonly onPauseOver = (): void => {
    this.pauseTimer = -1;
    this.assignPending();
  };

  /** Per-key state the processed records update, when the group tracks ordering. */
  private readonly keyState: KeyState | undefined;
  constructor(
    private readonly ctx: ModelContext,
    options: StreamGroupOptions,
  ) {
    this.id = options.id;
    this.keyState = options.ordering && new KeyState(options.ordering.remedy);
    this.stream = options.stream;
    const partitions = options.stream.partitionCount;
    for (let p = 0; p < partitions; p++) this.logs.push(options.stream.log(p));
    this.offsets = new GroupOffsets(partitions);
    this.owner = new Int32Array(partitions).fill(-1);
    this.target = new Int32Array(partitions).fill(-1);
    this.previous = new Int32Array(partitions).fill(-1);
    this.skippedOn = new Float64Array(partitions);

    this.maxPollRecords = options.maxPollRecords ?? DEFAULT_MAX_POLL_RECORDS;
    this.startFrom = options.startFrom ?? 'latest';
    this.assignment = options.assignment ?? 'range';
    this.rebalancePause = options.rebalancePause ?? DEFAULT_REBALANCE_PAUSE;
    this.sessionTimeout = options.sessionTimeout ?? DEFAULT_SESSION_TIMEOUT;
    this.autoCommitInterval = options.autoCommit?.intervalSeconds ?? NaN;
    this.manualCommit = options.autoCommit === undefined;
    checkWhole('members', options.members, 0);
    checkWhole('maxPollRecords', this.maxPollRecords, 1);
    if (this.startFrom !== 'earliest' && this.startFrom !== 'latest') {
      throw new RangeError(`group ${this.id}: startFrom must be "earliest" or "latest", got ${JSON.stringify(this.startFrom)}`);
    }
    if (!ASSIGNMENT_STRATEGIES.includes(this.assignment)) {
      throw new RangeError(`group ${this.id}: assignment must be one of ${ASSIGNMENT_STRATEGIES.join(', ')}, got ${JSON.stringify(this.assignment)}`);
    }
    checkSeconds('rebalancePause', this.rebalancePause, false);
    checkSeconds('sessionTimeout', this.sessionTimeout, false);
    if (options.autoCommit !== undefined) checkSeconds('autoCommit.intervalSeconds', this.autoCommitInterval, true);

    this.processing = options.processing;
    this.crashes = options.crashes;
    this.processingRng = ctx.random.stream(`stream-group:${options.id}:processing`);
    this.crashRng = ctx.random.stream(`stream-group:${options.id}:crashes`);
    for (let i = 0; i < options.members; i++) this.createMember();
  }

  // ---- Timeline actions -------------------------------------------------------------------------

  /**
   * Starts the group now (at time 0, or later for a group added mid-run): positions every partition
   * per `startFrom` (emitting `reset`), forms the group (one rebalance, without a pause) and starts
   * reading. Call once.
   */
  start(): void {
    if (this.started) throw new Error(`group ${this.id} was already started`);
    this.started = true;
    const { sim, tracer } = this.ctx;
    for (let p = 0; p < this.logs.length; p++) {
      const log = this.logs[p]!;
      const offset = this.startFrom === 'earliest' ? log.startOffset : log.endOffset;
      this.offsets.begin(p, offset, log.startOffset);
      tracer.emitPartition('reset', sim.now, this.stream.id, p, offset, this.id, '', this.startFrom);
    }
    this.stream.addReader(this);
    for (const m of this.members) m.nextAutoCommit = sim.now + this.autoCommitInterval;
    if (this.members.length > 0) this.rebalance('join', 0);
    for (const m of this.members) this.scheduleCrash(m);
  }

  /** Crashes member `index` (0-based) now: its work in hand is lost and nothing is committed. */
  crash(index: number): void {
    const m = this.members[index];
    if (m === undefined || !m.up || !this.started) return;
    const { sim, tracer } = this.ctx;
    this.cancel(m, 'crashTimer');
    this.cancel(m, 'commitTimer');
    tracer.emitInstance('crashed', sim.now, this.stream.id, this.id, m.id);
    this.dropBatch(m);
    m.up = false;
    m.waiting = false;
    for (const p of m.partitions) this.offsets.rewind(p, 'crash');
    if (m.joined) m.sessionTimer = sim.schedule(this.sessionTimeout, this.onSessionExpired, index);
    if (this.crashes !== undefined && !m.removed) m.restartTimer = sim.schedule(this.crashes.downtime.sample(this.crashRng), this.onRestartDue, index);
  }

  /** Restarts crashed member `index`: it (re)joins the group, which rebalances. */
  restart(index: number): void {
    const m = this.members[index];
    if (m === undefined || m.up || m.removed || !this.started || this.coldTimers.has(index)) return;
    const { sim, tracer } = this.ctx;
    this.cancel(m, 'restartTimer');
    // Restarted before the group noticed the crash: the new process takes over the old membership at once.
    this.cancel(m, 'sessionTimer');
    m.up = true;
    m.joined = true;
    m.nextAutoCommit = sim.now + this.autoCommitInterval;
    tracer.emitInstance('restarted', sim.now, this.stream.id, this.id, m.id);
    this.rebalance('join');
    this.scheduleCrash(m);
  }

  /**
   * Scales to `count` members (not counting scaled-in ones). New members join; the newest members
   * leave cleanly (committing what they finished). One rebalance covers the whole change. With
   * `coldStart` > 0 seconds new members exist at once but join (emitting `scaled` with reason
   * 'ready', then a rebalance each) only when their cold start is over.
   */
  scaleTo(count: number, coldStart = 0): void {
    checkWhole('scaleTo count', count, 0);
    const { sim, tracer } = this.ctx;
    const active = this.members.filter((m) => !m.removed);
    if (count > active.length) {
      const added: StreamMember[] = [];
      for (let n = active.length; n < count; n++) {
        const m = this.createMember();
        m.nextAutoCommit = sim.now + this.autoCommitInterval;
        added.push(m);
        tracer.emitInstance('scaled', sim.now, this.stream.id, this.id, m.id, 'up');
      }
      if (!this.started) return;
      if (coldStart > 0) {
        for (const m of added) {
          m.up = false;
          m.joined = false;
          this.coldTimers.set(m.index, sim.schedule(coldStart, this.onWarm, m.index));
        }
        return;
      }
      this.rebalance('join');
      for (const m of added) this.scheduleCrash(m);
      return;
    }
    const leaving: StreamMember[] = [];
    for (let i = active.length - 1; i >= count; i--) {
      const m = active[i]!;
      m.removed = true;
      tracer.emitInstance('scaled', sim.now, this.stream.id, this.id, m.id, 'down');
      this.cancel(m, 'restartTimer');
      this.cancel(m, 'crashTimer');
      const cold = this.coldTimers.get(m.index);
      if (cold !== undefined) {
        sim.cancel(cold);
        this.coldTimers.delete(m.index);
      }
      // A crashed member cannot say goodbye: the group notices it when its session times out.
      if (m.up) {
        m.joined = false;
        leaving.push(m);
      }
    }
    if (!this.started) {
      for (const m of leaving) m.up = false;
      return;
    }
    if (leaving.length > 0) this.rebalance('leave');
    for (const m of leaving) {
      this.cancel(m, 'commitTimer');
      this.dropBatch(m);
      m.up = false;
      m.waiting = false;
    }
  }

  /**
   * Moves the group's position and committed offset on every partition (Kafka's
   * kafka-consumer-groups --reset-offsets): to the log start, the log end, an offset (clamped to the
   * retained range) or the first record appended at or after a time. Work in hand is dropped; going
   * back replays records (reason 'replay'), going forward skips them (reason 'reset').
   */
  resetOffsets(reset: OffsetReset): void {
    if (!this.started) throw new Error(`group ${this.id} has not started: reset its offsets after start()`);
    if (reset.to === 'offset') checkWhole('reset offset', reset.offset, 0);
    if (reset.to === 'timestamp' && !Number.isFinite(reset.time)) throw new RangeError(`reset time must be a finite number, got ${reset.time}`);
    if (!['earliest', 'latest', 'offset', 'timestamp'].includes(reset.to)) {
      throw new RangeError(`reset.to must be "earliest", "latest", "offset" or "timestamp", got ${JSON.stringify(reset.to)}`);
    }
    for (const m of this.members) {
      if (!m.up) continue;
      this.dropBatch(m);
      m.waiting = false;
    }
    for (let p = 0; p < this.logs.length; p++) {
      const log = this.logs[p]!;
      let offset: number;
      if (reset.to === 'earliest') offset = log.startOffset;
      else if (reset.to === 'latest') offset = log.endOffset;
      else if (reset.to === 'offset') offset = Math.min(Math.max(reset.offset, log.startOffset), log.endOffset);
      else offset = log.offsetForTime(reset.time);
      this.ctx.tracer.emitPartition('reset', this.ctx.sim.now, this.stream.id, p, offset, this.id, '', reset.to);
      this.skipRange(p, this.offsets.resetTo(p, offset, log.startOffset, 'replay'), offset, 'reset');
    }
    for (const m of this.members) if (m.active && m.current < 0) this.finishBatchOrPoll(m);
  }

  /** Changes the processing-time distribution from the next record on. */
  setProcessing(processing: Distribution): void {
    this.processing = processing;
  }

  // ---- Metrics ----------------------------------------------------------------------------------

  get partitionCount(): number {
    return this.logs.length;
  }

  /** Every member ever created (scaled-in ones included), in creation order; index = StreamMember.index. */
  get members(): readonly StreamMember[] {
    return this.memberList;
  }

  /** The current generation (0 before the group first formed). */
  get generation(): number {
    return this.generationCount;
  }

  /** Next offset the group fetches from `partition`. */
  position(partition: number): number {
    return this.offsets.position[this.checkPartition(partition)]!;
  }

  /** Offset the group resumes `partition` from after a crash or rebalance. */
  committed(partition: number): number {
    return this.offsets.committed[this.checkPartition(partition)]!;
  }

  /** Records of `partition` not yet committed: log end − max(committed, log start). */
  lagRecords(partition: number): number {
    return lagRecords(this.logs[this.checkPartition(partition)]!, this.offsets.committed[partition]!);
  }

  /** Age in seconds of the oldest retained record of `partition` not yet committed; 0 when caught up. */
  lagSeconds(partition: number): number {
    return lagSeconds(this.logs[this.checkPartition(partition)]!, this.offsets.committed[partition]!, this.ctx.sim.now);
  }

  /** Lag in records over all partitions. */
  get totalLag(): number {
    let n = 0;
    for (let p = 0; p < this.logs.length; p++) n += this.lagRecords(p);
    return n;
  }

  /** Id of the member consuming `partition` now, or '' (none, or waiting out a rebalance). */
  ownerOf(partition: number): string {
    const owner = this.owner[this.checkPartition(partition)]!;
    return owner < 0 ? '' : this.members[owner]!.id;
  }

  /** Members that exist: not scaled in (running, crashed or still in their cold start). */
  get instanceCount(): number {
    let n = 0;
    for (const m of this.members) if (!m.removed) n++;
    return n;
  }

  /** Members processing a record now (for the autoscaler's utilisation). */
  get busyWorkers(): number {
    let n = 0;
    for (const m of this.members) if (m.active && m.current >= 0) n++;
    return n;
  }

  /** Members in the group and running, each one worker (idle ones beyond the partition count included). */
  get workerCount(): number {
    let n = 0;
    for (const m of this.members) if (m.active && !m.removed) n++;
    return n;
  }

  /** Running members that are in the group but are assigned no partition (beyond the partition count). */
  get idleMembers(): number {
    let idle = 0;
    for (const m of this.members) {
      if (!m.active) continue;
      let owns = false;
      for (let p = 0; p < this.target.length && !owns; p++) owns = this.target[p] === m.index;
      if (!owns) idle++;
    }
    return idle;
  }

  /** Members whose process is running (not crashed, not scaled in). */
  get membersUp(): number {
    let n = 0;
    for (const m of this.members) if (m.up && !m.removed) n++;
    return n;
  }

  /** Records this group will never read because retention deleted them first or a reset jumped over them. */
  get skipped(): number {
    return this.skippedCount;
  }

  /** Skipped records of `partition`. */
  skippedOnPartition(partition: number): number {
    return this.skippedOn[this.checkPartition(partition)]!;
  }

  /** Deliveries with attempt > 1. */
  get redelivered(): number {
    return this.redeliveredCount;
  }

  // ---- StreamReader -----------------------------------------------------------------------------

  /** @internal Called by the stream after an append. */
  appended(partition: number): void {
    const owner = this.owner[partition]!;
    if (owner < 0) return;
    const m = this.members[owner]!;
    if (m.waiting) this.poll(m);
  }

  /** @internal Called by the stream before retention deletes [from, to) of `partition`. */
  truncating(partition: number, from: number, to: number): void {
    this.skipRange(partition, this.offsets.unreadFrom(partition, from), to, 'retention');
    this.offsets.prune(partition, to);
  }

  /**
   * @internal Called by the stream after it grew from `from` partitions (StreamBroker.addPartitions).
   * The group reads every new partition from its beginning, offset 0 (a `reset` record with reason
   * 'earliest', whatever startFrom says), and rebalances (reason 'partitions') to hand them out.
   * Simplification: a Kafka consumer learns of new partitions at its next metadata refresh
   * (metadata.max.age.ms, 5 minutes by default), and with auto.offset.reset=latest may skip what was
   * written to them before; here the group learns at once and starts at offset 0, so it skips nothing.
   */
  partitionsAdded(from: number): void {
    const total = this.stream.partitionCount;
    for (let p = from; p < total; p++) this.logs.push(this.stream.log(p));
    this.offsets.grow(total);
    this.owner = widenedInt(this.owner, total);
    this.target = widenedInt(this.target, total);
    this.previous = widenedInt(this.previous, total);
    const skippedOn = new Float64Array(total);
    skippedOn.set(this.skippedOn);
    this.skippedOn = skippedOn;
    const { sim, tracer } = this.ctx;
    for (let p = from; p < total; p++) {
      this.offsets.begin(p, 0, 0);
      tracer.emitPartition('reset', sim.now, this.stream.id, p, 0, this.id, '', 'earliest');
    }
    if (this.members.some((m) => m.joined)) this.rebalance('partitions');
  }

  // ---- The poll loop ----------------------------------------------------------------------------

  private poll(m: StreamMember): void {
    m.waiting = false;
    const now = this.ctx.sim.now;
    if (now >= m.nextAutoCommit) {
      this.commitPositions(m);
      m.nextAutoCommit = now + this.autoCommitInterval;
    }
    const parts = m.partitions;
    const n = parts.length;
    const offsets = this.offsets;
    const position = offsets.position;
    let count = 0;
    if (n > 0) {
      for (let k = 0; k < n; k++) {
        const p = parts[k]!;
        if (position[p]! < this.logs[p]!.startOffset) this.outOfRange(p);
      }
      const first = m.rotation % n;
      m.rotation = first + 1;
      const max = this.maxPollRecords;
      let progress = true;
      while (progress && count < max) {
        progress = false;
        for (let k = 0; k < n && count < max; k++) {
          const p = parts[(first + k) % n]!;
          const log = this.logs[p]!;
          const offset = position[p]!;
          if (offset >= log.endOffset) continue;
          m.reserve(count);
          m.batchPartitions[count] = p;
          m.batchOffsets[count] = offset;
          m.batchIds[count] = log.idAt(offset);
          m.batchTimes[count] = log.timeAt(offset);
          if (this.keyState !== undefined) {
            m.batchKeys[count] = log.keyIndexAt(offset);
            m.batchVersions[count] = log.versionAt(offset);
          }
          m.batchProducers[count] = log.producerAt(offset);
          position[p] = offset + 1;
          count++;
          progress = true;
        }
      }
    }
    if (count === 0) {
      m.waiting = true;
      this.scheduleIdleCommit(m);
      return;
    }
    m.batchLength = count;
    m.next = 0;
    this.startNext(m);
  }

  /** Starts the next live record of the batch, or ends the batch and polls again. */
  private startNext(m: StreamMember): void {
    while (m.next < m.batchLength) {
      const i = m.next++;
      if (m.batchPartitions[i]! < 0) continue;
      this.begin(m, i);
      return;
    }
    this.finishBatchOrPoll(m);
  }

  private finishBatchOrPoll(m: StreamMember): void {
    if (m.next < m.batchLength) {
      this.startNext(m);
      return;
    }
    m.batchLength = 0;
    m.next = 0;
    if (this.manualCommit) this.commitPositions(m);
    this.poll(m);
  }

  private begin(m: StreamMember, i: number): void {
    const p = m.batchPartitions[i]!;
    const offset = m.batchOffsets[i]!;
    const offsets = this.offsets;
    const attempt = offsets.deliver(p, offset);
    if (attempt > 1) this.redeliveredCount++;
    m.current = i;
    m.currentAttempt = attempt;
    const { sim, tracer } = this.ctx;
    tracer.emitLog('delivered', sim.now, this.describe(m, i), this.stream.id, p, offset, this.id, m.id, offsets.reason, attempt);
    m.completion = sim.schedule(this.processing.sample(this.processingRng), this.onComplete, m.index);
  }

  private complete(m: StreamMember): void {
    const i = m.current;
    m.completion = -1;
    m.current = -1;
    const { sim, tracer } = this.ctx;
    const p = m.batchPartitions[i]!;
    const offset = m.batchOffsets[i]!;
    this.offsets.acked(p, offset);
    tracer.emitLog('acked', sim.now, this.describe(m, i), this.stream.id, p, offset, this.id, m.id, '', m.currentAttempt);
    const key = m.batchKeys[i]!;
    if (this.keyState !== undefined && key >= 0) {
      const version = m.batchVersions[i]!;
      tracer.emitState(sim.now, this.describe(m, i), this.stream.id, this.id, m.id, this.keyState.apply(key, version, m.batchTimes[i]!), key, version);
    }
    this.startNext(m);
  }

  private describe(m: StreamMember, i: number): { id: number; publishedAt: number; producer: string } {
    const record = this.record;
    record.id = m.batchIds[i]!;
    record.publishedAt = m.batchTimes[i]!;
    record.producer = m.batchProducers[i]!;
    return record;
  }

  // ---- Commits ----------------------------------------------------------------------------------

  private commitPositions(m: StreamMember): void {
    for (const p of m.partitions) this.commit(m, p, this.offsets.position[p]!);
  }

  private commit(m: StreamMember, partition: number, offset: number): void {
    if (this.offsets.commit(partition, offset)) {
      this.ctx.tracer.emitPartition('committed', this.ctx.sim.now, this.stream.id, partition, offset, this.id, m.id);
    }
  }

  /** A waiting member with uncommitted progress commits when the auto-commit interval is up. */
  private scheduleIdleCommit(m: StreamMember): void {
    if (m.commitTimer >= 0 || this.manualCommit) return;
    const { position, committed } = this.offsets;
    let behind = false;
    for (const p of m.partitions) if (position[p]! > committed[p]!) behind = true;
    if (behind) m.commitTimer = this.ctx.sim.scheduleAt(Math.max(m.nextAutoCommit, this.ctx.sim.now), this.onCommitDue, m.index);
  }

  private idleCommit(m: StreamMember): void {
    m.commitTimer = -1;
    if (!m.waiting) return;
    const now = this.ctx.sim.now;
    if (now >= m.nextAutoCommit) {
      this.commitPositions(m);
      m.nextAutoCommit = now + this.autoCommitInterval;
    } else this.scheduleIdleCommit(m);
  }

  // ---- Falling behind and jumping ---------------------------------------------------------------

  /** The position of `partition` is below the log start: jump per `startFrom` (position only). */
  private outOfRange(partition: number): void {
    const log = this.logs[partition]!;
    const offset = this.startFrom === 'earliest' ? log.startOffset : log.endOffset;
    this.ctx.tracer.emitPartition('reset', this.ctx.sim.now, this.stream.id, partition, offset, this.id, '', 'out-of-range');
    this.skipRange(partition, this.offsets.seekTo(partition, offset, log.startOffset), offset, 'reset');
  }

  /** Counts [from, to) of `partition` as skipped and emits one `skipped` record each (read from the log). */
  private skipRange(partition: number, from: number, to: number, reason: 'retention' | 'reset'): void {
    if (from >= to) return;
    this.skippedCount += to - from;
    this.skippedOn[partition]! += to - from;
    const { sim, tracer } = this.ctx;
    if (!tracer.active) return;
    const log = this.logs[partition]!;
    const record = this.record;
    for (let offset = from; offset < to; offset++) {
      record.id = log.idAt(offset);
      record.publishedAt = log.timeAt(offset);
      record.producer = log.producerAt(offset);
      tracer.emitLog('skipped', sim.now, record, this.stream.id, partition, offset, this.id, '', reason);
    }
  }

  /**
   * Drops `m`'s work in hand, on every partition or only `partition`: the record in progress is
   * abandoned unacknowledged, unstarted ones are forgotten. One that retention has deleted since it
   * was fetched, and that the group never processed, can no longer be read: it is skipped now.
   */
  private dropBatch(m: StreamMember, partition = -1): void {
    const first = m.current >= 0 ? m.current : m.next;
    if (m.current >= 0 && (partition < 0 || m.batchPartitions[m.current] === partition)) {
      this.cancel(m, 'completion');
      m.current = -1;
    }
    for (let i = first; i < m.batchLength; i++) {
      const p = m.batchPartitions[i]!;
      if (p < 0 || (partition >= 0 && p !== partition)) continue;
      const offset = m.batchOffsets[i]!;
      if (offset < this.logs[p]!.startOffset && this.offsets.unfinished(p, offset)) {
        this.skippedCount++;
        this.skippedOn[p]!++;
        this.ctx.tracer.emitLog('skipped', this.ctx.sim.now, this.describe(m, i), this.stream.id, p, offset, this.id, '', 'retention');
      }
      m.batchPartitions[i] = -1;
    }
    if (partition < 0) {
      m.batchLength = 0;
      m.next = 0;
    }
  }

  // ---- Rebalancing ------------------------------------------------------------------------------

  /**
   * Starts a new generation: assigns partitions over the joined members, revokes what moves (all for
   * eager strategies), and hands out the revoked and unowned partitions after the pause.
   */
  private rebalance(reason: RebalanceReason, pause = this.rebalancePause): void {
    const { sim, tracer } = this.ctx;
    const generation = ++this.generationCount;
    tracer.emitPartition('rebalanced', sim.now, this.stream.id, -1, -1, this.id, '', reason, generation);
    if (this.pauseTimer >= 0) sim.cancel(this.pauseTimer);
    this.pauseTimer = -1;

    const joined: number[] = [];
    for (const m of this.members) if (m.joined) joined.push(m.index);
    for (let p = 0; p < this.target.length; p++) {
      const t = this.target[p]!;
      this.previous[p] = t >= 0 && this.members[t]!.joined ? t : -1;
    }
    assignPartitions(this.assignment, joined, this.previous, this.target);

    const cooperative = isCooperative(this.assignment);
    for (let p = 0; p < this.owner.length; p++) {
      const o = this.owner[p]!;
      if (o < 0) continue;
      const m = this.members[o]!;
      if (cooperative && this.target[p] === o && m.joined) continue;
      this.revoke(p, m);
    }
    // Members that lost the record they were processing go on with the rest of their batch.
    for (const m of this.members) if (m.active && m.current < 0 && !m.waiting) this.finishBatchOrPoll(m);
    if (pause > 0) this.pauseTimer = sim.schedule(pause, this.onPauseOver);
    else this.assignPending();
  }

  private revoke(partition: number, m: StreamMember): void {
    const clean = m.up;
    if (clean) {
      const unfinished = m.firstUnfinished(partition);
      this.commit(m, partition, unfinished >= 0 ? unfinished : this.offsets.position[partition]!);
    }
    this.dropBatch(m, partition);
    const cause: RewindCause = clean ? 'rebalance' : 'crash';
    this.offsets.rewind(partition, cause);
    this.owner[partition] = -1;
    m.removePartition(partition);
    this.ctx.tracer.emitPartition('revoked', this.ctx.sim.now, this.stream.id, partition, this.offsets.committed[partition]!, this.id, m.id, '', this.generationCount);
  }

  /** Ends a rebalance: every assigned partition without a consumer goes to its new owner, which starts reading. */
  private assignPending(): void {
    const { sim, tracer } = this.ctx;
    for (let p = 0; p < this.target.length; p++) {
      const t = this.target[p]!;
      if (t < 0 || this.owner[p] !== -1) continue;
      const m = this.members[t]!;
      this.owner[p] = t;
      m.addPartition(p);
      tracer.emitPartition('assigned', sim.now, this.stream.id, p, this.offsets.position[p]!, this.id, m.id, '', this.generationCount);
    }
    for (const m of this.members) if (m.active && m.waiting) this.poll(m);
  }

  // ---- Members ----------------------------------------------------------------------------------

  private createMember(): StreamMember {
    const index = this.members.length;
    const m = new StreamMember(index, `${this.id}#${index + 1}`);
    // A new member has read nothing yet: it waits for its first assignment.
    m.waiting = true;
    this.memberList.push(m);
    return m;
  }

  /** A new member's cold start is over: it joins the group, which rebalances. */
  private warm(index: number): void {
    this.coldTimers.delete(index);
    const m = this.members[index]!;
    if (m.removed) return;
    const { sim, tracer } = this.ctx;
    m.up = true;
    m.joined = true;
    m.nextAutoCommit = sim.now + this.autoCommitInterval;
    tracer.emitInstance('scaled', sim.now, this.stream.id, this.id, m.id, 'ready');
    this.rebalance('join');
    this.scheduleCrash(m);
  }

  private scheduleCrash(m: StreamMember): void {
    if (this.crashes === undefined || !m.up || m.removed) return;
    m.crashTimer = this.ctx.sim.schedule(this.crashes.uptime.sample(this.crashRng), this.onCrashDue, m.index);
  }

  private cancel(m: StreamMember, timer: 'completion' | 'commitTimer' | 'crashTimer' | 'restartTimer' | 'sessionTimer'): void {
    if (m[timer] >= 0) this.ctx.sim.cancel(m[timer]);
    m[timer] = -1;
  }

  private checkPartition(partition: number): number {
    if (!(partition >= 0 && partition < this.logs.length) || partition % 1 !== 0) {
      throw new RangeError(`stream ${this.stream.id} has partitions 0 to ${this.logs.length - 1}, not ${partition}`);
    }
    return partition;
  }
}

/** A copy of `array` with `length` slots, the new ones -1 (no member). */
function widenedInt(array: Int32Array, length: number): Int32Array {
  const wider = new Int32Array(length).fill(-1);
  wider.set(array);
  return wider;
}

function checkWhole(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be a whole number >= ${min}, got ${String(value)}`);
}

function checkSeconds(name: string, value: number, positive: boolean): void {
  if (!Number.isFinite(value) || (positive ? value <= 0 : value < 0)) {
    throw new RangeError(`${name} must be a finite number of seconds ${positive ? '> 0' : '>= 0'}, got ${String(value)}`);
  }
}
