import type { BrokerSpec, ConsumerGroupSpec, Scenario, SubscriptionSpec } from './schema';

/** What a scenario id can name as a place messages go or come from. */
export type EndpointKind = 'queue' | 'stream' | 'topic' | 'bus' | 'subscription';

/** The queue knobs of a queue broker or of a topic's subscription (both are queues). */
export type QueueLikeSpec = Extract<BrokerSpec, { kind: 'queue' }> | SubscriptionSpec;

export interface Endpoint {
  readonly id: string;
  readonly kind: EndpointKind;
  /** Where it is declared, for error messages. */
  readonly path: string;
  /** Virtual time it comes into being: 0, or the time of the add-subscription action. */
  readonly from: number;
  /** The queue knobs, for queues and subscriptions. */
  readonly queue?: QueueLikeSpec;
  /** The topic a subscription belongs to. */
  readonly topic?: string;
  /** The stream's spec, for streams. */
  readonly stream?: Extract<BrokerSpec, { kind: 'stream' }>;
}

export interface GroupEntry {
  readonly spec: ConsumerGroupSpec;
  readonly path: string;
  /** Virtual time the group is created: 0, or the time of its add-group action. */
  readonly from: number;
}

/**
 * Every broker, subscription and consumer group a scenario ever has, including those a timeline
 * action creates later, in file order. Validation, building and the metrics' topology all read this
 * one list, so they can never disagree about what exists.
 */
export interface Catalog {
  readonly endpoints: ReadonlyMap<string, Endpoint>;
  readonly groups: readonly GroupEntry[];
  /** Downstream dependencies by id, with the outage windows the timeline gives them. */
  readonly dependencies: ReadonlyMap<string, DependencyEntry>;
}

export interface DependencyEntry {
  readonly id: string;
  readonly timeout: number;
  readonly path: string;
  /** [from, to) windows, in timeline order. */
  readonly outages: { from: number; to: number }[];
}

export function catalogOf(s: Scenario): Catalog {
  const endpoints = new Map<string, Endpoint>();
  const add = (endpoint: Endpoint): void => {
    if (!endpoints.has(endpoint.id)) endpoints.set(endpoint.id, endpoint);
  };
  s.brokers.forEach((b, i) => {
    const path = `brokers[${i}]`;
    if (b.kind === 'queue') add({ id: b.id, kind: 'queue', path, from: 0, queue: b });
    else if (b.kind === 'stream') add({ id: b.id, kind: 'stream', path, from: 0, stream: b });
    else add({ id: b.id, kind: b.kind, path, from: 0 });
    if (b.kind === 'topic') {
      b.subscriptions.forEach((sub, j) => add({ id: sub.id, kind: 'subscription', path: `${path}.subscriptions[${j}]`, from: 0, queue: sub, topic: b.id }));
    }
  });
  const groups: GroupEntry[] = s.consumers.map((spec, i) => ({ spec, path: `consumers[${i}]`, from: 0 }));
  const dependencies = new Map<string, DependencyEntry>();
  s.dependencies.forEach((d, i) => {
    if (!dependencies.has(d.id)) dependencies.set(d.id, { id: d.id, timeout: d.timeout, path: `dependencies[${i}]`, outages: [] });
  });
  s.timeline.forEach((a, i) => {
    if (a.action === 'add-subscription') {
      add({ id: a.subscription.id, kind: 'subscription', path: `timeline[${i}].subscription`, from: a.at, queue: a.subscription, topic: a.topic });
    } else if (a.action === 'add-group') groups.push({ spec: a.group, path: `timeline[${i}].group`, from: a.at });
    else if (a.action === 'outage') dependencies.get(a.dependency)?.outages.push({ from: a.at, to: a.at + a.duration });
  });
  return { endpoints, groups, dependencies };
}

/** Kinds a queue-like endpoint has: what a dead-letter target, a redrive end or a pull consumer needs. */
export function isQueueLike(kind: EndpointKind | undefined): boolean {
  return kind === 'queue' || kind === 'subscription';
}
