import { Run } from '../../src/runtime';
import { formatErrors, validateScenario, type Scenario } from '../../src/scenario';

/**
 * The policies workload (issue 4, §9): Poisson 1,000 msg/s over 1,000 keys into one queue read by a
 * group of 20 instances (15 ms mean processing, so about 75 % busy), for `seconds` of virtual time.
 * With `policies` on, every backpressure and failure policy is switched on at once: a bounded buffer
 * (maxLength with drop-head), a producer rate limit, transient and fatal failures retried with
 * exponential backoff and full jitter under a retry budget into a dead-letter queue, a downstream
 * dependency behind a circuit breaker, an idempotency store in front of a side effect, per-key state
 * with an ordering remedy, and an autoscaler on queue depth. With them off, the same arrivals and
 * processing run bare. The target is a wall time at most twice the bare one.
 */
export function policiesScenario(seconds: number, policies: boolean, seed = 1): Scenario {
  const group: Record<string, unknown> = { id: 'workers', reads: 'jobs', instances: 20, processing: { type: 'exponential', mean: 0.015 } };
  const producer: Record<string, unknown> = { id: 'source', target: 'jobs', rate: { process: 'poisson', perSecond: 1000 }, keys: 1000 };
  const queue: Record<string, unknown> = { id: 'jobs', kind: 'queue' };
  if (policies) {
    Object.assign(queue, { maxLength: 5000, overflow: 'drop-head', deadLetterTo: 'dlq' });
    Object.assign(producer, { rateLimit: { perSecond: 1200, burst: 100 } });
    Object.assign(group, {
      dependency: 'db',
      failure: { probability: 0.02, fatal: 0.001, action: 'retry' },
      retry: { backoff: 'exponential', delay: 0.1, maxDelay: 5, jitter: 'full', maxRetries: 3, budget: { ratio: 0.1, minPerSecond: 5, windowSeconds: 10 } },
      breaker: { failureRate: 0.5, minCalls: 50, windowSeconds: 10, openSeconds: 5, whenOpen: 'reject' },
      sideEffect: { name: 'charges', idempotency: { key: 'business-key', ttl: 60, lookupLatency: 0.0005 } },
      ordering: { remedy: 'reject-older' },
      autoscale: { metric: 'depth', target: 50, minInstances: 10, maxInstances: 40, interval: 15, cooldown: 60, coldStart: 5 },
    });
  }
  const result = validateScenario({
    version: 1,
    name: `bench: policies ${policies ? 'on' : 'off'}`,
    seed,
    duration: seconds,
    limits: { maxEvents: 2_000_000_000, maxWallSeconds: 86_400 },
    producers: [producer],
    brokers: policies ? [queue, { id: 'dlq', kind: 'queue' }] : [queue],
    dependencies: policies ? [{ id: 'db', timeout: 1 }] : [],
    consumers: [group],
  });
  if (!result.ok) throw new Error(`policies scenario is invalid:\n${formatErrors(result.errors)}`);
  return result.scenario;
}

export interface PoliciesResult {
  messages: number;
  events: number;
  /** Failed attempts that were retried (0 with the policies off). */
  retries: number;
}

/** The full model with metrics, auditor and trace hash, as the CLI runs it. */
export function runPolicies(seconds: number, policies: boolean): PoliciesResult {
  const run = new Run(policiesScenario(seconds, policies));
  run.advanceTo(run.duration);
  const report = run.report();
  const failed = report.invariants.checks.filter((c) => !c.ok);
  if (failed.length > 0) throw new Error(`policies run broke an invariant: ${JSON.stringify(failed[0])}`);
  return { messages: report.producers.source!.published, events: report.events, retries: report.groups.workers!.retries };
}
