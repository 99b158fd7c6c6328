import type { Preset } from './preset';
import { rabbitmqClassic } from './rabbitmq-classic';

/**
 * RabbitMQ quorum queue. delivery-limit 20 counts *returned* deliveries: a message is dead-lettered once
 * it has come back more than 20 times, so it is delivered 21 times (maxDeliveries 21).
 */
export const rabbitmqQuorum = {
  id: 'rabbitmq-quorum',
  name: 'RabbitMQ quorum queue',
  kind: 'queue',
  description:
    'A classic queue\'s delivery model plus the quorum default delivery-limit 20 (since 4.0): the 21st failed delivery dead-letters the message to deadLetterTo, or drops it when there is none. ' +
    'Simplifies: no Raft replication or leader failover; the 2000 prefetch cap is not enforced; consumer_timeout returns only the late delivery.',
  broker: {
    ...rabbitmqClassic.broker,
    maxDeliveries: 21,
    onMaxDeliveries: 'dead-letter',
  },
} as const satisfies Preset;
