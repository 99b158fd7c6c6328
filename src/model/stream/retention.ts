/**
 * Retention: which old entries a partition log deletes, whoever has or has not read them.
 *
 * Limits (each optional; an entry goes as soon as any limit says so):
 * - `retentionSeconds` (Kafka retention.ms): by age. An entry appended at t may be deleted from
 *   t + retentionSeconds on. Kafka deletes once the age is strictly greater and only at its periodic
 *   check (every 5 minutes by default); we use "at least", so the broker can schedule the deletion at
 *   exactly the time `nextRetentionTime` names.
 * - `retentionBytes` (Kafka retention.bytes, per partition): by the payload bytes the log holds.
 * - `maxEntries` (Redis XADD/XTRIM MAXLEN): by the number of entries the log holds.
 *
 * Granularity:
 * - Without segments (neither `segmentBytes` nor `segmentSeconds`), trimming is exact, entry by
 *   entry, as Redis's exact MAXLEN: afterwards the log holds at most `maxEntries` entries and at most
 *   `retentionBytes` bytes, and no entry older than `retentionSeconds`.
 * - With segments, the log is cut into segments as Kafka cuts it into segment files, and only whole
 *   closed segments are deleted, oldest first; the active segment (the one being appended to) is never
 *   deleted. A closed segment goes when its newest entry has expired, or when what would remain still
 *   holds at least `retentionBytes` bytes (Kafka's rule) or at least `maxEntries` entries (Redis's
 *   approximate `MAXLEN ~` rule). So a segmented log may hold more than its limits, by up to a segment
 *   plus the active one: retention is coarse.
 *   Simplification: when even the active segment has expired by time, Kafka rolls a new empty segment
 *   and deletes the old one; here the active segment stays until a later append rolls it.
 * - A segment rolls (closes, and a new active one opens) when an append to a non-empty active segment
 *   would take the bytes written to it above `segmentBytes` (Kafka segment.bytes), or when the entry being appended
 *   is more than `segmentSeconds` younger than the segment's first entry (Kafka segment.ms). Both
 *   are measured in payload bytes and virtual seconds; Kafka's record overheads are not modelled.
 */
export interface RetentionOptions {
  /** Delete entries at least this many seconds old (>= 0). Absent: no age limit. */
  retentionSeconds?: number | undefined;
  /** Keep about this many payload bytes (>= 0). Absent: no size limit. */
  retentionBytes?: number | undefined;
  /** Keep about this many entries (a whole number >= 0). Absent: no count limit. */
  maxEntries?: number | undefined;
  /** Roll segments at this many payload bytes (a whole number >= 1). Makes deletion segment-granular. */
  segmentBytes?: number | undefined;
  /** Roll segments after this many seconds (> 0). Makes deletion segment-granular. */
  segmentSeconds?: number | undefined;
}

/** Validated retention settings; an absent limit is +Infinity. */
export interface RetentionPolicy {
  readonly retentionSeconds: number;
  readonly retentionBytes: number;
  readonly maxEntries: number;
  readonly segmentBytes: number;
  readonly segmentSeconds: number;
  /** True when deletion is by whole segments. */
  readonly segmented: boolean;
}

/** Checks `options` and fills in absent limits. Errors name the field and what would be valid. */
export function retentionPolicy(options: RetentionOptions = {}): RetentionPolicy {
  const retentionSeconds = limit('retentionSeconds', options.retentionSeconds, 0, false, false);
  const retentionBytes = limit('retentionBytes', options.retentionBytes, 0, false, false);
  const maxEntries = limit('maxEntries', options.maxEntries, 0, false, true);
  const segmentBytes = limit('segmentBytes', options.segmentBytes, 1, false, true);
  const segmentSeconds = limit('segmentSeconds', options.segmentSeconds, 0, true, false);
  return {
    retentionSeconds,
    retentionBytes,
    maxEntries,
    segmentBytes,
    segmentSeconds,
    segmented: segmentBytes !== Infinity || segmentSeconds !== Infinity,
  };
}

function limit(field: string, value: number | undefined, min: number, exclusive: boolean, whole: boolean): number {
  if (value === undefined) return Infinity;
  const kind = whole ? 'a whole number' : 'a finite number';
  const bound = `${exclusive ? '>' : '>='} ${min}`;
  const valid = typeof value === 'number' && Number.isFinite(value) && (whole ? Number.isSafeInteger(value) : true) && (exclusive ? value > min : value >= min);
  if (!valid) throw new RangeError(`retention.${field} must be ${kind} ${bound}, or absent for no limit; got ${String(value)}`);
  return value;
}

/** What retention needs to see of a log. */
export interface RetainedLog {
  readonly startOffset: number;
  readonly endOffset: number;
  readonly retainedBytes: number;
  timeAt(offset: number): number;
  sizeAt(offset: number): number;
  /** Segments, the active one last; 0 when the log is not segmented or has never been written. */
  readonly segmentCount: number;
  segmentBaseAt(index: number): number;
  segmentBytesAt(index: number): number;
}

/** The start offset `log` should have at `now` under `policy`: its current start when nothing is due. */
export function retentionTarget(log: RetainedLog, policy: RetentionPolicy, now: number): number {
  return policy.segmented ? segmentTarget(log, policy, now) : entryTarget(log, policy, now);
}

function entryTarget(log: RetainedLog, policy: RetentionPolicy, now: number): number {
  const end = log.endOffset;
  const overCount = end - policy.maxEntries;
  let offset = log.startOffset;
  let bytes = log.retainedBytes;
  // Each condition, once false for an offset, stays false for later offsets (entries are in time
  // order, and fewer entries and bytes remain), so the first entry to survive ends the scan.
  while (offset < end && (offset < overCount || bytes > policy.retentionBytes || log.timeAt(offset) + policy.retentionSeconds <= now)) {
    bytes -= log.sizeAt(offset);
    offset++;
  }
  return offset;
}

function segmentTarget(log: RetainedLog, policy: RetentionPolicy, now: number): number {
  let start = log.startOffset;
  let entries = log.endOffset - start;
  let bytes = log.retainedBytes;
  // Only closed segments (all but the last) may go.
  for (let i = 0; i < log.segmentCount - 1; i++) {
    const next = log.segmentBaseAt(i + 1);
    const count = next - start;
    const segmentBytes = log.segmentBytesAt(i);
    const expired = log.timeAt(next - 1) + policy.retentionSeconds <= now;
    if (!expired && bytes - segmentBytes < policy.retentionBytes && entries - count < policy.maxEntries) break;
    start = next;
    entries -= count;
    bytes -= segmentBytes;
  }
  return start;
}

/**
 * The earliest virtual time at which retention by age will delete something, or +Infinity when
 * nothing is waiting to expire (no age limit, an empty log, or only the active segment). Appends never
 * make it earlier once it is finite; it changes only when entries are deleted, or from +Infinity on an
 * append (the first entry, or a segment roll). A broker can therefore keep one timer: re-read this
 * after each deletion, and after an append while no timer is set.
 */
export function nextRetentionTime(log: RetainedLog, policy: RetentionPolicy): number {
  if (policy.retentionSeconds === Infinity) return Infinity;
  if (policy.segmented) {
    return log.segmentCount >= 2 ? log.timeAt(log.segmentBaseAt(1) - 1) + policy.retentionSeconds : Infinity;
  }
  return log.startOffset < log.endOffset ? log.timeAt(log.startOffset) + policy.retentionSeconds : Infinity;
}
