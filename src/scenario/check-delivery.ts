import type { Endpoint, GroupEntry } from './catalog';
import type { ScenarioError } from './errors';

/** The queue knobs a delivery-mode check reads (a queue broker's or a subscription's). */
interface DeliveryKnobs {
  delivery?: 'at-least-once' | 'at-most-once' | undefined;
  buffering?: 'queue' | 'none' | undefined;
  ackTimeout?: number | undefined;
  maxDeliveries?: number | undefined;
  maxLength?: number | undefined;
  maxBytes?: number | undefined;
  messageTtl?: number | undefined;
  deliveryDelay?: number | undefined;
  orderByKey?: boolean | undefined;
  conflate?: boolean | undefined;
}

/** Knobs that make a message wait in the broker, which a queue with buffering 'none' never does. */
const BUFFER_KNOBS = ['maxLength', 'maxBytes', 'messageTtl', 'deliveryDelay', 'orderByKey', 'conflate'] as const;

/**
 * A queue's delivery and buffering against the knobs they rule out. At most once the broker keeps no
 * delivery, so there is no lease to time out and no delivery to count; without a buffer nothing waits,
 * and nothing can be redelivered, so buffering 'none' needs at-most-once. `path` is the queue's JSON path.
 */
export function deliveryModeErrors(queue: DeliveryKnobs, path: string): ScenarioError[] {
  const errors: ScenarioError[] = [];
  if (queue.delivery === 'at-most-once') {
    for (const knob of ['ackTimeout', 'maxDeliveries'] as const) {
      if (queue[knob] !== undefined) {
        errors.push({
          path: `${path}.${knob}`,
          message: `needs delivery "at-least-once": an at-most-once queue forgets a message when it delivers it, so there is no delivery to time out or count; remove ${knob} or use delivery "at-least-once"`,
        });
      }
    }
  }
  if (queue.buffering !== 'none') return errors;
  if (queue.delivery !== 'at-most-once') {
    errors.push({ path: `${path}.buffering`, message: '"none" needs delivery "at-most-once": a broker that keeps nothing cannot redeliver; set "delivery": "at-most-once" or use buffering "queue"' });
  }
  for (const knob of BUFFER_KNOBS) {
    const value = queue[knob];
    if (value !== undefined && value !== false && value !== 0) {
      errors.push({ path: `${path}.${knob}`, message: `needs buffering "queue": with buffering "none" no message waits in the broker; remove ${knob} or use buffering "queue"` });
    }
  }
  return errors;
}

/**
 * A group reading an at-most-once queue cannot hand a failed message back (the broker no longer has
 * it), and one reading a queue without a buffer must be pushed to. `source` is the queue it reads.
 */
export function groupDeliveryErrors(group: GroupEntry, source: Endpoint, errors: ScenarioError[]): void {
  const queue = source.queue;
  if (queue === undefined) return;
  const { spec, path } = group;
  if (queue.delivery === 'at-most-once') {
    const action = spec.failure?.action;
    if (action === 'requeue' || action === 'retry' || action === 'no-ack') {
      errors.push({
        path: `${path}.failure.action`,
        message: `"${action}" needs a broker that keeps the message, but "${source.id}" is at-most-once: a failed message is lost (reason "at-most-once") whatever the consumer does; use "reject" or leave the action out`,
      });
    }
    if (spec.retry !== undefined && action !== 'retry') {
      errors.push({
        path: `${path}.retry`,
        message: `retries need a broker that keeps the message, but "${source.id}" is at-most-once; remove the retry policy or use delivery "at-least-once" on "${source.id}"`,
      });
    }
  }
  if (queue.buffering === 'none' && spec.pull !== undefined) {
    errors.push({ path: `${path}.pull`, message: `"${source.id}" has buffering "none": it pushes each message as it arrives, and keeps none for a receive to fetch; remove pull (use prefetch as the pending limit)` });
  }
}
