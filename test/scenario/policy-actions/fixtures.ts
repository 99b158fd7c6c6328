import type { TraceRecord } from '../../../src/model';
import { scenarioFrom } from '../../helpers/scenarios';

export interface SwitchScenario {
  /** Producer "p" (publishing to "q" unless it says otherwise). */
  producer?: Record<string, unknown>;
  /** Knobs of queue "q". */
  queue?: Record<string, unknown>;
  /** Group "w" reading "q": one instance, concurrency 1, 10 s per message unless it says otherwise. */
  group?: Record<string, unknown>;
  timeline?: Record<string, unknown>[];
  dependencies?: Record<string, unknown>[];
  duration?: number;
  seed?: number;
}

/** One producer, one queue "q", one group "w", and the timeline under test: the exact-trace tests' scenario. */
export function switchScenario(o: SwitchScenario) {
  return scenarioFrom({
    version: 1,
    name: 'policy switch',
    seed: o.seed ?? 1,
    duration: o.duration ?? 60,
    producers: [{ id: 'p', target: 'q', ...o.producer }],
    brokers: [{ id: 'q', kind: 'queue', ...o.queue }],
    dependencies: o.dependencies ?? [],
    consumers: [{ id: 'w', reads: 'q', processing: { type: 'constant', value: 10 }, ...o.group }],
    timeline: o.timeline ?? [],
  });
}

export const countWhere = (records: readonly TraceRecord[], keep: (r: TraceRecord) => boolean): number => records.filter(keep).length;

/**
 * The most deliveries each consumer instance held at once, replayed from the trace: a delivery is
 * held from its `delivered` to the record that ends it (acked, requeued, dropped or dead-lettered from
 * flight, delayed for a retry, flagged). Only for runs without late acks.
 */
export function mostHeldPerInstance(records: readonly TraceRecord[], from = 0, to = Infinity): Map<string, number> {
  const held = new Map<string, number>();
  const most = new Map<string, number>();
  const ends = new Set(['acked', 'requeued', 'dropped', 'dead-lettered', 'delayed', 'flagged']);
  for (const r of records) {
    if (r.consumer === '' || r.partition >= 0) continue;
    if (r.kind === 'delivered') held.set(r.consumer, (held.get(r.consumer) ?? 0) + 1);
    else if (ends.has(r.kind)) held.set(r.consumer, (held.get(r.consumer) ?? 0) - 1);
    else continue;
    if (r.time >= from && r.time < to) most.set(r.consumer, Math.max(most.get(r.consumer) ?? 0, held.get(r.consumer)!));
  }
  return most;
}
