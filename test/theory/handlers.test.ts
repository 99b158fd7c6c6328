import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf } from '../helpers/trace';

/**
 * The chapter's handler numbers (anti-patterns "synchronous processing" and "blocking the event loop"):
 * three downstream calls of 1 s each per message, ten workers, and a queue that never runs dry (20
 * msg/s offered, far above what any variant can do), so throughput is the capacity of the handlers.
 *
 * - sequential calls hold a worker for 3 s: 10 workers / 3 s = 3.33 msg/s;
 * - the same calls concurrent (await all) hold it for 1 s: 10 msg/s;
 * - one async instance running 10 handlers at once, with one of the three calls blocking its event
 *   loop for b seconds: the loop can host at most one blocking call at a time, so the instance does
 *   at most 1/b msg/s whatever its concurrency: 1 msg/s at b = 1 instead of 3.33 msg/s.
 *
 * Latencies are constant, so every run settles into an exact cycle: after a 30 s warm-up the acks in
 * a 60 s window are counted, and 60 s is a whole number of cycles of every variant (3 s, 1 s, and one
 * blocking call of 1 s or 2 s at a time), so the count is exact: 200, 600, 60, 30, 120.
 */
const OFFERED = 20;
const WARM_UP = 30;
const WINDOW = 60;

type Call = { name: string; seconds: number; blocking?: boolean };

const CHAPTER_CALLS: readonly Call[] = [
  { name: 'fetch-customer', seconds: 1 },
  { name: 'reserve-stock', seconds: 1 },
  { name: 'charge-card', seconds: 1 },
];

function overloaded(style: 'sequential' | 'concurrent', calls: readonly Call[], instances: number, concurrency: number) {
  return scenarioFrom({
    version: 1,
    name: `${style} handler`,
    duration: WARM_UP + WINDOW + 10,
    producers: [{ id: 'orders', target: 'queue', rate: { process: 'constant', perSecond: OFFERED } }],
    brokers: [{ id: 'queue', kind: 'queue' }],
    consumers: [
      {
        id: 'service',
        reads: 'queue',
        instances,
        concurrency,
        handler: { style, calls: calls.map((c) => ({ name: c.name, latency: { type: 'constant', value: c.seconds }, blocking: c.blocking ?? false })) },
      },
    ],
  });
}

/** Acks per second over [WARM_UP, WARM_UP + WINDOW). */
function throughput(scenario: ReturnType<typeof overloaded>): number {
  const acks = traceOf(scenario).filter((r) => r.kind === 'acked' && r.time >= WARM_UP && r.time < WARM_UP + WINDOW).length;
  return acks / WINDOW;
}

describe('handler styles against the chapter’s numbers (3 calls of 1 s, 10 workers, overload)', () => {
  it('caps ten workers making the three calls one after another at 10 / 3 ≈ 3.33 messages per second', () => {
    // Ten single-worker instances (a synchronous consumer each) and one instance of ten workers agree.
    expect(throughput(overloaded('sequential', CHAPTER_CALLS, 10, 1))).toBeCloseTo(10 / 3, 12);
    expect(throughput(overloaded('sequential', CHAPTER_CALLS, 1, 10))).toBeCloseTo(10 / 3, 12);
  });

  it('triples it to 10 messages per second when the calls run at once and are awaited together', () => {
    expect(throughput(overloaded('concurrent', CHAPTER_CALLS, 1, 10))).toBeCloseTo(10, 12);
  });

  it('collapses an async instance to one message per blocking-call duration when one call blocks its event loop', () => {
    const blockingMiddle = (seconds: number): Call[] => [CHAPTER_CALLS[0]!, { name: 'reserve-stock', seconds, blocking: true }, CHAPTER_CALLS[2]!];
    // The same instance with every call awaited: 10 handlers / 3 s.
    expect(throughput(overloaded('sequential', CHAPTER_CALLS, 1, 10))).toBeCloseTo(10 / 3, 12);
    // b = 1 s: 1 msg/s.
    expect(throughput(overloaded('sequential', blockingMiddle(1), 1, 10))).toBeCloseTo(1, 12);
    // b = 2 s: 0.5 msg/s, though the handler takes only 4 s and ten of them could do 2.5.
    expect(throughput(overloaded('sequential', blockingMiddle(2), 1, 10))).toBeCloseTo(0.5, 12);
    // Each instance has its own loop: two instances do twice as much.
    expect(throughput(overloaded('sequential', blockingMiddle(1), 2, 10))).toBeCloseTo(2, 12);
  });

  it('gives a blocking call no cost when the instance runs one handler at a time', () => {
    // With concurrency 1 there is nobody to stall: ten such instances do 10 / 3, like the awaited calls.
    const blocking = CHAPTER_CALLS.map((c) => ({ ...c, blocking: true }));
    expect(throughput(overloaded('sequential', blocking, 10, 1))).toBeCloseTo(10 / 3, 12);
  });

  it('keeps every invariant in all these runs', () => {
    const report = runScenario(overloaded('sequential', [CHAPTER_CALLS[0]!, { name: 'reserve-stock', seconds: 1, blocking: true }, CHAPTER_CALLS[2]!], 2, 10));
    expect(report.invariants.violations).toEqual([]);
    expect(report.invariants.ok).toBe(true);
  });
});
