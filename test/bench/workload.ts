import { Run } from '../../src/runtime';
import { formatErrors, validateScenario, type Scenario } from '../../src/scenario';

/** The benchmark workload: M/M/c with Poisson arrivals over a run long enough for `messages` arrivals on average. */
export interface Mmc {
  arrivalRate: number;
  serviceRate: number;
  servers: number;
  duration: number;
  seed: number;
}

export interface WorkloadResult {
  /** Messages (customers) that arrived. */
  messages: number;
  events: number;
  /** Mean wait before service, as a sanity check that every implementation simulates the same queue. */
  meanWait: number;
}

export const LAMBDA = 9;
export const MU = 1;
export const SERVERS = 10;

export function mm10(messages: number, seed = 1): Mmc {
  return { arrivalRate: LAMBDA, serviceRate: MU, servers: SERVERS, duration: messages / LAMBDA, seed };
}

/** The workload as a scenario file would state it, validated by the same boundary as the CLI. */
export function mm10Scenario(w: Mmc): Scenario {
  const result = validateScenario({
    version: 1,
    name: 'bench: M/M/10',
    seed: w.seed,
    duration: w.duration,
    limits: { maxEvents: 2_000_000_000, maxWallSeconds: 86_400 },
    producers: [{ id: 'source', target: 'queue', rate: { process: 'poisson', perSecond: w.arrivalRate } }],
    brokers: [{ id: 'queue', kind: 'queue' }],
    consumers: [{ id: 'servers', reads: 'queue', instances: w.servers, processing: { type: 'exponential', mean: 1 / w.serviceRate } }],
  });
  if (!result.ok) throw new Error(`benchmark scenario is invalid:\n${formatErrors(result.errors)}`);
  return result.scenario;
}

/** The full model through the CLI's code path: validate → Run (metrics, auditor, trace hash on) → report. */
export function runModel(w: Mmc): WorkloadResult {
  const run = new Run(mm10Scenario(w));
  run.advanceTo(run.duration);
  const report = run.report();
  if (!report.invariants.ok) throw new Error(`benchmark run broke an invariant: ${JSON.stringify(report.invariants.violations[0])}`);
  const group = report.groups.servers!;
  return { messages: report.producers.source!.published, events: report.events, meanWait: group.wait.mean };
}

