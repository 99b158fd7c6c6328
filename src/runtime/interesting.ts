import type { TraceRecord } from '../model';

/**
 * What "step to the next interesting event" stops at: the moments a person watching the lab would
 * want to pause on. Routine traffic (publish, enqueue, first delivery, ack, commits, polls) is not;
 * anything that loses, parks or repeats a message, changes an instance, a group or a policy, or raises
 * an alert is.
 */
const INTERESTING_KINDS: ReadonlySet<TraceRecord['kind']> = new Set<TraceRecord['kind']>([
  'rejected',
  'dropped',
  'expired',
  'dead-lettered',
  'redriven',
  'flagged',
  'skipped',
  'crashed',
  'restarted',
  'broker-crashed',
  'broker-restarted',
  'rebalanced',
  'autoscaled',
  'circuit',
  'outage',
  'alert',
  'policy',
  'consumer-active',
  'consumer-refused',
]);

/** Where a step to the next interesting event stopped: a trace record's gist, or a caption. */
export interface InterestingEvent {
  /** The trace record's kind, 'redelivered' for a repeat delivery, or 'caption'. */
  kind: TraceRecord['kind'] | 'redelivered' | 'duplicate-effect' | 'caption';
  /** Virtual seconds. */
  time: number;
  /** One line in plain words, e.g. "dead-lettered m123 from orders (retry-limit)". */
  text: string;
}

/** Whether `record` is one a step to the next interesting event stops at. */
export function isInteresting(record: Readonly<TraceRecord>): boolean {
  if (INTERESTING_KINDS.has(record.kind)) return true;
  // A repeat delivery (a nack, a lease expiry, a crash, a rebalance…), not the first one.
  if (record.kind === 'delivered') return record.attempt > 1 || record.reason !== '';
  // A side effect applied twice: the cost of missing idempotency.
  return record.kind === 'effect' && record.reason === 'duplicate';
}

/** The gist of an interesting record, as plain text (never markup). */
export function describeInteresting(record: Readonly<TraceRecord>): InterestingEvent {
  const kind = record.kind === 'delivered' ? 'redelivered' : record.kind === 'effect' ? 'duplicate-effect' : record.kind;
  const why = record.reason ? ` (${record.reason})` : '';
  const who = record.consumer || record.group || record.broker || record.producer;
  let text: string;
  if (record.kind === 'delivered') text = `redelivered m${record.message} to ${record.consumer}, attempt ${record.attempt}${why}`;
  else if (record.kind === 'effect') text = `m${record.message} applied twice by ${record.group}`;
  else if (record.message > 0) text = `${record.kind} m${record.message}${record.broker ? ` at ${record.broker}` : ''}${why}`;
  else if (record.kind === 'alert') text = `alert ${record.reason} ${record.attempt === 1 ? 'fired' : 'resolved'}`;
  else text = `${record.kind}${who ? ` ${who}` : ''}${why}`;
  return { kind, time: record.time, text };
}

/**
 * A trace listener that remembers the first interesting record it sees once armed. The record is
 * described on the spot, since the tracer reuses the object.
 */
export class InterestingWatch {
  private found: InterestingEvent | null = null;

  readonly observe = (record: Readonly<TraceRecord>): void => {
    if (this.found === null && isInteresting(record)) this.found = describeInteresting(record);
  };

  /** The first interesting record seen, or null. */
  get event(): InterestingEvent | null {
    return this.found;
  }
}
