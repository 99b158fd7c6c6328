import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dependency, type TraceRecord } from '../../src/model';
import { runScenario } from '../../src/runtime';
import { validateScenario } from '../../src/scenario';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf } from '../helpers/trace';

/** [kind, time, message, broker, consumer, reason, attempt]: enough to pin down every step. */
type Step = [string, number, number, string, string, string, number];

function steps(records: readonly TraceRecord[], kinds?: readonly string[]): Step[] {
  return records.filter((r) => kinds === undefined || kinds.includes(r.kind)).map((r) => [r.kind, r.time, r.message, r.broker, r.consumer, r.reason, r.attempt]);
}

function check(report: ReturnType<typeof runScenario>, name: string) {
  const found = report.invariants.checks.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no invariant check named ${name}`);
  return found;
}

/** `count` messages published at t = 1 into `jobs` (dead-lettering to `dlq` unless told otherwise), read by `workers`. */
function burst(group: Record<string, unknown>, o: { count?: number; broker?: Record<string, unknown>; extra?: Record<string, unknown>; duration?: number } = {}) {
  return scenarioFrom({
    version: 1,
    name: 'consumer failures',
    duration: o.duration ?? 30,
    producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: o.count ?? 1 }] }],
    brokers: [{ id: 'jobs', kind: 'queue', deadLetterTo: 'dlq', ...o.broker }, { id: 'dlq', kind: 'queue' }],
    consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 1 }, ...group }],
    ...o.extra,
  });
}

describe('failure action retry', () => {
  it('retries an always-failing message after a fixed 2 s backoff, twice, then dead-letters it with reason retry-limit', () => {
    const scenario = burst({ failure: { probability: 1, action: 'retry' }, retry: { backoff: 'fixed', delay: 2, maxRetries: 2 } });
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['published', 1, 1, 'jobs', '', '', 0],
      ['enqueued', 1, 1, 'jobs', '', '', 0],
      ['delivered', 1, 1, 'jobs', 'workers#1', '', 1],
      ['failed', 2, 1, 'jobs', 'workers#1', 'transient', 0],
      ['delayed', 2, 1, 'jobs', 'workers#1', 'retry', 0],
      ['enqueued', 4, 1, 'jobs', '', '', 0],
      ['delivered', 4, 1, 'jobs', 'workers#1', 'nack', 2],
      ['failed', 5, 1, 'jobs', 'workers#1', 'transient', 0],
      ['delayed', 5, 1, 'jobs', 'workers#1', 'retry', 0],
      ['enqueued', 7, 1, 'jobs', '', '', 0],
      ['delivered', 7, 1, 'jobs', 'workers#1', 'nack', 3],
      ['failed', 8, 1, 'jobs', 'workers#1', 'transient', 0],
      ['dead-lettered', 8, 1, 'jobs', 'workers#1', 'retry-limit', 0],
      ['enqueued', 8, 1, 'dlq', '', '', 0],
    ]);
    const report = runScenario(scenario);
    expect(report.groups.workers).toMatchObject({ failed: 3, failedBy: { transient: 3 }, retries: 2, lostByConsumer: 0, delivered: 3, acked: 0 });
    expect(report.brokers.dlq!.depth.final).toBe(1);
    expect(report.invariants.ok).toBe(true);
  });

  it('drops the message with reason retry-limit when the queue has no dead-letter queue', () => {
    const scenario = burst({ failure: { probability: 1, action: 'retry' }, retry: { backoff: 'immediate', maxRetries: 1 } }, { broker: { deadLetterTo: undefined } });
    expect(steps(traceOf(scenario)).slice(3)).toEqual<Step[]>([
      ['failed', 2, 1, 'jobs', 'workers#1', 'transient', 0],
      ['requeued', 2, 1, 'jobs', 'workers#1', 'nack', 0],
      ['delivered', 2, 1, 'jobs', 'workers#1', 'nack', 2],
      ['failed', 3, 1, 'jobs', 'workers#1', 'transient', 0],
      ['dropped', 3, 1, 'jobs', 'workers#1', 'retry-limit', 0],
    ]);
    expect(runScenario(scenario).groups.workers!.retries).toBe(1);
  });

  it('waits 1, 2, then 4 s between attempts with exponential backoff without jitter', () => {
    const scenario = burst({
      failure: { probability: 1, action: 'retry' },
      retry: { backoff: 'exponential', jitter: 'none', delay: 1, multiplier: 2, maxDelay: 60, maxRetries: 3 },
    });
    const deliveries = traceOf(scenario)
      .filter((r) => r.kind === 'delivered')
      .map((r) => r.time);
    // Each attempt takes 1 s, then waits 1, 2, 4 s.
    expect(deliveries).toEqual([1, 3, 6, 11]);
  });

  it('rejects a fatal error at once with reason fatal, without retrying', () => {
    const scenario = burst({ failure: { probability: 0, fatal: 1, action: 'retry' }, retry: { backoff: 'fixed', delay: 2, maxRetries: 5 } });
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['published', 1, 1, 'jobs', '', '', 0],
      ['enqueued', 1, 1, 'jobs', '', '', 0],
      ['delivered', 1, 1, 'jobs', 'workers#1', '', 1],
      ['failed', 2, 1, 'jobs', 'workers#1', 'fatal', 0],
      ['dead-lettered', 2, 1, 'jobs', 'workers#1', 'fatal', 0],
      ['enqueued', 2, 1, 'dlq', '', '', 0],
    ]);
    const report = runScenario(scenario);
    expect(report.groups.workers).toMatchObject({ failedBy: { fatal: 1 }, retries: 0 });
    expect(report.invariants.ok).toBe(true);
  });

  it('rejects retries beyond the retry budget with reason retry-budget', () => {
    // minPerSecond 0.1 over 10 s: one retry in the window; five messages all fail at t = 2.
    const scenario = burst(
      {
        instances: 5,
        failure: { probability: 1, action: 'retry' },
        retry: { backoff: 'fixed', delay: 20, maxRetries: 3, budget: { ratio: 0, minPerSecond: 0.1, windowSeconds: 10 } },
      },
      { count: 5, duration: 15 },
    );
    const outcomes = steps(traceOf(scenario), ['delayed', 'dead-lettered']);
    expect(outcomes).toEqual<Step[]>([
      ['delayed', 2, 1, 'jobs', 'workers#1', 'retry', 0],
      ['dead-lettered', 2, 2, 'jobs', 'workers#2', 'retry-budget', 0],
      ['dead-lettered', 2, 3, 'jobs', 'workers#3', 'retry-budget', 0],
      ['dead-lettered', 2, 4, 'jobs', 'workers#4', 'retry-budget', 0],
      ['dead-lettered', 2, 5, 'jobs', 'workers#5', 'retry-budget', 0],
    ]);
    const report = runScenario(scenario);
    expect(report.groups.workers).toMatchObject({ retries: 1, failed: 5 });
    expect(report.invariants.ok).toBe(true);
  });
});

describe('the ack-on-failure anti-pattern', () => {
  const ackOnFailure = () => burst({ failure: { probability: 0.5, action: 'ack' } }, { count: 10 });

  it('acks each failed message with reason ack-on-failure right after its failed record', () => {
    const records = traceOf(ackOnFailure());
    const failed = records.filter((r) => r.kind === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(10);
    for (const f of failed) {
      const next = records[records.indexOf(f) + 1]!;
      expect([next.kind, next.message, next.time, next.reason]).toEqual(['acked', f.message, f.time, 'ack-on-failure']);
    }
  });

  it('counts exactly the failed messages as lostByConsumer, fails the no-loss-by-consumer check, and keeps conservation', () => {
    const scenario = ackOnFailure();
    const failures = traceOf(scenario).filter((r) => r.kind === 'failed').length;
    const report = runScenario(scenario);
    const group = report.groups.workers!;
    expect(group.lostByConsumer).toBe(failures);
    expect(group.failed).toBe(failures);
    expect(group.acked).toBe(10);
    expect(report.brokers.dlq!.depth.final).toBe(0);
    expect(check(report, 'no-loss-by-consumer')).toEqual({
      name: 'no-loss-by-consumer',
      ok: false,
      detail: `${failures} failed message(s) acknowledged anyway and lost by the consumer: workers ${failures}`,
    });
    expect(check(report, 'conservation').ok).toBe(true);
    expect(report.invariants.ok).toBe(false);
  });

  it('with retries and a dead-letter queue instead loses nothing: every message is processed or in the DLQ', () => {
    const scenario = burst({ failure: { probability: 0.5, action: 'retry' }, retry: { backoff: 'fixed', delay: 1, maxRetries: 1 } }, { count: 10 });
    const report = runScenario(scenario);
    const group = report.groups.workers!;
    expect(group.lostByConsumer).toBe(0);
    expect(group.acked + report.brokers.dlq!.depth.final).toBe(10);
    expect(report.brokers.dlq!.depth.final).toBeGreaterThan(0);
    expect(check(report, 'no-loss-by-consumer').ok).toBe(true);
    expect(report.invariants.ok).toBe(true);
  });
});

describe('Dependency', () => {
  it('is down exactly over each of its [from, to) outage windows', () => {
    const email = new Dependency('email', 5, [
      { from: 10, to: 20 },
      { from: 30, to: 31 },
    ]);
    expect([0, 9.999, 10, 19.999, 20, 29.9, 30, 30.5, 31].map((t) => email.isDown(t))).toEqual([false, false, true, true, false, false, true, true, false]);
    expect(email.outages).toEqual([
      { from: 10, to: 20 },
      { from: 30, to: 31 },
    ]);
  });

  it('refuses a timeout that is not a finite number > 0 and an empty or negative window, naming the dependency', () => {
    expect(() => new Dependency('email', 0)).toThrow(new RangeError('dependency email: timeout must be a finite number of seconds > 0, got 0'));
    expect(() => new Dependency('email', Infinity)).toThrow(RangeError);
    expect(() => new Dependency('email', 5, [{ from: 5, to: 5 }])).toThrow(new RangeError('dependency email: an outage needs 0 <= from < to, got [5, 5)'));
    expect(() => new Dependency('email', 5, [{ from: -1, to: 5 }])).toThrow(RangeError);
  });
});

/**
 * One message a second from t = 1 until `stop`, 0.5 s each, into a group of 10 workers calling `email`
 * (with `timeout`), which is down over [`down`, `down` + `outage`); `group` adds to the group.
 */
function callingEmail(o: { duration: number; stop: number; timeout: number; down: number; outage: number; group: Record<string, unknown> }) {
  return scenarioFrom({
    version: 1,
    name: 'calling email',
    duration: o.duration,
    producers: [{ id: 'app', target: 'jobs', rate: { process: 'constant', perSecond: 1 }, stop: o.stop }],
    brokers: [{ id: 'jobs', kind: 'queue' }],
    dependencies: [{ id: 'email', timeout: o.timeout }],
    timeline: [{ at: o.down, action: 'outage', dependency: 'email', duration: o.outage }],
    consumers: [{ id: 'workers', reads: 'jobs', concurrency: 10, prefetch: 10, processing: { type: 'constant', value: 0.5 }, dependency: 'email', ...o.group }],
  });
}

describe('dependency outages', () => {
  /** `email` (timeout 3 s) is down over [4, 8). */
  const outage = () => callingEmail({ duration: 20, stop: 12, timeout: 3, down: 4, outage: 4, group: { failure: { probability: 0, action: 'reject' } } });

  it('makes calls that start during the outage take the timeout and fail with reason outage; calls outside succeed', () => {
    expect(steps(traceOf(outage()), ['outage', 'acked', 'failed'])).toEqual<Step[]>([
      ['acked', 1.5, 1, 'jobs', 'workers#1', '', 1],
      ['acked', 2.5, 2, 'jobs', 'workers#1', '', 1],
      ['acked', 3.5, 3, 'jobs', 'workers#1', '', 1],
      ['outage', 4, 0, 'email', '', 'down', 0],
      ['failed', 7, 4, 'jobs', 'workers#1', 'outage', 0],
      ['outage', 8, 0, 'email', '', 'up', 0],
      ['failed', 8, 5, 'jobs', 'workers#1', 'outage', 0],
      ['acked', 8.5, 8, 'jobs', 'workers#1', '', 1],
      ['failed', 9, 6, 'jobs', 'workers#1', 'outage', 0],
      ['acked', 9.5, 9, 'jobs', 'workers#1', '', 1],
      ['failed', 10, 7, 'jobs', 'workers#1', 'outage', 0],
      ['acked', 10.5, 10, 'jobs', 'workers#1', '', 1],
      ['acked', 11.5, 11, 'jobs', 'workers#1', '', 1],
      ['acked', 12.5, 12, 'jobs', 'workers#1', '', 1],
    ]);
    const report = runScenario(outage());
    expect(report.groups.workers).toMatchObject({ failed: 4, failedBy: { outage: 4 }, acked: 8 });
    expect(report.invariants.ok).toBe(true);
  });
});

describe('circuit breaker', () => {
  /**
   * One message a second from t = 1, 0.5 s each; `email` (timeout 2 s) is down over [10, 25). The
   * breaker (window 10 s, 2 calls minimum, 50 % failures) opens at 15, when the four failures of
   * 12–15 match the four successes still in the window; half-opens at 20, its probe fails at 22 and
   * it reopens; it half-opens again at 27, after the outage, and the probe closes it.
   */
  const breakerScenario = (whenOpen: 'reject' | 'retry', retry?: Record<string, unknown>) =>
    callingEmail({
      duration: 40,
      stop: 35,
      timeout: 2,
      down: 10,
      outage: 15,
      group: {
        failure: { probability: 0, action: retry === undefined ? 'reject' : 'retry' },
        ...(retry !== undefined ? { retry } : {}),
        breaker: { failureRate: 0.5, windowSeconds: 10, minCalls: 2, openSeconds: 5, halfOpenProbes: 1, whenOpen },
      },
    });

  it('opens during the outage, refuses calls fast while open, half-opens after openSeconds, reopens on a failed probe and closes after the outage', () => {
    const records = traceOf(breakerScenario('reject'));
    expect(steps(records, ['circuit', 'outage'])).toEqual<Step[]>([
      ['outage', 10, 0, 'email', '', 'down', 0],
      ['circuit', 15, 0, 'jobs', '', 'open', 0],
      ['circuit', 20, 0, 'jobs', '', 'half-open', 0],
      ['circuit', 22, 0, 'jobs', '', 'open', 0],
      ['outage', 25, 0, 'email', '', 'up', 0],
      ['circuit', 27, 0, 'jobs', '', 'half-open', 0],
      ['circuit', 27.5, 0, 'jobs', '', 'closed', 0],
    ]);
    // A refused call fails at the instant it is delivered, and the message is rejected (dropped: no DLQ).
    const refused = records.filter((r) => r.kind === 'failed' && r.reason === 'circuit-open').map((r) => [r.message, r.time]);
    expect(refused).toEqual([15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26].map((m) => [m, m]));
    const dropped = records
      .filter((r) => r.kind === 'dropped')
      .map((r) => [r.message, r.reason])
      .sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(dropped).toEqual([
      ...[10, 11, 12, 13, 14].map((m) => [m, 'rejected']),
      ...[15, 16, 17, 18, 19].map((m) => [m, 'circuit-open']),
      [20, 'rejected'], // the probe, which reached the dead dependency
      ...[21, 22, 23, 24, 25, 26].map((m) => [m, 'circuit-open']),
    ]);
    // The probe at t = 20 and the first call after closing go through to the dependency.
    expect(steps(records, ['failed']).find((s) => s[2] === 20)).toEqual<Step>(['failed', 22, 20, 'jobs', 'workers#1', 'outage', 0]);
    expect(steps(records, ['acked']).filter((s) => s[2] >= 27).map((s) => s[2])).toEqual([27, 28, 29, 30, 31, 32, 33, 34, 35]);
  });

  it('reports two openings and 10 s open (15–20 and 22–27), with every refusal counted as circuit-open', () => {
    const report = runScenario(breakerScenario('reject'));
    expect(report.groups.workers).toMatchObject({
      circuit: { opens: 2, openSeconds: 10 },
      failedBy: { outage: 6, 'circuit-open': 11 },
      acked: 18,
    });
    expect(report.invariants.ok).toBe(true);
  });

  it('with whenOpen retry delays a refused message by the retry backoff instead of rejecting it', () => {
    const records = traceOf(breakerScenario('retry', { backoff: 'fixed', delay: 15, maxRetries: 1 }));
    // Refused at 15, back at 30 when the circuit has closed, and processed.
    expect(steps(records.filter((r) => r.message === 15))).toEqual<Step[]>([
      ['published', 15, 15, 'jobs', '', '', 0],
      ['enqueued', 15, 15, 'jobs', '', '', 0],
      ['delivered', 15, 15, 'jobs', 'workers#1', '', 1],
      ['failed', 15, 15, 'jobs', 'workers#1', 'circuit-open', 0],
      ['delayed', 15, 15, 'jobs', 'workers#1', 'retry', 0],
      ['enqueued', 30, 15, 'jobs', '', '', 0],
      ['delivered', 30, 15, 'jobs', 'workers#1', 'nack', 2],
      ['acked', 30.5, 15, 'jobs', 'workers#1', '', 2],
    ]);
    expect(records.some((r) => r.kind === 'dropped' && r.reason === 'circuit-open')).toBe(false);
  });

  it('does not stay half-open when its only probe is lost to a crash: a later call probes again and closes it', () => {
    // Outage [10, 15); open at 13, half-open at 18; the probe (message 18) is lost when both instances crash at 18.2.
    const scenario = scenarioFrom({
      version: 1,
      name: 'lost probe',
      duration: 40,
      producers: [{ id: 'app', target: 'jobs', rate: { process: 'constant', perSecond: 1 }, stop: 35 }],
      brokers: [{ id: 'jobs', kind: 'queue' }],
      dependencies: [{ id: 'email', timeout: 2 }],
      timeline: [
        { at: 10, action: 'outage', dependency: 'email', duration: 5 },
        { at: 18.2, action: 'crash', group: 'workers', instance: 1 },
        { at: 18.2, action: 'crash', group: 'workers', instance: 2 },
        { at: 19, action: 'restart', group: 'workers', instance: 1 },
        { at: 19, action: 'restart', group: 'workers', instance: 2 },
      ],
      consumers: [
        {
          id: 'workers',
          reads: 'jobs',
          instances: 2,
          prefetch: 1,
          processing: { type: 'constant', value: 0.5 },
          dependency: 'email',
          failure: { probability: 0, action: 'reject' },
          breaker: { failureRate: 0.5, windowSeconds: 5, minCalls: 2, openSeconds: 5, halfOpenProbes: 1, whenOpen: 'reject' },
        },
      ],
    });
    expect(steps(traceOf(scenario), ['circuit'])).toEqual<Step[]>([
      ['circuit', 13, 0, 'jobs', '', 'open', 0],
      ['circuit', 18, 0, 'jobs', '', 'half-open', 0],
      ['circuit', 19.5, 0, 'jobs', '', 'closed', 0],
    ]);
    // Refused: 13–17 while open, and 19, which arrived while the re-sent probe (message 18, redelivered at 19) was out.
    const refused = traceOf(scenario)
      .filter((r) => r.kind === 'failed' && r.reason === 'circuit-open')
      .map((r) => [r.message, r.time]);
    expect(refused).toEqual([13, 14, 15, 16, 17, 19].map((m) => [m, m]));
    const report = runScenario(scenario);
    expect(report.groups.workers!.failedBy['circuit-open']).toBe(6);
    expect(report.invariants.ok).toBe(true);
  });
});

describe('side effects and idempotency', () => {
  /** 30 messages at once, three instances whose processing sometimes outlasts the 5 s lease, and random crashes. */
  const atLeastOnce = (sideEffect: Record<string, unknown>) =>
    scenarioFrom({
      version: 1,
      name: 'at least once',
      seed: 3,
      duration: 200,
      producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: 30 }] }],
      brokers: [{ id: 'jobs', kind: 'queue', ackTimeout: 5 }],
      consumers: [
        {
          id: 'workers',
          reads: 'jobs',
          instances: 3,
          prefetch: 1,
          processing: { type: 'uniform', min: 2, max: 7 },
          sideEffect,
          crashes: { uptime: { type: 'exponential', mean: 20 }, downtime: { type: 'constant', value: 2 } },
        },
      ],
    });

  /** Per message, how many deliveries were processed to the end (acked, late or not): no failures are configured. */
  function completions(records: readonly TraceRecord[]): Map<number, number> {
    const done = new Map<number, number>();
    for (const r of records) if (r.kind === 'acked' || r.kind === 'late-ack') done.set(r.message, (done.get(r.message) ?? 0) + 1);
    return done;
  }

  it('without idempotency applies a duplicate side effect for every duplicate delivery processed to the end', () => {
    const scenario = atLeastOnce({ name: 'charges' });
    const records = traceOf(scenario);
    const done = completions(records);
    let duplicateCompletions = 0;
    for (const n of done.values()) duplicateCompletions += n - 1;
    expect(records.some((r) => r.kind === 'crashed')).toBe(true);
    expect(records.filter((r) => r.kind === 'late-ack').length).toBeGreaterThan(0);
    expect(duplicateCompletions).toBeGreaterThan(0);
    const report = runScenario(scenario);
    expect(report.groups.workers!.sideEffects).toEqual({ applied: 30 + duplicateCompletions, duplicates: duplicateCompletions, avoided: 0 });
    expect(report.invariants.ok).toBe(true);
  });

  it('with an idempotency store keyed by message id applies each side effect once and avoids every duplicate', () => {
    const scenario = atLeastOnce({ name: 'charges', idempotency: { key: 'message-id', ttl: 3600, lookupLatency: 0.002 } });
    const records = traceOf(scenario);
    let repeats = 0;
    for (const n of completions(records).values()) repeats += n - 1;
    expect(repeats).toBeGreaterThan(0);
    const report = runScenario(scenario);
    expect(report.groups.workers!.sideEffects).toEqual({ applied: 30, duplicates: 0, avoided: repeats });
    expect(report.invariants.ok).toBe(true);
  });

  it('skips a redelivery processed at the same time as the first delivery when the first one has written the key', () => {
    // Lease 5 s, processing 8 s: the redelivery to workers#2 starts at 6 before workers#1 applies at 9.
    const scenario = burst(
      { instances: 2, processing: { type: 'constant', value: 8 }, sideEffect: { idempotency: { key: 'message-id', lookupLatency: 0 } } },
      { broker: { ackTimeout: 5 }, duration: 16 },
    );
    expect(steps(traceOf(scenario), ['effect', 'acked', 'late-ack'])).toEqual<Step[]>([
      ['effect', 9, 1, 'jobs', 'workers#1', 'applied', 0],
      ['late-ack', 9, 1, 'jobs', 'workers#1', 'ignored', 2],
      ['effect', 11, 1, 'jobs', 'workers#1', 'avoided', 0],
      ['acked', 11, 1, 'jobs', 'workers#1', '', 3],
      ['effect', 14, 1, 'jobs', 'workers#2', 'avoided', 0],
      ['late-ack', 14, 1, 'jobs', 'workers#2', 'ignored', 3],
    ]);
  });
});

describe('ordering of keyed updates', () => {
  /** Poisson traffic over 20 keys, three competing instances with random processing times. */
  const keyed = (remedy: string) =>
    scenarioFrom({
      version: 1,
      name: 'ordering',
      seed: 1,
      duration: 80,
      producers: [{ id: 'app', target: 'jobs', rate: { process: 'poisson', perSecond: 4 }, stop: 60, keys: 20 }],
      brokers: [{ id: 'jobs', kind: 'queue' }],
      consumers: [{ id: 'workers', reads: 'jobs', instances: 3, prefetch: 1, processing: { type: 'exponential', mean: 0.6 }, ordering: { remedy } }],
    });

  /** Replays the `state` records: per key (attempt), the version (offset) each applied update left. */
  function replay(records: readonly TraceRecord[]) {
    const last = new Map<number, number>();
    const newest = new Map<number, number>();
    let outOfOrder = 0;
    let stale = 0;
    for (const r of records) {
      if (r.kind !== 'state') continue;
      if (r.reason === 'stale') {
        stale++;
        continue;
      }
      if (r.offset < (last.get(r.attempt) ?? 0)) outOfOrder++;
      last.set(r.attempt, r.offset);
      newest.set(r.attempt, Math.max(newest.get(r.attempt) ?? 0, r.offset));
    }
    let wrong = 0;
    for (const [key, version] of last) if (version < newest.get(key)!) wrong++;
    return { outOfOrder, stale, wrong };
  }

  it('with remedy none, competing consumers apply updates out of order and leave keys in the wrong final state', () => {
    const scenario = keyed('none');
    const replayed = replay(traceOf(scenario));
    const report = runScenario(scenario);
    const group = report.groups.workers!;
    expect(group.outOfOrder).toBeGreaterThan(0);
    expect(group.wrongFinalState).toBeGreaterThan(0);
    expect(group.staleSkipped).toBe(0);
    expect({ outOfOrder: group.outOfOrder, stale: group.staleSkipped, wrong: group.wrongFinalState }).toEqual(replayed);
    expect(report.invariants.ok).toBe(true);
  });

  it('with remedy reject-older skips the stale updates and every key ends at its newest version', () => {
    const none = runScenario(keyed('none')).groups.workers!;
    const scenario = keyed('reject-older');
    const group = runScenario(scenario).groups.workers!;
    expect(group.wrongFinalState).toBe(0);
    expect(group.outOfOrder).toBe(0);
    expect(group.staleSkipped).toBeGreaterThan(0);
    // The same run (same seed, same deliveries): each update the none remedy applied out of order is skipped here.
    expect(group.staleSkipped).toBe(none.outOfOrder);
    expect(replay(traceOf(scenario))).toEqual({ outOfOrder: 0, stale: group.staleSkipped, wrong: 0 });
  });

  it('with remedy last-write-wins every key also ends at its newest version', () => {
    const group = runScenario(keyed('last-write-wins')).groups.workers!;
    expect(group.wrongFinalState).toBe(0);
    expect(group.staleSkipped).toBeGreaterThan(0);
  });
});

describe('consumer memory limit', () => {
  it('crashes an instance holding more payload than limitBytes, requeues what it held, and restarts it restartSeconds later', () => {
    // Two 1 kB messages at t = 1, two 2 kB messages at t = 2; one worker, prefetch 2, 3 s per message.
    // At t = 7 the instance holds both 2 kB messages: 4000 > 3500 bytes. After the restart it takes the
    // same two again and crashes again; the delivery limit then sends them to the DLQ.
    const scenario = scenarioFrom({
      version: 1,
      name: 'memory',
      duration: 30,
      producers: [
        { id: 'small', target: 'jobs', bursts: [{ at: 1, count: 2 }], payloadBytes: { type: 'constant', value: 1000 } },
        { id: 'big', target: 'jobs', bursts: [{ at: 2, count: 2 }], payloadBytes: { type: 'constant', value: 2000 } },
      ],
      brokers: [{ id: 'jobs', kind: 'queue', maxDeliveries: 2, deadLetterTo: 'dlq' }, { id: 'dlq', kind: 'queue' }],
      consumers: [{ id: 'workers', reads: 'jobs', prefetch: 2, processing: { type: 'constant', value: 3 }, memory: { limitBytes: 3500, restartSeconds: 4 } }],
    });
    expect(steps(traceOf(scenario)).filter((s) => s[1] >= 7)).toEqual<Step[]>([
      ['acked', 7, 2, 'jobs', 'workers#1', '', 1],
      ['delivered', 7, 4, 'jobs', 'workers#1', '', 1],
      ['crashed', 7, 0, 'jobs', 'workers#1', 'memory', 0],
      ['requeued', 7, 3, 'jobs', 'workers#1', 'crash', 0],
      ['requeued', 7, 4, 'jobs', 'workers#1', 'crash', 0],
      ['restarted', 11, 0, 'jobs', 'workers#1', '', 0],
      ['delivered', 11, 3, 'jobs', 'workers#1', 'crash', 2],
      ['delivered', 11, 4, 'jobs', 'workers#1', 'crash', 2],
      ['crashed', 11, 0, 'jobs', 'workers#1', 'memory', 0],
      ['dead-lettered', 11, 3, 'jobs', 'workers#1', 'delivery-limit', 0],
      ['enqueued', 11, 3, 'dlq', '', '', 0],
      ['dead-lettered', 11, 4, 'jobs', 'workers#1', 'delivery-limit', 0],
      ['enqueued', 11, 4, 'dlq', '', '', 0],
      ['restarted', 15, 0, 'jobs', 'workers#1', '', 0],
    ]);
    const report = runScenario(scenario);
    expect(report.groups.workers).toMatchObject({ crashes: 2, acked: 2 });
    expect(report.brokers.dlq!.depth.final).toBe(2);
    expect(report.invariants.ok).toBe(true);
  });

  it('never crashes an instance whose held payload stays within the limit', () => {
    const scenario = burst({ prefetch: 3, memory: { limitBytes: 3072, restartSeconds: 4 } }, { count: 10 });
    const report = runScenario(scenario);
    expect(report.groups.workers).toMatchObject({ crashes: 0, acked: 10 });
  });
});

describe('every combination of failure policies', () => {
  const policies = fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    action: fc.constantFrom('requeue', 'reject', 'no-ack', 'retry', 'ack'),
    probability: fc.constantFrom(0, 0.1, 0.5),
    fatal: fc.constantFrom(0, 0.05),
    backoff: fc.constantFrom('immediate', 'fixed', 'exponential'),
    jitter: fc.constantFrom('none', 'full', 'equal', 'decorrelated'),
    budget: fc.boolean(),
    breaker: fc.boolean(),
    whenOpen: fc.constantFrom('retry', 'reject'),
    idempotency: fc.boolean(),
    remedy: fc.constantFrom(undefined, 'none', 'reject-older', 'last-write-wins'),
    memory: fc.boolean(),
    crashes: fc.boolean(),
    outage: fc.boolean(),
    instances: fc.integer({ min: 1, max: 3 }),
    prefetch: fc.integer({ min: 1, max: 5 }),
    concurrency: fc.integer({ min: 1, max: 3 }),
    ackTimeout: fc.constantFrom(3, 30),
    dlq: fc.boolean(),
    pull: fc.boolean(),
  });

  type Policies = typeof policies extends fc.Arbitrary<infer T> ? T : never;

  function scenarioOf(c: Policies) {
    const retrying = c.action === 'retry';
    // A breaker retries refused calls only through a retry policy with a delay (validation insists).
    const whenOpen = retrying ? c.whenOpen : 'reject';
    const backoff = retrying && whenOpen === 'retry' && c.backoff === 'immediate' ? 'fixed' : c.backoff;
    return scenarioFrom({
      version: 1,
      name: 'policy combination',
      seed: c.seed,
      duration: 80,
      producers: [{ id: 'app', target: 'jobs', rate: { process: 'poisson', perSecond: 3 }, stop: 50, keys: 5 }],
      brokers: [{ id: 'jobs', kind: 'queue', ackTimeout: c.ackTimeout, ...(c.dlq ? { deadLetterTo: 'dlq', maxDeliveries: 10 } : {}) }, { id: 'dlq', kind: 'queue' }],
      dependencies: [{ id: 'dep', timeout: 2 }],
      timeline: c.outage ? [{ at: 10, action: 'outage', dependency: 'dep', duration: 15 }] : [],
      consumers: [
        {
          id: 'workers',
          reads: 'jobs',
          instances: c.instances,
          concurrency: c.concurrency,
          processing: { type: 'exponential', mean: 0.5 },
          failure: { probability: c.probability, fatal: c.fatal, action: c.action },
          dependency: 'dep',
          sideEffect: c.idempotency ? { idempotency: { key: 'message-id', ttl: 100 } } : {},
          ...(c.pull ? { pull: { batchSize: c.prefetch, waitTime: 1 } } : { prefetch: c.prefetch }),
          ...(retrying ? { retry: { backoff, delay: backoff === 'immediate' ? 0 : 0.5, jitter: c.jitter, maxRetries: 3, ...(c.budget ? { budget: {} } : {}) } } : {}),
          ...(c.breaker ? { breaker: { whenOpen, minCalls: 3, windowSeconds: 5, openSeconds: 3, halfOpenProbes: 2 } } : {}),
          ...(c.remedy !== undefined ? { ordering: { remedy: c.remedy } } : {}),
          ...(c.memory ? { memory: { limitBytes: 3000, restartSeconds: 2 } } : {}),
          ...(c.crashes ? { crashes: { uptime: { type: 'exponential', mean: 15 }, downtime: { type: 'constant', value: 1 } } } : {}),
        },
      ],
    });
  }

  it('keeps the auditor’s invariants, loses messages only by ack-on-failure, and the remedies do what they promise', () => {
    fc.assert(
      fc.property(policies, (c) => {
        const report = runScenario(scenarioOf(c));
        const group = report.groups.workers!;
        expect(report.invariants.checks.filter((k) => !k.ok && k.name !== 'no-loss-by-consumer')).toEqual([]);
        expect(check(report, 'no-loss-by-consumer').ok).toBe(group.lostByConsumer === 0);
        if (c.action !== 'ack') expect(group.lostByConsumer).toBe(0);
        if (c.idempotency) expect(group.sideEffects.duplicates).toBe(0);
        else expect(group.sideEffects.avoided).toBe(0);
        if (c.remedy === 'reject-older' || c.remedy === 'last-write-wins') expect(group.wrongFinalState).toBe(0);
        if (c.remedy !== 'none') expect(group.outOfOrder).toBe(0);
        if (!c.breaker) expect(group.circuit).toEqual({ opens: 0, openSeconds: 0 });
      }),
      { numRuns: 80, seed: 4 },
    );
  });
});

describe('validation of the failure-handling fields', () => {
  function errorsOf(group: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const result = validateScenario({
      version: 1,
      name: 'invalid',
      duration: 30,
      producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: 1 }] }],
      brokers: [{ id: 'jobs', kind: 'queue' }],
      dependencies: [{ id: 'email-provider' }],
      consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 1 }, ...group }],
      ...extra,
    });
    return result.ok ? [] : result.errors;
  }

  it('refuses a poison share outside [0, 1], naming the field', () => {
    expect(errorsOf({ failure: { probability: 0, poison: 1.5 } })).toEqual([{ path: 'consumers[0].failure.poison', message: 'must be <= 1, got 1.5' }]);
  });

  it('refuses a retry policy when the failure action is not retry', () => {
    expect(errorsOf({ failure: { probability: 0.1, action: 'requeue' }, retry: { backoff: 'fixed', delay: 1 } })).toEqual([
      { path: 'consumers[0].retry', message: 'is only used by failure action "retry", but the action is "requeue"; set failure.action to "retry" or remove retry' },
    ]);
  });

  it('refuses failure action retry without a retry policy', () => {
    expect(errorsOf({ failure: { probability: 0.1, action: 'retry' } })).toEqual([
      { path: 'consumers[0].failure.action', message: '"retry" needs a retry policy: add retry (backoff, delay, maxRetries…) to the group' },
    ]);
  });

  it('refuses a breaker that retries refused calls without failure action retry', () => {
    expect(errorsOf({ failure: { probability: 0.1 }, breaker: { whenOpen: 'retry' } })).toEqual([
      {
        path: 'consumers[0].breaker.whenOpen',
        message: '"retry" retries refused messages with the retry policy, so it needs failure action "retry" and a retry policy; or use "reject"',
      },
    ]);
  });

  it('refuses a breaker that retries refused calls with no delay', () => {
    expect(errorsOf({ failure: { probability: 0.1, action: 'retry' }, retry: { backoff: 'immediate' }, breaker: { whenOpen: 'retry' } })).toEqual([
      {
        path: 'consumers[0].retry.delay',
        message:
          'an open circuit fails a call at once, so retrying it without a delay would only spin through the retries; give retry a delay > 0 (fixed or exponential backoff)',
      },
    ]);
  });

  it('refuses an unknown dependency, suggesting the closest one', () => {
    expect(errorsOf({ dependency: 'email-provder' })).toEqual([{ path: 'consumers[0].dependency', message: 'no dependency has id "email-provder"; did you mean "email-provider"?' }]);
  });

  it('refuses an outage naming an unknown dependency, with a suggestion or the way to declare one', () => {
    expect(errorsOf({}, { timeline: [{ at: 5, action: 'outage', dependency: 'emial-provider', duration: 3 }] })).toEqual([
      { path: 'timeline[0].dependency', message: 'no dependency has id "emial-provider"; did you mean "email-provider"?' },
    ]);
    expect(errorsOf({}, { dependencies: [], timeline: [{ at: 5, action: 'outage', dependency: 'sms', duration: 3 }] })).toEqual([
      { path: 'timeline[0].dependency', message: 'no dependency has id "sms"; declare it in dependencies first' },
    ]);
  });

  it('refuses duplicate dependency ids', () => {
    expect(errorsOf({}, { dependencies: [{ id: 'a' }, { id: 'a' }] })).toEqual([{ path: 'dependencies[1].id', message: 'dependency id "a" is already used; ids must be unique' }]);
  });

  it('refuses a maxDelay below the delay, and failure probabilities adding up to more than 1', () => {
    expect(errorsOf({ failure: { probability: 0.1, action: 'retry' }, retry: { delay: 5, maxDelay: 2 } })).toEqual([
      { path: 'consumers[0].retry.maxDelay', message: 'maxDelay must be at least delay' },
    ]);
    expect(errorsOf({ failure: { probability: 0.7, fatal: 0.5 } })).toEqual([{ path: 'consumers[0].failure.fatal', message: 'probability + fatal must be at most 1' }]);
  });

  it('accepts a group with failure action retry and a retry policy', () => {
    expect(errorsOf({ failure: { probability: 0.1, action: 'retry' }, retry: { backoff: 'fixed', delay: 1 } })).toEqual([]);
  });
});

describe('poison messages', () => {
  it('fails every attempt at a poison message, so requeueing loops on it until the delivery limit dead-letters it', () => {
    const scenario = burst({ failure: { probability: 0, poison: 1, action: 'requeue' } }, { broker: { maxDeliveries: 4 } });
    const records = traceOf(scenario);
    expect(steps(records, ['failed', 'dead-lettered'])).toEqual<Step[]>([
      ['failed', 2, 1, 'jobs', 'workers#1', 'fatal', 0],
      ['failed', 3, 1, 'jobs', 'workers#1', 'fatal', 0],
      ['failed', 4, 1, 'jobs', 'workers#1', 'fatal', 0],
      ['failed', 5, 1, 'jobs', 'workers#1', 'fatal', 0],
      ['dead-lettered', 5, 1, 'jobs', 'workers#1', 'delivery-limit', 0],
    ]);
  });

  it('makes the same messages poison at every attempt, about the share asked for, and lets the others through at the first try', () => {
    const count = 2000;
    const scenario = burst(
      { instances: 4, concurrency: 8, processing: { type: 'constant', value: 0.01 }, failure: { probability: 0, poison: 0.1, action: 'requeue' } },
      { count, broker: { maxDeliveries: 3 }, duration: 60 },
    );
    const records = traceOf(scenario);
    const failedIds = new Set(records.filter((r) => r.kind === 'failed').map((r) => r.message));
    const deadIds = records.filter((r) => r.kind === 'dead-lettered').map((r) => r.message);
    // Every message that failed once failed at all 3 deliveries and was dead-lettered; no other message failed.
    expect(new Set(deadIds)).toEqual(failedIds);
    expect(records.filter((r) => r.kind === 'failed').length).toBe(3 * failedIds.size);
    // Binomial(2000, 0.1): mean 200, sd 13.4; 4 sd either side.
    expect(failedIds.size).toBeGreaterThan(200 - 4 * 13.4);
    expect(failedIds.size).toBeLessThan(200 + 4 * 13.4);
    expect(runScenario(scenario).groups.workers!.acked).toBe(count - failedIds.size);
  });
});
