import { describe, expect, it } from 'vitest';
import { createDistribution, RandomSource, Simulation } from '../../src/engine';
import { ConsumerGroup, createModelContext, type TraceRecord } from '../../src/model';
import { runScenario } from '../../src/runtime';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf } from '../helpers/trace';
import { queue } from './routing-fixtures';

/** [kind, time, message, consumer, reason, attempt]: every record here is about queue `jobs` (or its DLQ, by the `enqueued` that follows). */
type Step = [string, number, number, string, string, number];

function steps(records: readonly TraceRecord[]): Step[] {
  return records.map((r) => [r.kind, r.time, r.message, r.consumer, r.reason, r.attempt]);
}

interface PullSetup {
  duration: number;
  /** Bursts into `jobs`: [at, count]. */
  bursts: [number, number][];
  /** Knobs of the `jobs` queue. */
  queue?: Record<string, unknown>;
  /** Knobs of the `workers` group; it pulls with `pull` and processes each message in `seconds`. */
  group?: Record<string, unknown>;
  pull: Record<string, unknown>;
  seconds: number;
  timeline?: Record<string, unknown>[];
}

/** Producer `app` → queue `jobs` (dead-lettering into `dlq`) → pull group `workers`, one instance unless told otherwise. */
function pullScenario(o: PullSetup) {
  return scenarioFrom({
    version: 1,
    name: 'pull consumer',
    duration: o.duration,
    producers: [{ id: 'app', target: 'jobs', bursts: o.bursts.map(([at, count]) => ({ at, count })) }],
    brokers: [
      { id: 'jobs', kind: 'queue', deadLetterTo: 'dlq', ...o.queue },
      { id: 'dlq', kind: 'queue' },
    ],
    consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: o.seconds }, pull: o.pull, ...o.group }],
    timeline: o.timeline ?? [],
  });
}

describe('pull consumers: exact traces', () => {
  it('returns a long poll as soon as the first message arrives, and times out empty when none does', () => {
    // The receive starts at 0 and would wait until 5; the message at 3 ends it. After the ack at 5 the next
    // receive waits its full 5 s and comes back empty at 10; the one after it asks at once and times out at 15.
    const scenario = pullScenario({ duration: 16, bursts: [[3, 1]], pull: { batchSize: 3, waitTime: 5 }, seconds: 2 });
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['published', 3, 1, '', '', 0],
      ['enqueued', 3, 1, '', '', 0],
      ['delivered', 3, 1, 'workers#1', '', 1],
      ['polled', 3, 0, 'workers#1', '', 0],
      ['acked', 5, 1, 'workers#1', '', 1],
      ['polled', 10, 0, 'workers#1', 'empty', 0],
      ['polled', 15, 0, 'workers#1', 'empty', 0],
    ]);
    expect(runScenario(scenario).groups.workers).toMatchObject({ receives: 3, emptyReceives: 2, delivered: 1, acked: 1 });
  });

  it('receives a batch of ready messages at once and asks again only when the whole batch is settled', () => {
    // Message 1 ends the waiting long poll on its own; 2–5 pile up meanwhile. At 3 one receive takes 2, 3 and 4
    // (batchSize 3); two workers process 2 and 3 while 4 waits in the instance. At 5 two of the batch are done, but
    // the next receive waits for 4, at 7.
    const scenario = pullScenario({
      duration: 12,
      bursts: [[1, 5]],
      group: { concurrency: 2 },
      pull: { batchSize: 3, waitTime: 10 },
      seconds: 2,
    });
    expect(steps(traceOf(scenario)).filter(([kind]) => kind !== 'published' && kind !== 'enqueued')).toEqual<Step[]>([
      ['delivered', 1, 1, 'workers#1', '', 1],
      ['polled', 1, 0, 'workers#1', '', 0],
      ['acked', 3, 1, 'workers#1', '', 1],
      ['delivered', 3, 2, 'workers#1', '', 1],
      ['delivered', 3, 3, 'workers#1', '', 1],
      ['delivered', 3, 4, 'workers#1', '', 1],
      ['polled', 3, 0, 'workers#1', '', 0],
      ['acked', 5, 2, 'workers#1', '', 1],
      ['acked', 5, 3, 'workers#1', '', 1],
      ['acked', 7, 4, 'workers#1', '', 1],
      ['delivered', 7, 5, 'workers#1', '', 1],
      ['polled', 7, 0, 'workers#1', '', 0],
      ['acked', 9, 5, 'workers#1', '', 1],
    ]);
    const report = runScenario(scenario);
    expect(report.groups.workers).toMatchObject({ receives: 3, emptyReceives: 0, acked: 5 });
    expect(report.invariants.ok).toBe(true);
  });

  it('sleeps pollInterval after a short poll comes back empty, so a message waits for the next receive', () => {
    const scenario = pullScenario({ duration: 9, bursts: [[3, 1]], pull: { batchSize: 10, waitTime: 0, pollInterval: 2 }, seconds: 1 });
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['polled', 0, 0, 'workers#1', 'empty', 0],
      ['polled', 2, 0, 'workers#1', 'empty', 0],
      ['published', 3, 1, '', '', 0],
      ['enqueued', 3, 1, '', '', 0],
      // Nobody is asking at 3: the message waits for the receive at 4.
      ['delivered', 4, 1, 'workers#1', '', 1],
      ['polled', 4, 0, 'workers#1', '', 0],
      ['acked', 5, 1, 'workers#1', '', 1],
      // A settled batch asks again at once; only an empty answer sleeps.
      ['polled', 5, 0, 'workers#1', 'empty', 0],
      ['polled', 7, 0, 'workers#1', 'empty', 0],
      ['polled', 9, 0, 'workers#1', 'empty', 0],
    ]);
    const report = runScenario(scenario);
    expect(report.groups.workers).toMatchObject({ receives: 6, emptyReceives: 5 });
    expect(report.groups.workers!.wait.max).toBe(1);
  });

  it('abandons a long poll when the instance crashes, and a restarted instance asks again at once', () => {
    // The receive started at 0 would time out at 10; the crash at 2 ends it without an answer, so the message
    // published at 3 waits until the restart at 5. The receive after the ack at 6 times out at 16.
    const scenario = pullScenario({
      duration: 20,
      bursts: [[3, 1]],
      pull: { batchSize: 10, waitTime: 10 },
      seconds: 1,
      timeline: [
        { at: 2, action: 'crash', group: 'workers', instance: 1 },
        { at: 5, action: 'restart', group: 'workers', instance: 1 },
      ],
    });
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['crashed', 2, 0, 'workers#1', '', 0],
      ['published', 3, 1, '', '', 0],
      ['enqueued', 3, 1, '', '', 0],
      ['restarted', 5, 0, 'workers#1', '', 0],
      ['delivered', 5, 1, 'workers#1', '', 1],
      ['polled', 5, 0, 'workers#1', '', 0],
      ['acked', 6, 1, 'workers#1', '', 1],
      ['polled', 16, 0, 'workers#1', 'empty', 0],
    ]);
    expect(runScenario(scenario).groups.workers).toMatchObject({ crashes: 1, receives: 2, emptyReceives: 1 });
  });

  it('requeues a crashed instance’s batch, of which another instance’s waiting long poll takes only the first', () => {
    // #1 holds 2 and 3 (one in its worker, one waiting in the instance) when it crashes at 7. #2, added at 6, is in a
    // long poll: message 2 ends it, and 3 stays ready until #2 has settled 2 and asks again.
    const scenario = pullScenario({
      duration: 16,
      bursts: [[1, 3]],
      pull: { batchSize: 10, waitTime: 20 },
      seconds: 4,
      timeline: [
        { at: 6, action: 'scale', group: 'workers', instances: 2 },
        { at: 7, action: 'crash', group: 'workers', instance: 1 },
      ],
    });
    expect(steps(traceOf(scenario)).filter(([, time]) => time >= 5)).toEqual<Step[]>([
      ['acked', 5, 1, 'workers#1', '', 1],
      ['delivered', 5, 2, 'workers#1', '', 1],
      ['delivered', 5, 3, 'workers#1', '', 1],
      ['polled', 5, 0, 'workers#1', '', 0],
      ['scaled', 6, 0, 'workers#2', 'up', 0],
      ['crashed', 7, 0, 'workers#1', '', 0],
      ['requeued', 7, 2, 'workers#1', 'crash', 0],
      ['delivered', 7, 2, 'workers#2', 'crash', 2],
      ['polled', 7, 0, 'workers#2', '', 0],
      ['requeued', 7, 3, 'workers#1', 'crash', 0],
      ['acked', 11, 2, 'workers#2', '', 2],
      ['delivered', 11, 3, 'workers#2', 'crash', 2],
      ['polled', 11, 0, 'workers#2', '', 0],
      ['acked', 15, 3, 'workers#2', '', 2],
    ]);
    const report = runScenario(scenario);
    expect(report.groups.workers).toMatchObject({ redelivered: 2, duplicates: 2, duplicatesBy: { crash: 2 } });
    expect(report.invariants.ok).toBe(true);
  });
});

describe('pull consumers: failures', () => {
  /** One message at 1, processed in 1 s and always failing with `action`; two deliveries allowed, then the DLQ. */
  function failing(action: string, queue: Record<string, unknown> = {}) {
    return pullScenario({
      duration: 14,
      bursts: [[1, 1]],
      queue: { maxDeliveries: 2, ...queue },
      group: { failure: { probability: 1, action } },
      pull: { batchSize: 10, waitTime: 20 },
      seconds: 1,
    });
  }

  it('takes a nacked-and-requeued message back in the very next receive, until the delivery limit dead-letters it', () => {
    const scenario = failing('requeue');
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['published', 1, 1, '', '', 0],
      ['enqueued', 1, 1, '', '', 0],
      ['delivered', 1, 1, 'workers#1', '', 1],
      ['polled', 1, 0, 'workers#1', '', 0],
      // The nack puts it back before the settled batch asks again, so the next receive finds it at once.
      ['failed', 2, 1, 'workers#1', 'transient', 0],
      ['requeued', 2, 1, 'workers#1', 'nack', 0],
      ['delivered', 2, 1, 'workers#1', 'nack', 2],
      ['polled', 2, 0, 'workers#1', '', 0],
      ['failed', 3, 1, 'workers#1', 'transient', 0],
      ['dead-lettered', 3, 1, 'workers#1', 'delivery-limit', 0],
      ['enqueued', 3, 1, '', '', 0],
    ]);
    expect(runScenario(scenario).groups.workers).toMatchObject({ delivered: 2, redelivered: 1, duplicatesBy: { nack: 1 }, deadLettered: 1, receives: 2 });
  });

  it('dead-letters a rejected message at once, without a second delivery', () => {
    const records = traceOf(failing('reject'));
    expect(steps(records).slice(2)).toEqual<Step[]>([
      ['delivered', 1, 1, 'workers#1', '', 1],
      ['polled', 1, 0, 'workers#1', '', 0],
      ['failed', 2, 1, 'workers#1', 'transient', 0],
      ['dead-lettered', 2, 1, 'workers#1', 'rejected', 0],
      ['enqueued', 2, 1, '', '', 0],
    ]);
    // The second enqueue is the DLQ's.
    expect(records.filter((r) => r.kind === 'enqueued').map((r) => r.broker)).toEqual(['jobs', 'dlq']);
  });

  it('moves on after a silent failure while the lease runs, and a waiting long poll takes the message when the lease expires', () => {
    // Unlike a push consumer, which keeps the failed delivery's prefetch slot until its lease ends, the pull
    // consumer asks again right after failing at 2; that receive is still waiting when the lease ends at 6.
    const scenario = failing('no-ack', { ackTimeout: 5 });
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['published', 1, 1, '', '', 0],
      ['enqueued', 1, 1, '', '', 0],
      ['delivered', 1, 1, 'workers#1', '', 1],
      ['polled', 1, 0, 'workers#1', '', 0],
      ['failed', 2, 1, 'workers#1', 'transient', 0],
      ['requeued', 6, 1, 'workers#1', 'lease-expired', 0],
      ['delivered', 6, 1, 'workers#1', 'lease-expired', 2],
      ['polled', 6, 0, 'workers#1', '', 0],
      ['failed', 7, 1, 'workers#1', 'transient', 0],
      ['dead-lettered', 11, 1, 'workers#1', 'delivery-limit', 0],
      ['enqueued', 11, 1, '', '', 0],
    ]);
    const report = runScenario(scenario);
    expect(report.groups.workers).toMatchObject({ delivered: 2, duplicatesBy: { 'lease-expired': 1 }, deadLettered: 1, receives: 2, emptyReceives: 0 });
    expect(report.invariants.ok).toBe(true);
  });
});

describe('pull consumers: the room they offer the broker', () => {
  /** Runs one instance pulling batches of 10 from a queue nobody publishes to, for `seconds`. */
  function idlePuller(pull: { waitTime: number; pollInterval: number }, seconds: number): ConsumerGroup {
    const sim = new Simulation();
    const ctx = createModelContext(sim, new RandomSource(1));
    const group = new ConsumerGroup(ctx, {
      id: 'workers',
      source: queue(ctx, 'jobs'),
      instances: 1,
      concurrency: 1,
      prefetch: 1,
      processing: createDistribution({ type: 'constant', value: 1 }),
      failure: undefined,
      crashes: undefined,
      pull: { batchSize: 10, ...pull },
    });
    group.start();
    sim.runUntil(seconds);
    return group;
  }

  it('leaves no credits behind in the broker after thousands of empty short polls', () => {
    // Each empty receive used to queue 10 credits and void them at once: 100,000 entries after 10,000 polls.
    expect(idlePuller({ waitTime: 0, pollInterval: 1 }, 10_000).instances[0]!.queuedCredits).toBe(0);
  });

  it('keeps one batch of room on offer across long polls that time out, instead of voiding and re-granting it', () => {
    const instance = idlePuller({ waitTime: 20, pollInterval: 1 }, 10_000).instances[0]!;
    expect([instance.queuedCredits, instance.liveCredits]).toEqual([10, 10]);
  });
});
