import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/model';
import { runScenario } from '../../src/runtime';
import { expectInvariantsHold } from '../helpers/guarded-run';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf } from '../helpers/trace';

/**
 * Acknowledgment-based flow control: a consumer holds at most its window of unacknowledged messages,
 * whether the broker pushes into a prefetch window or the consumer pulls credit by credit. Under a
 * backlog the window fills, and it must never overflow.
 */

/** A queue that never runs dry (50 msg/s offered to 2 instances × 2 workers of 0.5 s mean). */
function overloaded(group: Record<string, unknown>) {
  return scenarioFrom({
    version: 1,
    name: 'credit window',
    seed: 5,
    duration: 120,
    producers: [{ id: 'load', target: 'q', rate: { perSecond: 50 } }],
    brokers: [{ id: 'q', kind: 'queue' }],
    consumers: [{ id: 'g', reads: 'q', instances: 2, concurrency: 2, processing: { type: 'exponential', mean: 0.5 }, ...group }],
  });
}

/** The most deliveries any one instance held unsettled at once, from the trace. */
function mostHeld(records: readonly TraceRecord[]): number {
  const held = new Map<string, number>();
  let most = 0;
  for (const r of records) {
    if (r.group !== 'g' || r.consumer === '') continue;
    if (r.kind === 'delivered') {
      const n = (held.get(r.consumer) ?? 0) + 1;
      held.set(r.consumer, n);
      most = Math.max(most, n);
    } else if (r.kind === 'acked' || r.kind === 'requeued' || r.kind === 'dropped' || r.kind === 'dead-lettered' || r.kind === 'flagged') {
      held.set(r.consumer, held.get(r.consumer)! - 1);
    }
  }
  return most;
}

describe('credit windows', () => {
  it('fills a push prefetch window of 5 under a backlog and never holds a sixth', () => {
    expect(mostHeld(traceOf(overloaded({ prefetch: 5 })))).toBe(5);
  });

  it('fills a pull batch of 4 and never holds more, refilling a batch at a time or credit by credit', () => {
    expect(mostHeld(traceOf(overloaded({ pull: { batchSize: 4, waitTime: 1 } })))).toBe(4);
    expect(mostHeld(traceOf(overloaded({ pull: { batchSize: 4, waitTime: 1, refill: 'each' } })))).toBe(4);
  });

  it('keeps the workers busier with credit-by-credit refills than with whole batches, which wait for their slowest message', () => {
    const batch = runScenario(overloaded({ pull: { batchSize: 4, waitTime: 1 } }));
    const each = runScenario(overloaded({ pull: { batchSize: 4, waitTime: 1, refill: 'each' } }));
    // Four workers of 0.5 s can do 8 msg/s; refilling per message comes close, batches lose the tail of each batch.
    expect(each.groups.g!.throughput).toBeGreaterThan(7.5);
    expect(batch.groups.g!.throughput).toBeLessThan(each.groups.g!.throughput * 0.9);
    expectInvariantsHold(each);
    expectInvariantsHold(batch);
  });
});
