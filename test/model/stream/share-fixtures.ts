import { createDistribution } from '../../../src/engine';
import { ConsumerGroup, QueueBroker, type ConsumerGroupOptions, type QueueOptions } from '../../../src/model';
import { ShareCursor, shareQueueId, type ShareCrashPolicy, type StartFrom, type StreamBrokerOptions } from '../../../src/model/stream';
import { streamWorld, type StreamWorld } from './stream-fixtures';

/** A shared consumer group as a test builds it: its cursor, its queue (the PEL) and its consumer group. */
export interface ShareGroup {
  cursor: ShareCursor;
  queue: QueueBroker;
  group: ConsumerGroup;
}

export interface ShareGroupOptions {
  id: string;
  startFrom?: StartFrom;
  onCrash?: ShareCrashPolicy;
  queue?: Partial<QueueOptions>;
  group?: Partial<ConsumerGroupOptions>;
}

export interface ShareWorld extends StreamWorld {
  /**
   * A started shared group on the stream with test defaults (one instance, prefetch 1, constant 1 s
   * processing, earliest, no lease) overridden by `options`. Its queue is `s/<id>`.
   */
  share(options: ShareGroupOptions): ShareGroup;
}

export function shareWorld(options: Partial<StreamBrokerOptions> = {}, seed = 1): ShareWorld {
  const world = streamWorld(options, seed);
  return {
    ...world,
    share({ id, startFrom = 'earliest', onCrash, queue: queueOptions = {}, group: groupOptions = {} }) {
      const queue = new QueueBroker(world.ctx, {
        id: shareQueueId(world.stream.id, id),
        maxLength: undefined,
        overflow: 'drop-head',
        ackTimeout: undefined,
        lateAck: 'ignore',
        maxDeliveries: undefined,
        onMaxDeliveries: 'keep',
        messageTtl: undefined,
        deliveryDelay: 0,
        ...queueOptions,
      });
      const cursor = new ShareCursor(world.ctx, { group: id, stream: world.stream, queue, startFrom, onCrash });
      const group = new ConsumerGroup(world.ctx, {
        id,
        source: cursor,
        instances: 1,
        concurrency: 1,
        prefetch: 1,
        processing: createDistribution({ type: 'constant', value: 1 }),
        failure: undefined,
        crashes: undefined,
        ...groupOptions,
      });
      group.start();
      return { cursor, queue, group };
    },
  };
}
