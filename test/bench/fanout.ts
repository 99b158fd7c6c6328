import { Run } from '../../src/runtime';
import { formatErrors, validateScenario, type Scenario } from '../../src/scenario';

/**
 * The fan-out workload (issue 3, §9): one producer at Poisson 1,000 msg/s into a 6-partition stream
 * keyed over 100,000 keys, read by 3 consumer groups of 6 members each (one partition per member,
 * processing 2 ms on average, so the groups keep up), for `seconds` of virtual time: about 1,000 × seconds
 * messages published and three times as many deliveries.
 */
export function fanoutScenario(seconds: number, seed = 1): Scenario {
  const group = (id: string) => ({ id, reads: 'events', instances: 6, startFrom: 'earliest', processing: { type: 'exponential', mean: 0.002 } });
  const result = validateScenario({
    version: 1,
    name: 'bench: fan-out',
    seed,
    duration: seconds,
    limits: { maxEvents: 2_000_000_000, maxWallSeconds: 86_400 },
    producers: [{ id: 'source', target: 'events', rate: { process: 'poisson', perSecond: 1000 }, keys: 100_000 }],
    brokers: [{ id: 'events', kind: 'stream', partitions: 6 }],
    consumers: [group('email'), group('profile'), group('metrics')],
  });
  if (!result.ok) throw new Error(`fan-out scenario is invalid:\n${formatErrors(result.errors)}`);
  return result.scenario;
}

export interface FanoutResult {
  messages: number;
  deliveries: number;
  events: number;
}

/** The full model with metrics, auditor and trace hash, as the CLI runs it. */
export function runFanout(seconds: number): FanoutResult {
  const run = new Run(fanoutScenario(seconds));
  run.advanceTo(run.duration);
  const report = run.report();
  if (!report.invariants.ok) throw new Error(`fan-out run broke an invariant: ${JSON.stringify(report.invariants.violations[0])}`);
  const deliveries = Object.values(report.groups).reduce((n, g) => n + g.delivered, 0);
  return { messages: report.producers.source!.published, deliveries, events: report.events };
}
