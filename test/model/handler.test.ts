import { describe, expect, it } from 'vitest';
import { createDistribution, RandomSource } from '../../src/engine';
import { HANDLER_DONE, HandlerProgram, type HandlerProgress, type EventLoop } from '../../src/model';
import { runScenario } from '../../src/runtime';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf } from '../helpers/trace';

/** [kind, time, message, consumer]: when each message reached a worker and when it was acked. */
type Step = [string, number, number, string];

type Call = { name: string; seconds: number; blocking?: boolean };

/** `count` messages published at t = 1 into `jobs`, read by one instance of `concurrency` workers running `calls`. */
function handlerRun(style: 'sequential' | 'concurrent', calls: readonly Call[], count: number, concurrency: number, timeline: unknown[] = []) {
  return scenarioFrom({
    version: 1,
    name: 'handler',
    duration: 30,
    producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count }] }],
    brokers: [{ id: 'jobs', kind: 'queue' }],
    consumers: [
      {
        id: 'workers',
        reads: 'jobs',
        concurrency,
        handler: {
          style,
          calls: calls.map((c) => ({ name: c.name, latency: { type: 'constant', value: c.seconds }, blocking: c.blocking ?? false })),
        },
      },
    ],
    timeline,
  });
}

function lifecycle(scenario: ReturnType<typeof handlerRun>): Step[] {
  return traceOf(scenario)
    .filter((r) => r.kind === 'delivered' || r.kind === 'acked' || r.kind === 'crashed' || r.kind === 'restarted')
    .map((r) => [r.kind, r.time, r.message, r.consumer]);
}

const constant = (value: number) => createDistribution({ type: 'constant', value });

describe('handler styles: exact traces', () => {
  it('holds the worker for the sum of the calls when they run one after another', () => {
    const calls = [
      { name: 'auth', seconds: 1 },
      { name: 'charge', seconds: 2 },
      { name: 'email', seconds: 0.5 },
    ];
    expect(lifecycle(handlerRun('sequential', calls, 2, 1))).toEqual<Step[]>([
      ['delivered', 1, 1, 'workers#1'],
      ['acked', 4.5, 1, 'workers#1'],
      ['delivered', 4.5, 2, 'workers#1'],
      ['acked', 8, 2, 'workers#1'],
    ]);
  });

  it('holds the worker only for the slowest call when the calls run at once and are awaited together', () => {
    const calls = [
      { name: 'auth', seconds: 1 },
      { name: 'charge', seconds: 2 },
      { name: 'email', seconds: 0.5 },
    ];
    expect(lifecycle(handlerRun('concurrent', calls, 2, 1))).toEqual<Step[]>([
      ['delivered', 1, 1, 'workers#1'],
      ['acked', 3, 1, 'workers#1'],
      ['delivered', 3, 2, 'workers#1'],
      ['acked', 5, 2, 'workers#1'],
    ]);
  });

  it('lets two awaited handlers on one instance overlap completely', () => {
    const calls = [
      { name: 'fetch', seconds: 1 },
      { name: 'sleep', seconds: 2 },
    ];
    expect(lifecycle(handlerRun('sequential', calls, 2, 2))).toEqual<Step[]>([
      ['delivered', 1, 1, 'workers#1'],
      ['delivered', 1, 2, 'workers#1'],
      ['acked', 4, 1, 'workers#1'],
      ['acked', 4, 2, 'workers#1'],
    ]);
  });

  it('makes a second handler on the same instance wait while the first runs a blocking call', () => {
    // Both fetch from 1 to 2 (awaited, overlapping). At 2 the first takes the loop for its blocking 2 s
    // sleep (2–4) and finishes; the second's sleep can only start when the loop is free: 4–6.
    const calls = [
      { name: 'fetch', seconds: 1 },
      { name: 'sleep', seconds: 2, blocking: true },
    ];
    expect(lifecycle(handlerRun('sequential', calls, 2, 2))).toEqual<Step[]>([
      ['delivered', 1, 1, 'workers#1'],
      ['delivered', 1, 2, 'workers#1'],
      ['acked', 4, 1, 'workers#1'],
      ['acked', 6, 2, 'workers#1'],
    ]);
  });

  it('holds back a handler’s completion until another handler’s blocking call lets go of the loop', () => {
    // First: blocking 1–3, then fetch 3–4. Second: its blocking call waits for the loop, 3–5, then fetch 5–6.
    // The first's fetch returns at 4, inside the second's blocking call, so its ack waits until 5.
    const calls = [
      { name: 'sleep', seconds: 2, blocking: true },
      { name: 'fetch', seconds: 1 },
    ];
    expect(lifecycle(handlerRun('sequential', calls, 2, 2))).toEqual<Step[]>([
      ['delivered', 1, 1, 'workers#1'],
      ['delivered', 1, 2, 'workers#1'],
      ['acked', 5, 1, 'workers#1'],
      ['acked', 6, 2, 'workers#1'],
    ]);
  });

  it('issues concurrent calls in order, so a blocking one delays the calls issued after it on every handler', () => {
    // First: api 1–4 (awaited), cpu 1–2 (blocking); done when api returns at 4. Second: issued when the
    // loop frees at 2: api 2–5, cpu 2–3; done at 5.
    const calls = [
      { name: 'api', seconds: 3 },
      { name: 'cpu', seconds: 1, blocking: true },
    ];
    expect(lifecycle(handlerRun('concurrent', calls, 2, 2))).toEqual<Step[]>([
      ['delivered', 1, 1, 'workers#1'],
      ['delivered', 1, 2, 'workers#1'],
      ['acked', 4, 1, 'workers#1'],
      ['acked', 5, 2, 'workers#1'],
    ]);
  });

  it('gives a restarted instance a free event loop: a crash ends the blocking call it was running', () => {
    // The crash at 2 drops both messages back to the queue mid-sleep; after the restart at 3 they are
    // redelivered and the loop is free at once: 3–5 for one, 5–7 for the other.
    const calls = [{ name: 'sleep', seconds: 2, blocking: true }];
    const scenario = handlerRun('sequential', calls, 2, 2, [
      { at: 2, action: 'crash', group: 'workers', instance: 1 },
      { at: 3, action: 'restart', group: 'workers', instance: 1 },
    ]);
    expect(lifecycle(scenario)).toEqual<Step[]>([
      ['delivered', 1, 1, 'workers#1'],
      ['delivered', 1, 2, 'workers#1'],
      ['crashed', 2, 0, 'workers#1'],
      ['restarted', 3, 0, 'workers#1'],
      ['delivered', 3, 1, 'workers#1'],
      ['delivered', 3, 2, 'workers#1'],
      ['acked', 5, 1, 'workers#1'],
      ['acked', 7, 2, 'workers#1'],
    ]);
    expect(runScenario(scenario).invariants.ok).toBe(true);
  });
});

describe('HandlerProgram', () => {
  const rng = new RandomSource(1).stream('test');

  it('rejects a handler without calls or with an unknown style, naming the option', () => {
    expect(() => new HandlerProgram({ style: 'sequential', calls: [] })).toThrow(new RangeError('handler calls must list at least one call, got none'));
    expect(() => new HandlerProgram({ style: 'parallel' as 'concurrent', calls: [{ name: 'a', latency: constant(1) }] })).toThrow(
      new RangeError('handler style must be one of sequential, concurrent, got "parallel"'),
    );
  });

  it('takes the sum of the latencies when sequential and the largest when concurrent, without the loop', () => {
    const calls = [
      { name: 'a', latency: constant(1) },
      { name: 'b', latency: constant(3) },
      { name: 'c', latency: constant(2) },
    ];
    const sequential = new HandlerProgram({ style: 'sequential', calls });
    const concurrent = new HandlerProgram({ style: 'concurrent', calls });
    expect([sequential.usesLoop, sequential.duration(rng)]).toEqual([false, 6]);
    expect([concurrent.usesLoop, concurrent.duration(rng)]).toEqual([false, 3]);
  });

  it('runs consecutive blocking calls as one hold on the loop, then resumes after each awaited call', () => {
    const program = new HandlerProgram({
      style: 'sequential',
      calls: [
        { name: 'parse', latency: constant(1), blocking: true },
        { name: 'hash', latency: constant(2), blocking: true },
        { name: 'fetch', latency: constant(4) },
      ],
    });
    const loop: EventLoop = { loopFreeAt: 5 };
    const progress: HandlerProgress = { step: 0, fault: 0 };
    // Ready at 2 but the loop is busy until 5: blocking 5–8, then fetch 8–12.
    expect(program.advance(progress, loop, 2, rng)).toBe(12);
    expect([progress.step, loop.loopFreeAt]).toEqual([3, 8]);
    // The fetch returned at 12; the loop is free, so the handler completes then.
    expect(program.advance(progress, loop, 12, rng)).toBe(12);
    expect(progress.step).toBe(HANDLER_DONE);
  });
});
