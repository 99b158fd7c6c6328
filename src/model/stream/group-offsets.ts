/** Why a consumer group's position on a partition went back to its committed offset. */
export type RewindCause = 'crash' | 'rebalance' | 'replay';

/**
 * One consumer group's offsets and delivery accounting on each partition of a stream.
 *
 * - `position`: the next offset the group fetches (Kafka's consumer position).
 * - `committed`: the offset the group resumes from after a crash or a rebalance.
 * - `highest`: the highest offset ever handed to the group (delivered). Above it nothing has been
 *   delivered; at or below it everything has, except the ranges a reset jumped over before they were
 *   delivered (kept in `jumped` until delivered or deleted). This gives attempt numbers.
 * - `done`: the highest offset the group has finished with: processed (acked), or jumped over by a
 *   reset (and counted as skipped). Deliveries of one partition happen one at a time and in offset
 *   order from the committed offset, so every offset up to `done` is processed or counted; above it,
 *   only the records a member holds fetched ([done + 1, position)) are accounted for. This decides
 *   which records retention or a reset makes the group skip.
 *
 * Delivery counts cost nothing for first deliveries: only offsets handed out more than once get an
 * entry in a per-partition map, pruned as retention deletes what the group can no longer be handed.
 */
export class GroupOffsets {
  // Replaced (never changed in length) when the stream grows: read them anew after `grow`.
  position: Float64Array;
  committed: Float64Array;
  highest: Float64Array;
  done: Float64Array;
  /** Attempt number of the last `deliver` call (1 for a first delivery). */
  attempt = 0;
  /** Reason of the last `deliver` call: '' for a first delivery, else why the offset came round again. */
  reason = '';
  private readonly causes: RewindCause[];
  private readonly repeats: (Map<number, number> | undefined)[];
  /** Per partition, flat [from, to, from, to …] ranges that a reset jumped over and that have not been delivered since. */
  private readonly jumped: (number[] | undefined)[];

  constructor(partitions: number) {
    this.position = new Float64Array(partitions);
    this.committed = new Float64Array(partitions);
    this.highest = new Float64Array(partitions);
    this.done = new Float64Array(partitions);
    this.causes = new Array<RewindCause>(partitions).fill('replay');
    this.repeats = new Array<Map<number, number> | undefined>(partitions).fill(undefined);
    this.jumped = new Array<number[] | undefined>(partitions).fill(undefined);
  }

  /** Makes room for `partitions` partitions (more than now); call `begin` for each new one. */
  grow(partitions: number): void {
    const from = this.position.length;
    if (!(partitions > from)) throw new RangeError(`offsets can only grow, from ${from} partitions, got ${partitions}`);
    this.position = widened(this.position, partitions);
    this.committed = widened(this.committed, partitions);
    this.highest = widened(this.highest, partitions);
    this.done = widened(this.done, partitions);
    for (let p = from; p < partitions; p++) {
      this.causes.push('replay');
      this.repeats.push(undefined);
      this.jumped.push(undefined);
    }
  }

  /**
   * Starts reading `partition` at `offset`: position and committed both point there. The retained
   * records below it, from `logStart`, are not the group's to read; should a reset bring the group
   * back to them, they are first deliveries (attempt 1, reason 'replay').
   */
  begin(partition: number, offset: number, logStart: number): void {
    this.position[partition] = offset;
    this.committed[partition] = offset;
    this.highest[partition] = offset - 1;
    this.done[partition] = offset - 1;
    if (logStart < offset) this.jumped[partition] = [logStart, offset];
  }

  /**
   * Classifies handing `offset` of `partition` to the group now: sets `attempt` and `reason` and
   * returns the attempt. Deliveries of one partition must come in offset order between rewinds.
   */
  deliver(partition: number, offset: number): number {
    const jumped = this.jumped[partition];
    if (jumped !== undefined && jumped.length > 0 && takeFromRanges(jumped, offset)) {
      // Counted as skipped when a reset jumped over it; now a backward reset brought the group back to it.
      if (offset > this.highest[partition]!) this.highest[partition] = offset;
      this.attempt = 1;
      this.reason = 'replay';
      return 1;
    }
    if (offset > this.highest[partition]!) {
      this.highest[partition] = offset;
      this.attempt = 1;
      this.reason = '';
      return 1;
    }
    let repeats = this.repeats[partition];
    if (repeats === undefined) this.repeats[partition] = repeats = new Map();
    const attempt = (repeats.get(offset) ?? 1) + 1;
    repeats.set(offset, attempt);
    this.attempt = attempt;
    this.reason = this.causes[partition]!;
    return attempt;
  }

  /** Records that the group finished processing `offset` of `partition`. */
  acked(partition: number, offset: number): void {
    if (offset > this.done[partition]!) this.done[partition] = offset;
  }

  /** Whether the group has neither processed `offset` of `partition` nor counted it as skipped. */
  unfinished(partition: number, offset: number): boolean {
    return offset > this.done[partition]!;
  }

  /**
   * The first offset at or after `from` that the group has neither processed, nor holds fetched in
   * a member's batch, nor counted already: retention deleting [from, to) skips [unreadFrom, to).
   */
  unreadFrom(partition: number, from: number): number {
    return Math.max(from, this.done[partition]! + 1, this.position[partition]!);
  }

  /** Puts the position back to the committed offset (the fetched-but-unprocessed records are gone). */
  rewind(partition: number, cause: RewindCause): void {
    // With nothing fetched beyond the commit, nothing is replayed now: an earlier cause still explains later repeats.
    if (this.position[partition] === this.committed[partition]) return;
    this.position[partition] = this.committed[partition]!;
    this.causes[partition] = cause;
  }

  /**
   * Moves position and committed to `offset` (a reset). When that jumps forward past offsets the
   * group has not finished, returns the first of them: the caller counts [returned, offset) as skipped.
   * Offsets below `logStart` are not included (retention already counted them). Returns `offset`
   * when nothing is jumped over.
   */
  resetTo(partition: number, offset: number, logStart: number, cause: RewindCause): number {
    const from = Math.max(this.done[partition]! + 1, logStart);
    this.position[partition] = offset;
    this.committed[partition] = offset;
    this.causes[partition] = cause;
    if (from >= offset) return offset;
    this.done[partition] = offset - 1;
    // Of the records jumped over, those never delivered get attempt 1 should a later reset go back to them.
    const neverDelivered = Math.max(from, this.highest[partition]! + 1);
    if (neverDelivered < offset) {
      let jumped = this.jumped[partition];
      if (jumped === undefined) this.jumped[partition] = jumped = [];
      jumped.push(neverDelivered, offset);
    }
    return from;
  }

  /**
   * Moves only the position to `offset` (Kafka's auto.offset.reset after OffsetOutOfRange: nothing is
   * committed until the next commit). Returns the first offset jumped over as `resetTo` does.
   */
  seekTo(partition: number, offset: number, logStart: number): number {
    const committed = this.committed[partition]!;
    const from = this.resetTo(partition, offset, logStart, this.causes[partition]!);
    this.committed[partition] = committed;
    return from;
  }

  /** Raises the committed offset to `offset`; returns false (and changes nothing) unless it moves forward. */
  commit(partition: number, offset: number): boolean {
    if (!(offset > this.committed[partition]!)) return false;
    this.committed[partition] = offset;
    return true;
  }

  /**
   * Forgets bookkeeping about offsets below both `logStart` and the committed offset: they can never
   * be delivered again (a member may still hold deleted records at or above the committed offset).
   */
  prune(partition: number, logStart: number): void {
    const below = Math.min(logStart, this.committed[partition]!);
    const repeats = this.repeats[partition];
    if (repeats !== undefined && repeats.size > 0) {
      // Keys go in mostly in offset order, so the oldest insertions are the deleted ones; a stale entry
      // left behind a newer one costs memory only.
      for (const offset of repeats.keys()) {
        if (offset >= below) break;
        repeats.delete(offset);
      }
    }
    const jumped = this.jumped[partition];
    if (jumped !== undefined && jumped.length > 0) {
      let keep = 0;
      for (let i = 0; i < jumped.length; i += 2) {
        const to = jumped[i + 1]!;
        if (to <= below) continue;
        jumped[keep++] = Math.max(jumped[i]!, below);
        jumped[keep++] = to;
      }
      jumped.length = keep;
    }
  }
}

/** A copy of `array` with `length` slots, the new ones 0. */
function widened(array: Float64Array, length: number): Float64Array {
  const wider = new Float64Array(length);
  wider.set(array);
  return wider;
}

/** Removes `offset` from the first range of `ranges` that holds it; false if none does. */
function takeFromRanges(ranges: number[], offset: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) {
    const from = ranges[i]!;
    const to = ranges[i + 1]!;
    if (offset < from || offset >= to) continue;
    if (offset === from) ranges[i] = from + 1;
    else if (offset === to - 1) ranges[i + 1] = to - 1;
    else ranges.splice(i + 1, 0, offset, offset + 1);
    if (ranges[i] === ranges[i + 1]) ranges.splice(i, 2);
    return true;
  }
  return false;
}
