import type { Scenario } from '../../scenario/schema';
import type { ActionAtNow } from './live-slice';
import { firstTarget, meanOf, type LiveSettings } from './settings-at';

export type StrategyId = 'buffer' | 'drop-oldest' | 'refuse-new' | 'block' | 'throttle' | 'autoscale';

/** One way to absorb a producer faster than its consumers, as a set of policy switches. */
export interface Strategy {
  id: StrategyId;
  label: string;
  /** What it does to the run, in a sentence. */
  summary: string;
  /** Whether it needs the queue bound (drop, refuse, block) or the publish rate (throttle). */
  needs: 'bound' | 'rate' | null;
}

export const STRATEGIES: readonly Strategy[] = [
  { id: 'buffer', label: 'Buffer everything', summary: 'No bound and no pacing: the queue absorbs the excess until memory runs out.', needs: null },
  { id: 'drop-oldest', label: 'Drop the oldest', summary: 'A full queue drops its oldest waiting message to take the new one.', needs: 'bound' },
  { id: 'refuse-new', label: 'Refuse new messages', summary: 'A full queue refuses the publish; the producer loses that message.', needs: 'bound' },
  { id: 'block', label: 'Block the producer', summary: 'A full queue refuses the publish and the producer holds the message until there is room.', needs: 'bound' },
  { id: 'throttle', label: 'Throttle the producer', summary: 'The producer paces its publishes with a token bucket.', needs: 'rate' },
  { id: 'autoscale', label: 'Autoscale consumers', summary: 'The group’s autoscaler adds workers as the backlog grows.', needs: null },
];

/** Where a backpressure switch acts: the queues behind the first producer's target and who fills and drains them. */
export interface BackpressureTarget {
  /** The queue, or a topic's subscription queues. */
  queues: string[];
  /** Producers publishing to the target. */
  producers: string[];
  /** Groups reading those queues that have an autoscaler. */
  autoscaled: string[];
  /** Whether the producers can block on the queue (a plain queue target; a topic's subscriptions cannot push back). */
  canBlock: boolean;
  /** Messages per second the groups reading the queues can process (instances × concurrency / mean processing time). */
  capacity: number | undefined;
}

/** The backpressure target of a scenario, or null when its first producer publishes to a stream or a bus. */
export function backpressureTarget(scenario: Scenario, settings: LiveSettings): BackpressureTarget | null {
  const broker = firstTarget(scenario);
  if (broker === undefined) return null;
  const target = broker.id;
  let queues: string[];
  if (broker.kind === 'queue') queues = [target];
  else if (broker.kind === 'topic') queues = broker.subscriptions.map((s) => s.id);
  else return null;
  if (queues.length === 0) return null;
  const readers = settings.groups.filter((g) => queues.includes(g.reads));
  const concurrency = new Map(scenario.consumers.map((c) => [c.id, c.concurrency]));
  // A topic's slowest subscription decides when the producer must slow down.
  const capacities = queues.map((q) =>
    readers.filter((g) => g.reads === q && g.processing !== undefined).reduce((sum, g) => sum + (g.instances * (concurrency.get(g.id) ?? 1)) / meanOf(g.processing!), 0),
  );
  const capacity = capacities.every((c) => c > 0) ? Math.min(...capacities) : undefined;
  return {
    queues,
    producers: scenario.producers.filter((p) => p.target === target).map((p) => p.id),
    autoscaled: readers.filter((g) => g.hasAutoscaler).map((g) => g.id),
    canBlock: broker.kind === 'queue',
    capacity,
  };
}

/** The strategies that make sense for `target` (blocking needs a plain queue; autoscaling an autoscaler). */
export function strategiesFor(target: BackpressureTarget): Strategy[] {
  return STRATEGIES.filter((s) => (s.id !== 'block' || target.canBlock) && (s.id !== 'autoscale' || target.autoscaled.length > 0));
}

/**
 * The policy switches that put `strategy` in force on `target` and take the others away, so the
 * outcome does not depend on which strategy was on before. `bound` is the queue length for the
 * bounded strategies, `perSecond` the throttle's rate.
 */
export function strategyActions(strategy: StrategyId, target: BackpressureTarget, bound: number, perSecond: number): ActionAtNow[] {
  const bounded = strategy === 'drop-oldest' || strategy === 'refuse-new' || strategy === 'block';
  const queueLimits: ActionAtNow[] = target.queues.map((queue) => ({
    action: 'set-queue-limits',
    queue,
    maxLength: bounded ? bound : null,
    maxBytes: null,
    ...(bounded ? { overflow: strategy === 'drop-oldest' ? 'drop-head' : 'reject-publish' } : {}),
  }));
  const producerFlow: ActionAtNow[] = target.producers.map((producer) => ({
    action: 'set-producer-flow',
    producer,
    whenFull: strategy === 'block' ? 'block' : 'fail',
    rateLimit: strategy === 'throttle' ? { perSecond, burst: 1 } : null,
  }));
  const autoscalers: ActionAtNow[] = target.autoscaled.map((group) => ({ action: 'set-autoscale', group, enabled: strategy === 'autoscale' }));
  // A producer that blocks needs the queue's bound in force first, so the limits go before the flow.
  return [...queueLimits, ...producerFlow, ...autoscalers];
}

/**
 * The strategy in force on `target` (with the queue's length bound and the throttle's rate, if any),
 * from the settings in force (the first queue and producer stand for all): what the switch shows as chosen.
 */
export function backpressureInForce(settings: LiveSettings, target: BackpressureTarget): { strategy: StrategyId; bound: number | null; perSecond: number | null } {
  const queue = settings.queues.find((q) => q.id === target.queues[0]);
  const producer = settings.producers.find((p) => p.id === target.producers[0]);
  const maxLength = queue?.maxLength ?? null;
  const perSecond = producer?.rateLimit ?? null;
  const autoscaling = settings.groups.some((g) => target.autoscaled.includes(g.id) && g.autoscaling);
  const strategy: StrategyId = autoscaling
    ? 'autoscale'
    : perSecond !== null
      ? 'throttle'
      : maxLength === null && (queue?.maxBytes ?? null) === null
        ? 'buffer'
        : producer?.whenFull === 'block'
          ? 'block'
          : queue?.overflow === 'reject-publish'
            ? 'refuse-new'
            : 'drop-oldest';
  return { strategy, bound: maxLength, perSecond };
}
