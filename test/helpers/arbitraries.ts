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

// ---------------------------------------------------------------------------------------------------
// The delivery lifecycle: leases, delivery limits, dead-letter queues, TTL, delays, failures, crashes
// and a timeline. Same spirit as above: small, valid, varied; every knob is optional so that
// fast-check also shrinks towards scenarios that leave it out.
// ---------------------------------------------------------------------------------------------------

export const LATE_ACK_POLICIES = ['ignore', 'accept'] as const;
export const DELIVERY_LIMIT_ACTIONS = ['dead-letter', 'drop', 'keep'] as const;
export const FAILURE_ACTIONS = ['requeue', 'reject', 'no-ack'] as const;
export const OVERFLOW_MODES = ['drop-head', 'reject-publish'] as const;

/** A queue as the generator writes it: the lifecycle knobs it may set, by their file names. */
export interface LifecycleBrokerData {
  id: string;
  kind: 'queue';
  maxLength?: number;
  overflow?: (typeof OVERFLOW_MODES)[number];
  ackTimeout?: number;
  lateAck?: (typeof LATE_ACK_POLICIES)[number];
  maxDeliveries?: number;
  onMaxDeliveries?: (typeof DELIVERY_LIMIT_ACTIONS)[number];
  deadLetterTo?: string;
  messageTtl?: number;
  deliveryDelay?: number;
}

export interface LifecycleGroupData {
  id: string;
  reads: string;
  instances: number;
  concurrency: number;
  prefetch?: number;
  processing: unknown;
  failure?: { probability: number; action: (typeof FAILURE_ACTIONS)[number] };
  crashes?: { uptime: unknown; downtime: unknown };
}

export interface LifecycleProducerData {
  id: string;
  target: string;
  rate: { process: 'poisson' | 'constant'; perSecond: number };
  bursts: { at: number; count: number; spread: number }[];
  start: number;
  stop: number;
}

export interface LifecycleScenarioData {
  version: 1;
  name: string;
  seed: number;
  duration: number;
  limits: { maxEvents: number };
  brokers: LifecycleBrokerData[];
  producers: LifecycleProducerData[];
  consumers: LifecycleGroupData[];
  timeline: Record<string, unknown>[];
}

/**
 * Event budget of a generated run. Far above what these small scenarios need (a few thousand events),
 * so hitting it means a generated run did not stay small: the property fails with BudgetExceededError.
 */
export const LIFECYCLE_MAX_EVENTS = 300_000;

const fraction = fc.double({ min: 0, max: 1, noNaN: true });

/** A queue with any subset of the lifecycle knobs; `others` are the brokers it may dead-letter to (never itself). */
const lifecycleBrokerData = (id: string, others: readonly string[]): fc.Arbitrary<LifecycleBrokerData> =>
  fc.record(
    {
      id: fc.constant(id),
      kind: fc.constant('queue' as const),
      maxLength: fc.integer({ min: 0, max: 6 }),
      overflow: fc.constantFrom(...OVERFLOW_MODES),
      ackTimeout: fc.double({ min: 0.05, max: 3, noNaN: true }),
      lateAck: fc.constantFrom(...LATE_ACK_POLICIES),
      maxDeliveries: fc.integer({ min: 1, max: 4 }),
      onMaxDeliveries: fc.constantFrom(...DELIVERY_LIMIT_ACTIONS),
      // With no other broker there is nothing to point at; fast-check then always leaves the key out.
      deadLetterTo: others.length > 0 ? fc.constantFrom(...others) : fc.constant(undefined as unknown as string),
      messageTtl: fc.double({ min: 0.05, max: 10, noNaN: true }),
      deliveryDelay: fc.double({ min: 0, max: 2, noNaN: true }),
    },
    { requiredKeys: ['id', 'kind'] },
  ).map(({ deadLetterTo, ...rest }) => (deadLetterTo === undefined ? rest : { ...rest, deadLetterTo }));

/** Crash uptimes must have a mean above 0 (the validator insists); at least 0.2 s keeps runs small. */
const uptimeData = fc.oneof(
  fc.record({ type: fc.constant('exponential'), mean: fc.double({ min: 0.2, max: 10, noNaN: true }) }),
  fc.record({ type: fc.constant('constant'), value: fc.double({ min: 0.2, max: 10, noNaN: true }) }),
  fc.record({ min: fc.double({ min: 0.2, max: 5, noNaN: true }), width: nonNegative(5) }).map(({ min, width }) => ({ type: 'uniform', min, max: min + width })),
);

/**
 * A group reading one of `brokers`. Failures stay below probability 0.9 so that zero-time processing
 * with requeue cannot spin for long at one instant; `no-ack` is offered only when the broker has a
 * lease to expire (the validator rejects it otherwise).
 */
const lifecycleGroupData = (id: string, brokers: readonly LifecycleBrokerData[]): fc.Arbitrary<LifecycleGroupData> =>
  fc.constantFrom(...brokers).chain((broker) => lifecycleGroupReading(id, broker));

const lifecycleGroupReading = (id: string, broker: LifecycleBrokerData): fc.Arbitrary<LifecycleGroupData> =>
  fc.constant(broker).chain((broker) =>
    fc.record(
      {
        id: fc.constant(id),
        reads: fc.constant(broker.id),
        instances: fc.integer({ min: 1, max: 3 }),
        concurrency: fc.integer({ min: 1, max: 3 }),
        prefetch: fc.integer({ min: 1, max: 5 }),
        processing: distributionData,
        failure: fc.record({
          probability: fc.double({ min: 0, max: 0.9, noNaN: true }),
          action: fc.constantFrom(...(broker.ackTimeout !== undefined ? FAILURE_ACTIONS : FAILURE_ACTIONS.filter((a) => a !== 'no-ack'))),
        }),
        crashes: fc.record({ uptime: uptimeData, downtime: distributionData }),
      },
      { requiredKeys: ['id', 'reads', 'instances', 'concurrency', 'processing'] },
    ),
  );

/**
 * A producer that publishes all through the run: a steady rate over a window covering the middle of
 * the run, plus up to two bursts (so traffic meets leases, crashes and timeline actions).
 */
const lifecycleProducerData = (id: string, target: fc.Arbitrary<string>, duration: number): fc.Arbitrary<LifecycleProducerData> =>
  fc
    .record({
      target,
      process: fc.constantFrom('poisson' as const, 'constant' as const),
      perSecond: fc.double({ min: 0.5, max: 15, noNaN: true }),
      bursts: fc.array(burstData(duration), { maxLength: 2 }),
      start: fc.double({ min: 0, max: 0.4, noNaN: true }),
      stop: fc.double({ min: 0.6, max: 1, noNaN: true }),
    })
    .map(({ target: to, process, perSecond, bursts, start, stop }) => ({
      id,
      target: to,
      rate: { process, perSecond },
      bursts,
      start: start * duration,
      stop: stop * duration,
    }));

/** Timeline actions at times within the run, naming only things that exist. */
const timelineData = (
  duration: number,
  producerIds: readonly string[],
  groups: readonly LifecycleGroupData[],
  brokers: readonly LifecycleBrokerData[],
): fc.Arbitrary<Record<string, unknown>[]> => {
  const brokerIds = brokers.map((b) => b.id);
  const at = fraction.map((f) => f * duration);
  const group = fc.constantFrom(...groups.map((g) => g.id));
  const actions: fc.Arbitrary<Record<string, unknown>>[] = [
    fc.record({ at, action: fc.constant('crash'), group, instance: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ at, action: fc.constant('restart'), group, instance: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ at, action: fc.constant('scale'), group, instances: fc.integer({ min: 0, max: 4 }) }),
    fc.record({ at, action: fc.constant('set-rate'), producer: fc.constantFrom(...producerIds), perSecond: fc.double({ min: 0, max: 20, noNaN: true }) }),
    fc.record({ at, action: fc.constant('set-processing'), group, processing: distributionData }),
  ];
  for (const source of brokers.filter((b) => b.deadLetterTo !== undefined)) {
    // The usual redrive: a dead-letter queue back into the queue that filled it.
    actions.push(
      fc
        .record({ at, limit: fc.integer({ min: 1, max: 10 }) }, { requiredKeys: ['at'] })
        .map(({ at: time, limit }) => ({ at: time, action: 'redrive', from: source.deadLetterTo!, to: source.id, ...(limit !== undefined ? { limit } : {}) })),
    );
  }
  if (brokerIds.length >= 2) {
    // `to` is picked by an offset from `from`, so the two always differ without filtering.
    const n = brokerIds.length;
    actions.push(
      fc
        .record(
          { at, from: fc.nat(n - 1), offset: fc.integer({ min: 1, max: n - 1 }), limit: fc.integer({ min: 1, max: 10 }) },
          { requiredKeys: ['at', 'from', 'offset'] },
        )
        .map(({ at: time, from, offset, limit }) => ({
          at: time,
          action: 'redrive',
          from: brokerIds[from]!,
          to: brokerIds[(from + offset) % n]!,
          ...(limit !== undefined ? { limit } : {}),
        })),
    );
  }
  return fc.array(fc.oneof(...actions), { maxLength: 8 }).map((timeline) =>
    timeline.map((action) => {
      if (action.action !== 'crash' && action.action !== 'restart') return action;
      // An instance number must exist at some point: at most the group's size or a size it scales to.
      const most = Math.max(
        groups.find((g) => g.id === action.group)!.instances,
        ...timeline.map((t) => (t.action === 'scale' && t.group === action.group ? (t.instances as number) : 0)),
      );
      return { ...action, instance: 1 + (((action.instance as number) - 1) % most) };
    }),
  );
};

export interface LifecycleScenarioOptions {
  /**
   * Whether dead-letter targets may form cycles (a → b → a). The validator refuses them, so the
   * sound-run properties generate with false (each queue then dead-letters only to a later one).
   */
  deadLetterCycles: boolean;
}

/**
 * Scenario data exercising the whole queue delivery lifecycle: 1–3 queues with any mix of leases,
 * late-ack policy, delivery limits, dead-letter targets (another generated queue, never itself),
 * TTL and delivery delay; 1–2 producers; 1–3 groups with prefetch, failures and random crashes; and
 * up to 8 timeline actions. Runs take milliseconds; the event budget is LIFECYCLE_MAX_EVENTS.
 */
export const lifecycleScenarios = ({ deadLetterCycles }: LifecycleScenarioOptions): fc.Arbitrary<LifecycleScenarioData> =>
  fc
  .record({
    duration: fc.double({ min: 1, max: 20, noNaN: true }),
    brokers: fc.integer({ min: 1, max: 3 }),
    producers: fc.integer({ min: 1, max: 2 }),
    groups: fc.integer({ min: 1, max: 3 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 }),
  })
  .chain(({ duration, brokers, producers, groups, seed }) => {
    const brokerIds = ids('b', brokers);
    const producerIds = ids('p', producers);
    return fc
      .tuple(
        ...brokerIds.map((id, i) => lifecycleBrokerData(id, deadLetterCycles ? brokerIds.filter((other) => other !== id) : brokerIds.slice(i + 1))),
      )
      .chain((brokerList) =>
        fc
          .record({
            // The first producer and the first group meet at the first queue, so every run has traffic
            // that is consumed; the others pick any queue (some queues then only fill up, or only wait).
            producers: fc.tuple(
              ...producerIds.map((id, i) => lifecycleProducerData(id, i === 0 ? fc.constant(brokerIds[0]!) : fc.constantFrom(...brokerIds), duration)),
            ),
            consumers: fc.tuple(
              ...ids('g', groups).map((id, i) => (i === 0 ? lifecycleGroupReading(id, brokerList[0]!) : lifecycleGroupData(id, brokerList))),
            ),
          })
          .chain(({ producers: producerList, consumers }) =>
            timelineData(duration, producerIds, consumers, brokerList).map(
              (timeline): LifecycleScenarioData =>
                withoutOverflowLoops({
                  version: 1,
                  name: 'lifecycle property',
                  seed,
                  duration,
                  limits: { maxEvents: LIFECYCLE_MAX_EVENTS },
                  brokers: brokerList,
                  producers: producerList,
                  consumers,
                  timeline,
                }),
            ),
          ),
      );
  });

/** Lifecycle scenarios as the validator accepts them today, dead-letter cycles included. */
export const lifecycleScenarioData = lifecycleScenarios({ deadLetterCycles: false });

/** One choice of every lifecycle policy knob. */
export interface PolicyCombination {
  lateAck: (typeof LATE_ACK_POLICIES)[number];
  onMaxDeliveries: (typeof DELIVERY_LIMIT_ACTIONS)[number];
  failure: (typeof FAILURE_ACTIONS)[number];
  overflow: (typeof OVERFLOW_MODES)[number];
}

/** Every combination of late-ack policy, delivery-limit action, failure action and overflow mode (36). */
export const POLICY_COMBINATIONS: readonly PolicyCombination[] = LATE_ACK_POLICIES.flatMap((lateAck) =>
  DELIVERY_LIMIT_ACTIONS.flatMap((onMaxDeliveries) =>
    FAILURE_ACTIONS.flatMap((failure) => OVERFLOW_MODES.map((overflow) => ({ lateAck, onMaxDeliveries, failure, overflow }))),
  ),
);

/**
 * Forces one policy combination onto every broker and group of `data`, and makes the policies bite:
 * every queue gets a lease and a delivery limit, every group fails sometimes with `combination.failure`.
 * Other generated knobs (lengths, TTL, DLQs, crashes, timeline) are kept.
 */
export function withPolicies(data: LifecycleScenarioData, combination: PolicyCombination): LifecycleScenarioData {
  return withoutOverflowLoops({
    ...data,
    brokers: data.brokers.map((b) => ({
      ...b,
      ackTimeout: b.ackTimeout ?? 1,
      maxDeliveries: b.maxDeliveries ?? 2,
      lateAck: combination.lateAck,
      onMaxDeliveries: combination.onMaxDeliveries,
      overflow: combination.overflow,
    })),
    consumers: data.consumers.map((g) => ({ ...g, failure: { probability: g.failure?.probability ?? 0.3, action: combination.failure } })),
  });
}

/** Whether following dead-letter targets from `start` leads back to `goal`. */
function deadLettersReach(brokers: readonly LifecycleBrokerData[], start: string, goal: string): boolean {
  const seen = new Set<string>();
  for (let at = brokers.find((b) => b.id === start)?.deadLetterTo; at !== undefined && !seen.has(at); ) {
    if (at === goal) return true;
    seen.add(at);
    at = brokers.find((b) => b.id === at)?.deadLetterTo;
  }
  return false;
}

/** A bounded drop-head queue moves its head to its DLQ synchronously, in the same event as the arrival. */
const overflowsSynchronously = (b: LifecycleBrokerData): boolean => b.maxLength !== undefined && b.overflow !== 'reject-publish';

/**
 * Leaves out the two configurations where the model currently moves messages in a circle forever
 * within one event (reported to the lead; see the counterexamples in the lifecycle property tests):
 * - a bounded drop-head queue on a dead-letter cycle (each overflow dead-letters into a queue that
 *   dead-letters back: unbounded recursion, or a depth above maxLength);
 * - an unlimited redrive into a bounded drop-head queue whose dead-letter chain leads back to the
 *   queue being redriven (each moved message pushes another one back: an endless loop).
 * Cycles through TTL, rejects and delivery limits stay, since those take time.
 */
export function withoutOverflowLoops(data: LifecycleScenarioData): LifecycleScenarioData {
  const brokers = data.brokers.map((b) => {
    if (!overflowsSynchronously(b) || b.deadLetterTo === undefined || !deadLettersReach(data.brokers, b.id, b.id)) return b;
    const { deadLetterTo: _cycle, ...rest } = b;
    return rest;
  });
  const timeline = data.timeline.map((a) => {
    if (a.action !== 'redrive' || a.limit !== undefined) return a;
    const to = brokers.find((b) => b.id === a.to)!;
    return overflowsSynchronously(to) && deadLettersReach(brokers, to.id, a.from as string) ? { ...a, limit: 5 } : a;
  });
  return { ...data, brokers, timeline };
}
