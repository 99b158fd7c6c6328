import fc from 'fast-check';

/**
 * fast-check generators of small but varied scenario data (as a user would write it): 1–3 brokers,
 * producers and consumer groups, random rates, bursts, bounded queues with either overflow mode, and
 * every kind of distribution. Small enough that a run takes milliseconds.
 */

const positive = (max: number) => fc.double({ min: 0.01, max, noNaN: true, noDefaultInfinity: true });
const nonNegative = (max: number) => fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true });

export const distributionData = fc.oneof(
  fc.record({ type: fc.constant('constant'), value: nonNegative(2) }),
  fc.record({ type: fc.constant('exponential'), mean: positive(2) }),
  fc.record({ min: nonNegative(1), width: nonNegative(2) }).map(({ min, width }) => ({ type: 'uniform', min, max: min + width })),
  fc.record({ type: fc.constant('normal'), mean: positive(2), stddev: nonNegative(2) }),
  // p99 / mean must stay below e^(z99²/2) ≈ 14.97 for a lognormal to exist.
  fc.record({ mean: positive(2), ratio: fc.double({ min: 1.01, max: 14, noNaN: true }) }).map(({ mean, ratio }) => ({ type: 'lognormal', mean, p99: mean * ratio })),
  fc.record({ type: fc.constant('lognormal'), mean: positive(2), cv: nonNegative(2) }),
  fc
    .array(fc.record({ value: nonNegative(2), weight: nonNegative(5) }), { minLength: 1, maxLength: 4 })
    .map((options) => ({ type: 'choice', options: [{ value: 1, weight: 1 }, ...options] })),
);

const overflow = fc.constantFrom('drop-head', 'reject-publish');

const brokerData = (id: string) =>
  fc.record(
    { id: fc.constant(id), kind: fc.constant('queue'), maxLength: fc.integer({ min: 0, max: 5 }), overflow },
    { requiredKeys: ['id', 'kind'] },
  );

const burstData = (duration: number) =>
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), count: fc.integer({ min: 1, max: 40 }), spread: fc.double({ min: 0, max: 1, noNaN: true }) }).map(
    ({ at, count, spread }) => {
      const start = at * duration;
      return { at: start, count, spread: spread * (duration - start) };
    },
  );

const producerData = (id: string, brokers: readonly string[], duration: number) =>
  fc
    .record({
      target: fc.constantFrom(...brokers),
      rate: fc.option(fc.record({ process: fc.constantFrom('poisson', 'constant'), perSecond: fc.double({ min: 0.1, max: 20, noNaN: true }) }), {
        nil: undefined,
      }),
      bursts: fc.array(burstData(duration), { maxLength: 2 }),
      window: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
      keys: fc.integer({ min: 0, max: 5 }),
    })
    .map(({ target, rate, bursts, window: [a, b], keys }) => ({
      id,
      target,
      // A producer must publish something: without a rate it gets at least one burst.
      ...(rate !== undefined ? { rate } : {}),
      bursts: rate === undefined && bursts.length === 0 ? [{ at: 0, count: 5 }] : bursts,
      start: Math.min(a, b) * duration,
      stop: Math.max(a, b) * duration,
      keys,
    }));

const groupData = (id: string, brokers: readonly string[]) =>
  fc.record({
    id: fc.constant(id),
    reads: fc.constantFrom(...brokers),
    instances: fc.integer({ min: 1, max: 3 }),
    concurrency: fc.integer({ min: 1, max: 3 }),
    processing: distributionData,
  });

const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** Scenario data that should validate; `validateScenario` turns it into a Scenario. */
export const smallScenarioData = fc
  .record({
    duration: fc.double({ min: 1, max: 30, noNaN: true }),
    brokers: fc.integer({ min: 1, max: 3 }),
    producers: fc.integer({ min: 1, max: 3 }),
    groups: fc.integer({ min: 0, max: 3 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 }),
  })
  .chain(({ duration, brokers, producers, groups, seed }) => {
    const brokerIds = ids('b', brokers);
    return fc.record({
      version: fc.constant(1),
      name: fc.constant('property'),
      seed: fc.constant(seed),
      duration: fc.constant(duration),
      brokers: fc.tuple(...brokerIds.map(brokerData)),
      producers: fc.tuple(...ids('p', producers).map((id) => producerData(id, brokerIds, duration))),
      consumers: groups === 0 ? fc.constant([]) : fc.tuple(...ids('g', groups).map((id) => groupData(id, brokerIds))),
    });
  });
