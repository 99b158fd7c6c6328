import type { Preset } from './preset';

/** Amazon EventBridge event bus with its default per-target retry policy. */
export const eventbridge = {
  id: 'eventbridge',
  name: 'Amazon EventBridge event bus',
  kind: 'bus',
  description:
    'Rules match events on type, source and attributes and send a copy to each of up to 5 targets, at least once; a target that refuses is retried with exponential backoff for up to 185 retries or 24 hours (the default retry policy), then the event goes to the target\'s dead-letter queue (deadLetterTo) or is dropped; 256 KiB events. ' +
    'Simplifies: EventBridge does not publish its backoff, so each retry waits a uniform draw up to a ceiling of 1 s doubling to 8 min (full jitter); targets are brokers, so a failed delivery is a target that is full under reject-publish, down, or too small; no API destinations, Lambda throttling or archive and replay.',
  broker: {
    maxMessageBytes: 262_144,
  },
  target: {
    retry: { attempts: 185, maxEventAge: 86_400, backoff: { base: 1, multiplier: 2, max: 480, jitter: 'full' } },
  },
} as const satisfies Preset;
