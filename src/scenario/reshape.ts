import { QUEUE_ONLY_FIELDS, STREAM_ONLY_FIELDS } from './group-fields';
import { queueKnobs } from './schema-queue';

/** The three ways the chapter compares to carry one workload. */
export type ShapeKind = 'queue' | 'stream' | 'topic';

export type ReshapeResult =
  | {
      ok: true;
      data: Record<string, unknown>;
      /** What did not carry over, in words (fields that do not apply to the new shape, expectations). */
      notes: string[];
    }
  | { ok: false; reason: string };

type Json = Record<string, unknown>;

const QUEUE_KNOBS = Object.keys(queueKnobs);

/**
 * The same workload carried by another kind of broker: the broker the first producer publishes to
 * becomes a queue (the groups compete for each message), a stream (partitions, one per member of the
 * largest group, every group reading every record at its own offsets) or a topic (one subscription
 * queue per group, each getting a copy). Groups keep their instances and processing; fields that do
 * not apply to the new shape are left out and named in `notes`, as are the scenario's expectations
 * and variants, which are about the shape it was written for. Works on unvalidated data and returns
 * a copy; the result still has to be validated (a timeline action that names a subscription the new
 * shape does not have, for example, is reported then).
 */
export function reshapeScenario(data: unknown, kind: ShapeKind): ReshapeResult {
  if (!isObject(data) || !Array.isArray(data.producers) || !Array.isArray(data.brokers) || !Array.isArray(data.consumers)) {
    return { ok: false, reason: 'the scenario needs producers, brokers and consumers lists' };
  }
  const broker = firstTargetOf(data);
  if (broker === undefined || typeof broker.id !== 'string') return { ok: false, reason: 'the first producer does not publish to a broker of the scenario' };
  const from = broker.kind;
  if (from !== 'queue' && from !== 'stream' && from !== 'topic') return { ok: false, reason: `the first producer publishes to a ${String(from)}; only a queue, a stream or a topic can change shape` };
  if (from === kind) return { ok: true, data: data as Json, notes: [] };

  const brokerId = broker.id;
  const timeline = Array.isArray(data.timeline) ? data.timeline : [];
  // A topic's subscriptions: those it starts with, then those the timeline adds.
  const subscriptions =
    from === 'topic'
      ? [
          ...(Array.isArray(broker.subscriptions) ? broker.subscriptions.filter(isObject) : []),
          ...timeline.flatMap((a) => (isObject(a) && a.action === 'add-subscription' && a.topic === brokerId && isObject(a.subscription) ? [a.subscription] : [])),
        ]
      : [];
  const readsBroker = (group: Json): boolean => group.reads === brokerId || subscriptions.some((s) => s.id === group.reads);
  const added = (a: unknown): a is Json & { group: Json } => isObject(a) && a.action === 'add-group' && isObject(a.group) && readsBroker(a.group);
  const readers = [...data.consumers.filter((g): g is Json => isObject(g) && readsBroker(g)), ...timeline.filter(added).map((a) => a.group)];

  const notes: string[] = [];
  const taken = new Set(data.brokers.filter(isObject).map((b) => b.id));
  const subscriptionOf = new Map<unknown, string>();
  for (const g of readers) subscriptionOf.set(g.id, freshId(`${String(g.id)}-sub`, taken));
  // A queue's own settings (bounds, TTL, dead-lettering…) become each subscription's, and back.
  const knobs = pick(from === 'queue' ? broker : (subscriptions[0] ?? {}), QUEUE_KNOBS);
  if (from === 'topic' && subscriptions.some((s) => s.filter !== undefined)) notes.push('subscription filters (a queue or a stream has none)');

  const reshapedBroker: Json =
    kind === 'queue'
      ? { id: brokerId, kind: 'queue', ...knobs, ...pick(broker, ['maxMessageBytes']) }
      : kind === 'stream'
        ? { id: brokerId, kind: 'stream', partitions: Math.max(1, ...readers.map((g) => (typeof g.instances === 'number' ? g.instances : 1))) }
        : {
            id: brokerId,
            kind: 'topic',
            ...pick(broker, ['maxMessageBytes']),
            subscriptions: data.consumers.filter((g): g is Json => isObject(g) && readsBroker(g)).map((g) => ({ id: subscriptionOf.get(g.id), ...knobs })),
          };
  if (kind === 'stream' && Object.keys(knobs).length > 0) notes.push(`the queue's ${Object.keys(knobs).join(', ')} (a stream keeps records by retention)`);

  const regroup = (g: Json): Json => {
    const dropped = kind === 'stream' ? QUEUE_ONLY_FIELDS : from === 'stream' ? STREAM_ONLY_FIELDS : [];
    const left = dropped.filter((f) => g[f] !== undefined);
    if (left.length > 0) notes.push(`${String(g.id)}: ${left.join(', ')} (${kind === 'stream' ? 'for groups reading a queue' : 'for groups reading a stream'})`);
    const kept = Object.fromEntries(Object.entries(g).filter(([f]) => !(dropped as readonly string[]).includes(f)));
    return { ...kept, reads: kind === 'topic' ? subscriptionOf.get(g.id) : brokerId };
  };

  const reshapedTimeline: unknown[] = [];
  for (const a of timeline) {
    if (isObject(a) && a.action === 'add-subscription' && a.topic === brokerId) continue;
    if (added(a)) {
      if (kind === 'topic') reshapedTimeline.push({ at: a.at, action: 'add-subscription', topic: brokerId, subscription: { id: subscriptionOf.get(a.group.id), ...knobs } });
      reshapedTimeline.push({ ...a, group: regroup(a.group) });
    } else reshapedTimeline.push(a);
  }

  const { expect: expectations, variants, ...rest } = data;
  if (Array.isArray(expectations) && expectations.length > 0) notes.push('the expectations, which are about the shape the scenario was written for');
  if (isObject(variants) && Object.keys(variants).length > 0) notes.push('the variants');
  return {
    ok: true,
    data: {
      ...rest,
      brokers: data.brokers.map((b) => (b === broker ? reshapedBroker : b)),
      consumers: data.consumers.map((g) => (isObject(g) && readsBroker(g) ? regroup(g) : g)),
      ...(Array.isArray(data.timeline) ? { timeline: reshapedTimeline } : {}),
    },
    notes,
  };
}

/** The broker the first producer publishes to, read from unvalidated data; undefined when there is none. */
export function firstTargetOf(data: unknown): Json | undefined {
  if (!isObject(data) || !Array.isArray(data.producers) || !Array.isArray(data.brokers)) return undefined;
  const target = isObject(data.producers[0]) ? data.producers[0].target : undefined;
  return data.brokers.find((b): b is Json => isObject(b) && b.id === target);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick(source: Json, keys: readonly string[]): Json {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

/** `wanted`, or `wanted-2`, `wanted-3`… whichever no broker uses yet; the one returned is then taken. */
function freshId(wanted: string, taken: Set<unknown>): string {
  let id = wanted;
  for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`;
  taken.add(id);
  return id;
}
