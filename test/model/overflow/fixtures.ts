import { scenarioFrom } from '../../helpers/scenarios';

export interface OneQueueOptions {
  /** Knobs of queue "q". */
  queue: Record<string, unknown>;
  /** Producer "p" (keys 0 unless given): bursts of `count` at `at`, each message `bytes` long. */
  bursts: { at: number; count: number }[];
  bytes?: number;
  keys?: number;
  /** Further producers, as scenario data. */
  others?: Record<string, unknown>[];
  /** Consumers of group "w", each taking `seconds` per message. */
  instances?: number;
  seconds?: number;
  duration?: number;
}

/** One producer into one queue "q" read by group "w": the scenario of the exact-trace tests. */
export function oneQueue(o: OneQueueOptions) {
  return scenarioFrom({
    version: 1,
    name: 'one queue',
    duration: o.duration ?? 60,
    producers: [
      { id: 'p', target: 'q', keys: o.keys ?? 0, payloadBytes: { type: 'constant', value: o.bytes ?? 100 }, bursts: o.bursts },
      ...(o.others ?? []),
    ],
    brokers: [{ id: 'q', kind: 'queue', ...o.queue }],
    consumers: [{ id: 'w', reads: 'q', instances: o.instances ?? 1, concurrency: 1, processing: { type: 'constant', value: o.seconds ?? 10 } }],
  });
}
