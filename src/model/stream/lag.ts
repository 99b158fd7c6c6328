/** What the lag helpers read of a partition log. */
export interface LagSource {
  readonly name: string;
  readonly startOffset: number;
  readonly endOffset: number;
  timeAt(offset: number): number;
}

/**
 * The offset a group with `position` reads next: its position, or the log start if retention has
 * deleted past it (the group has fallen off the log and will skip to the start).
 */
export function nextReadableOffset(log: LagSource, position: number): number {
  if (!Number.isSafeInteger(position) || position < 0 || position > log.endOffset) {
    throw new RangeError(`log ${log.name}: a group position must be a whole offset from 0 to endOffset (${log.endOffset}), got ${position}`);
  }
  return Math.max(position, log.startOffset);
}

/**
 * Records a group at `position` has lost to retention: deleted before it read them (0 if none). When
 * the group next reads, it jumps to the log start (or per its reset policy) and these count as skipped.
 */
export function skippedRecords(log: LagSource, position: number): number {
  return nextReadableOffset(log, position) - position;
}

/** Records a group at `position` has yet to read: endOffset − max(position, startOffset). */
export function lagRecords(log: LagSource, position: number): number {
  return log.endOffset - nextReadableOffset(log, position);
}

/**
 * How far behind in time a group at `position` is at `now`: the age of the oldest record it has not
 * read (one that is still retained), or 0 when it has read everything.
 */
export function lagSeconds(log: LagSource, position: number, now: number): number {
  const next = nextReadableOffset(log, position);
  return next < log.endOffset ? now - log.timeAt(next) : 0;
}
