import type { LiveReport } from '../../runtime/protocol';
import type { Scenario } from '../../scenario';

/** One consumer group's line in the outcome table. */
export interface OutcomeRow {
  readonly group: string;
  /** The queue, subscription or stream it reads. */
  readonly reads: string;
  /** Events sent towards what it reads, from the start of the run: the denominator of "gets every event?". */
  readonly offered: number;
  /** Distinct events it received (deliveries less repeats). */
  readonly received: number;
  /** Events it processed and acknowledged. */
  readonly processed: number;
  /** Repeated deliveries of an event it had already received. */
  readonly duplicates: number;
  /**
   * Events that will never be processed here, each with a counted cause: dropped from the queue it reads
   * (shared by the groups reading it), skipped by retention, or acknowledged after a failure.
   */
  readonly lost: number;
  readonly deadLettered: number;
  /** received / offered, or null when nothing was offered yet. */
  readonly share: number | null;
  /** Virtual time the group comes into the run: 0, or the time of the timeline action that adds it. */
  readonly joinsAt: number;
}

/**
 * The outcome table's rows, from the scenario (who reads what, including groups and subscriptions a
 * timeline action adds later) and a report taken at any time. "Offered" counts from the start of the
 * run, whenever the group joined: that is what makes the chapter's question, "does every service get
 * every event?", come out of the numbers (a late subscription misses what came before it; a stream
 * replays it; competing groups on one queue each get a share).
 */
export function outcomeRows(scenario: Scenario, report: LiveReport): OutcomeRow[] {
  const readsOf = new Map<string, string>();
  for (const group of scenario.consumers) readsOf.set(group.id, group.reads);
  for (const action of scenario.timeline) if (action.action === 'add-group') readsOf.set(action.group.id, action.group.reads);
  const joins = joinTimes(scenario);
  const topicOf = subscriptionTopics(scenario);
  return Object.entries(report.groups).map(([group, g]) => {
    const reads = readsOf.get(group) ?? '';
    const source = report.brokers[reads];
    const offered = offeredTo(reads, report, topicOf);
    const received = Math.max(0, g.delivered - g.duplicates);
    const droppedAtSource = source?.kind === 'queue' || source?.kind === 'subscription' ? source.dropped : 0;
    return {
      group,
      reads,
      offered,
      received,
      processed: g.acked,
      duplicates: g.duplicates,
      lost: droppedAtSource + (g.skipped ?? 0) + (g.lostByConsumer ?? 0),
      deadLettered: g.deadLettered ?? 0,
      share: offered > 0 ? received / offered : null,
      joinsAt: joins.get(group) ?? 0,
    };
  });
}

/** Group id → the time a timeline add-group action brings it in; groups in the file from the start are not listed. */
export function joinTimes(scenario: Scenario): Map<string, number> {
  const joins = new Map<string, number>();
  for (const action of scenario.timeline) if (action.action === 'add-group') joins.set(action.group.id, action.at);
  return joins;
}

/**
 * The latest of `times` reached at `now`, or 0 when none is: a group joining at t is in the run once
 * this is at least t. Returning the time reached (not `now`) lets a component re-render only when a
 * group joins, not on every frame.
 */
export function lastJoinReached(times: Iterable<number>, now: number): number {
  let reached = 0;
  for (const t of times) if (t <= now && t > reached) reached = t;
  return reached;
}

/** The event type every producer sends, when they all send the same one (the table then asks about it by name). */
export function commonEventType(scenario: Scenario): string | undefined {
  const types = new Set(scenario.producers.map((p) => p.eventType));
  return types.size === 1 ? [...types][0] : undefined;
}

/** Subscription id → its topic id, for subscriptions declared in the file and added by the timeline. */
function subscriptionTopics(scenario: Scenario): Map<string, string> {
  const topics = new Map<string, string>();
  for (const broker of scenario.brokers) if (broker.kind === 'topic') for (const sub of broker.subscriptions) topics.set(sub.id, broker.id);
  for (const action of scenario.timeline) if (action.action === 'add-subscription') topics.set(action.subscription.id, action.topic);
  return topics;
}

/**
 * Events sent towards `reads` since the start: a subscription counts everything published to its
 * topic (also what came before it existed), a stream or queue what producers published to it, and a
 * queue fed only by a bus or topic what reached it.
 */
function offeredTo(reads: string, report: LiveReport, topicOf: ReadonlyMap<string, string>): number {
  const topic = topicOf.get(reads);
  if (topic !== undefined) return report.brokers[topic]?.published ?? 0;
  const broker = report.brokers[reads];
  if (broker === undefined) return 0;
  return broker.published > 0 ? broker.published : broker.enqueued;
}
