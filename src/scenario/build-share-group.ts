import { createDistribution } from '../engine';
import { ConsumerGroup, QueueBroker, ShareCursor, shareQueueId, type HandlerSpec, type ModelContext, type StreamBroker } from '../model';
import { resilienceOf } from './build-resilience';
import type { Catalog } from './catalog';
import { toDistributionSpec } from './distributions';
import type { ConsumerGroupSpec } from './schema';

/** Where a shared group starts when the file does not say: the log end, as XGROUP CREATE … $ (and Kafka share groups) do. */
const SHARE_START_FROM = 'latest';

/** A shared group as built: its consumer group, and the cursor feeding it from the stream (its delivery source). */
export interface BuiltShareGroup {
  readonly group: ConsumerGroup;
  readonly cursor: ShareCursor;
  readonly queue: QueueBroker;
}

/**
 * Builds the shared group `spec` describes on `stream` (see ShareCursor): its own queue (the pending
 * entries list, id `stream/group`) with the `share` knobs, the cursor, and a queue consumer group with
 * every queue-group knob of the spec (its handler already built, as `handler`). The dead-letter
 * target, if any, is looked up with `queue`.
 */
export function createShareGroup(
  context: ModelContext,
  spec: ConsumerGroupSpec,
  catalog: Catalog,
  stream: StreamBroker,
  queue: (id: string) => QueueBroker,
  handler: HandlerSpec | undefined,
): BuiltShareGroup {
  const share = spec.share!;
  const pending = new QueueBroker(context, {
    id: shareQueueId(stream.id, spec.id),
    maxLength: undefined,
    overflow: 'drop-head',
    ackTimeout: share.ackTimeout,
    lateAck: 'ignore',
    maxDeliveries: share.maxDeliveries,
    onMaxDeliveries: share.onMaxDeliveries,
    messageTtl: undefined,
    deliveryDelay: 0,
  });
  if (share.deadLetterTo !== undefined) pending.setDeadLetterQueue(queue(share.deadLetterTo));
  const cursor = new ShareCursor(context, { group: spec.id, stream, queue: pending, startFrom: spec.startFrom ?? SHARE_START_FROM, onCrash: share.onCrash });
  const group = new ConsumerGroup(context, {
    id: spec.id,
    source: cursor,
    instances: spec.instances,
    concurrency: spec.concurrency,
    prefetch: spec.prefetch ?? spec.concurrency,
    processing: spec.processing && createDistribution(toDistributionSpec(spec.processing)),
    handler,
    crashes: spec.crashes && {
      uptime: createDistribution(toDistributionSpec(spec.crashes.uptime)),
      downtime: createDistribution(toDistributionSpec(spec.crashes.downtime)),
    },
    pull: spec.pull,
    ...resilienceOf(spec, catalog),
  });
  return { group, cursor, queue: pending };
}
