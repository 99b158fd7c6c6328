import type { Preset } from './preset';

/** RabbitMQ classic queue. */
export const rabbitmqClassic = {
  id: 'rabbitmq-classic',
  name: 'RabbitMQ classic queue',
  kind: 'queue',
  description:
    'Push delivery with prefetch, requeue to the original position, x-max-length/bytes counting ready messages only with drop-head overflow, TTL enforced at the head, no delivery limit, 128 MiB messages, and consumer_timeout (30 min) as a lease on each delivery. ' +
    'Simplifies: consumer_timeout here returns only the late delivery (RabbitMQ closes the whole channel); no priorities, reject-publish-dlx, credit flow or memory/disk alarms; publisher confirms come from the producer\'s own settings.',
  broker: {
    overflow: 'drop-head',
    ackTimeout: 1800,
    maxMessageBytes: 134_217_728,
  },
} as const satisfies Preset;
