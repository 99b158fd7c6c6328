import type { Preset } from './preset';

/** Azure Event Grid topic pushing to event subscriptions, with its default retry schedule. */
export const azureEventGrid = {
  id: 'azure-event-grid',
  name: 'Azure Event Grid topic',
  kind: 'bus',
  description:
    'Each event subscription is a rule (its filter the pattern) pushing every matching event to its handler at least once; a handler that refuses is retried 10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 3 h and 6 h later, then every 12 h, for up to 30 delivery attempts or 24 hours, after which the event is dead-lettered (deadLetterTo stands for the blob container) or dropped; 1 MB events. ' +
    'Simplifies: handlers are brokers (a queue, topic or stream), so a failed delivery is one that is full under reject-publish, down or too small; the schedule leaves out the small random spread Event Grid adds to each step and no delayed delivery to failing endpoints; batching and the no-retry error codes (400, 413) are not modelled except oversize, which is never retried.',
  broker: {
    maxMessageBytes: 1_048_576,
  },
  target: {
    retry: { attempts: 29, maxEventAge: 86_400, backoff: { base: 10, multiplier: 2, max: 43_200, schedule: [10, 30, 60, 300, 600, 1800, 3600, 10_800, 21_600] } },
  },
} as const satisfies Preset;
