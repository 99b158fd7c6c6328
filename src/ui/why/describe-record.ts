import type { TraceRecord } from '../../model';

/**
 * One trace record as a short sentence for the "why" panel, e.g. "delivered to email#2 (attempt 2,
 * after its lease expired)". Pure text: the names come from the scenario and are shown as text.
 */
export function describeRecord(r: Readonly<TraceRecord>): string {
  const why = r.reason === '' ? '' : ` (${reasonText(r.reason)})`;
  switch (r.kind) {
    case 'published':
      return r.reason === 'retry' ? `published again by ${r.producer} to ${r.broker}, after a lost confirm` : `published by ${r.producer} to ${r.broker}`;
    case 'rejected':
      return `refused by ${r.broker}${why}`;
    case 'throttled':
      return `held back by ${r.producer}${why}`;
    case 'delayed':
      return `waiting in ${r.broker} before it is ready${why}`;
    case 'enqueued':
      return `ready in ${r.broker}`;
    case 'routed':
      return `copied by ${r.broker} to ${r.consumer}${r.reason === '' ? '' : ` (rule ${r.reason})`}`;
    case 'filtered':
      return `filtered out by ${r.consumer}`;
    case 'unmatched':
      return `matched no rule of ${r.broker}`;
    case 'retrying':
      return `${r.consumer} refused it: ${r.broker} will try again (try ${r.attempt})`;
    case 'appended':
      return `appended to ${r.broker}, partition ${r.partition} at offset ${r.offset}`;
    case 'delivered':
      return `delivered to ${r.consumer} (attempt ${r.attempt}${r.reason === '' ? '' : `, after ${reasonText(r.reason)}`})`;
    case 'acked':
      return r.reason === 'ack-on-failure' ? `acknowledged by ${r.consumer} although it failed: lost` : `acknowledged by ${r.consumer}${r.reason === 'late' ? ', late but accepted' : ''}`;
    case 'failed':
      return `failed at ${r.consumer}${why}`;
    case 'requeued':
      return `back in ${r.broker}'s queue${why}`;
    case 'late-ack':
      return `${r.consumer} answered after its lease had expired: ignored`;
    case 'flagged':
      return `kept in ${r.broker} but no longer delivered${why}`;
    case 'dropped':
      return `dropped by ${r.broker}${why}`;
    case 'dead-lettered':
      return `dead-lettered by ${r.broker}${why}`;
    case 'expired':
      return `expired in ${r.broker}`;
    case 'redriven':
      return `redriven out of ${r.broker}`;
    case 'skipped':
      return `deleted from ${r.broker} (partition ${r.partition}, offset ${r.offset}) before ${r.group} read it`;
    case 'effect':
      return `side effect of ${r.group}: ${r.reason}`;
    case 'state':
      return `updated its key's state at ${r.group}: ${reasonText(r.reason)}`;
    case 'crashed':
      return `${r.consumer} crashed${why}`;
    case 'restarted':
      return `${r.consumer} restarted`;
    case 'scaled':
      return `${r.consumer} ${r.reason === 'in' ? 'removed' : 'added'} by scaling`;
    case 'assigned':
      return `${r.consumer} now owns partition ${r.partition} of ${r.broker}`;
    case 'revoked':
      return `${r.consumer} gave up partition ${r.partition} of ${r.broker}`;
    case 'consumer-active':
      return `${r.consumer} is now the active consumer of ${r.broker}${why}`;
    case 'consumer-refused':
      return `${r.consumer} was refused by ${r.broker}${why}`;
    default:
      return [r.kind, r.broker, r.consumer, r.reason].filter((part) => part !== '').join(' · ');
  }
}

/** Reason codes in words where the code alone would puzzle a student. */
function reasonText(reason: string): string {
  return REASONS[reason] ?? reason;
}

const REASONS: Readonly<Record<string, string>> = {
  'lease-expired': 'its lease expired',
  nack: 'a nack',
  crash: 'a consumer crash',
  'scale-in': 'a scale-in',
  maxlen: 'the queue was full',
  'delivery-limit': 'it used up its deliveries',
  transient: 'a transient error',
  fatal: 'a fatal error',
  outage: 'a dependency was down',
  'circuit-open': 'the circuit breaker was open',
  'retry-limit': 'it used up its retries',
  'retry-budget': 'the retry budget was spent',
  'out-of-order': 'out of order, over a newer version',
  'in-order': 'in order',
  stale: 'stale, skipped',
  'slow-consumer': 'a slow consumer',
  'no-subscriber': 'nobody was subscribed',
  'at-most-once': 'at most once: the broker kept no copy',
  'retries-exhausted': 'every retry was refused',
  'max-event-age': 'it grew too old to retry',
  retry: 'a retry with backoff',
  rebalance: 'a rebalance',
  replay: 'a replay',
};
