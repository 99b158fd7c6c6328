import { formatErrors, validateScenario, type Scenario } from '../../src/scenario';

/**
 * Scenarios for the tests, written as the data a user would put in a file and validated through the
 * same boundary as the CLI, so the tests exercise the real wiring rather than hand-built objects.
 */

/** Validates scenario data, failing loudly with the validator's own messages. */
export function scenarioFrom(data: unknown): Scenario {
  const result = validateScenario(data);
  if (!result.ok) throw new Error(`test scenario is invalid:\n${formatErrors(result.errors)}`);
  return result.scenario;
}

export interface MarkovianQueueOptions {
  /** λ: Poisson arrivals per second. */
  arrivalRate: number;
  /** μ: service rate of one server (exponential processing with mean 1/μ). */
  serviceRate: number;
  /** c: consumer instances at concurrency 1. */
  servers: number;
  /** Arrivals stop here; the run continues to `duration` so the queue can drain. */
  stopAt: number;
  duration: number;
  seed: number;
  maxLength?: number;
  overflow?: 'drop-head' | 'reject-publish';
}

/** M/M/c (or M/M/c/K with maxLength) as a scenario: one Poisson producer, one queue, one group of c consumers. */
export function markovianQueue(o: MarkovianQueueOptions): Scenario {
  return scenarioFrom({
    version: 1,
    name: `M/M/${o.servers}${o.maxLength !== undefined ? `/${o.maxLength + o.servers}` : ''}`,
    seed: o.seed,
    duration: o.duration,
    limits: { maxEvents: 2_000_000_000, maxWallSeconds: 3600 },
    producers: [{ id: 'source', target: 'queue', rate: { process: 'poisson', perSecond: o.arrivalRate }, stop: o.stopAt }],
    brokers: [
      {
        id: 'queue',
        kind: 'queue',
        ...(o.maxLength !== undefined ? { maxLength: o.maxLength } : {}),
        ...(o.overflow !== undefined ? { overflow: o.overflow } : {}),
      },
    ],
    consumers: [{ id: 'servers', reads: 'queue', instances: o.servers, concurrency: 1, processing: { type: 'exponential', mean: 1 / o.serviceRate } }],
  });
}
