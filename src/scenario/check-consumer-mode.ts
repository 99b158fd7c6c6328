import type { ScenarioError } from './errors';

/** The queue knobs the consumer-mode check reads (a queue broker's or a subscription's). */
interface ConsumerModeKnobs {
  consumerMode?: 'competing' | 'single-active' | 'exclusive' | undefined;
  requeueDelay?: number | undefined;
  delivery?: 'at-least-once' | 'at-most-once' | undefined;
  buffering?: 'queue' | 'none' | undefined;
}

/**
 * consumerMode and requeueDelay against the knobs that make them meaningless. A queue with buffering
 * 'none' hands each message to a random attached instance, so it has no single consumer to choose; an
 * at-most-once queue never takes a message back, so it has no nack to delay. `path` is the queue's JSON path.
 */
export function consumerModeErrors(queue: ConsumerModeKnobs, path: string): ScenarioError[] {
  const errors: ScenarioError[] = [];
  if (queue.consumerMode !== undefined && queue.consumerMode !== 'competing' && queue.buffering === 'none') {
    errors.push({
      path: `${path}.consumerMode`,
      message: `"${queue.consumerMode}" needs buffering "queue": a queue that keeps nothing hands each message to a random instance; use consumerMode "competing" or buffering "queue"`,
    });
  }
  if (queue.requeueDelay !== undefined && queue.requeueDelay > 0 && queue.delivery === 'at-most-once') {
    errors.push({
      path: `${path}.requeueDelay`,
      message: 'needs delivery "at-least-once": an at-most-once queue never takes a message back, so there is no requeue to delay; remove requeueDelay or use delivery "at-least-once"',
    });
  }
  return errors;
}
