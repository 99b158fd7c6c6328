import type { Endpoint, EndpointKind, GroupEntry } from './catalog';
import type { ScenarioError } from './errors';
import { PARTITION_GROUP_FIELDS } from './schema-stream';

/** Looks up an endpoint that must be one of `kinds` (pushing an error naming `path` when it is not). */
type EndpointOf = (ref: string, path: string, kinds: readonly EndpointKind[], what: string) => Endpoint | undefined;

/**
 * A shared group on a stream (`share` set): the partition-owning fields do not apply, the queue-group
 * fields do (their own checks run elsewhere), the dead-letter target must be a queue, and a silent
 * failure needs a claim time to ever come back.
 */
export function checkShareGroup(group: GroupEntry, endpointOf: EndpointOf, errors: ScenarioError[]): void {
  const { spec, path } = group;
  const share = spec.share;
  if (share === undefined) return;
  for (const field of PARTITION_GROUP_FIELDS) {
    if (spec[field] !== undefined) {
      errors.push({ path: `${path}.${field}`, message: `applies to stream groups whose members own partitions; a shared group (share) hands out entries one at a time, so remove ${field}` });
    }
  }
  if (spec.pull !== undefined && spec.prefetch !== undefined) {
    errors.push({ path: `${path}.prefetch`, message: 'applies to push consumers; in pull mode pull.batchSize caps what an instance holds' });
  }
  if (share.deadLetterTo !== undefined) {
    endpointOf(share.deadLetterTo, `${path}.share.deadLetterTo`, ['queue', 'subscription'], 'a dead-letter target must be a queue or a subscription');
  } else if (share.onMaxDeliveries === 'dead-letter') {
    errors.push({ path: `${path}.share.onMaxDeliveries`, message: '"dead-letter" needs share.deadLetterTo (a queue); or use "keep" (Redis: the entry stays pending) or "drop"' });
  }
  if (spec.failure?.action === 'no-ack' && share.ackTimeout === undefined) {
    errors.push({
      path: `${path}.failure.action`,
      message: '"no-ack" leaves a failed entry pending until another member claims it, but the group has no share.ackTimeout (min-idle time); set one or use "requeue" or "reject"',
    });
  }
}
