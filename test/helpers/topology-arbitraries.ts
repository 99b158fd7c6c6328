import fc from 'fast-check';
import type { ScenarioInput } from '../../src/scenario';
import { distributionData } from './arbitraries';

/**
 * A fast-check generator of small, valid scenarios that mix every kind of broker: queues with the
 * whole delivery lifecycle, partitioned streams with retention, pub/sub topics with filtered
 * subscriptions, and an event bus whose rules fan out to queues, topics and streams and retry targets
 * that refuse. Consumer groups push or pull from queues and subscriptions, or read streams with every
 * stream knob; a timeline crashes, restarts and scales groups, adds subscriptions and groups (late
 * stream groups replay from earliest), resets offsets, redrives dead-letter queues, changes rates
 * and processing times, and switches backpressure policies (queue limits, producer flow control,
 * prefetch and pull credits, autoscalers, breakers).
 *
 * Runs stay small (at most 30 virtual seconds, at most 20 messages per second per producer) so that
 * one takes milliseconds; TOPOLOGY_MAX_EVENTS is far above what they need.
 *
 * The scenario is drawn step by step (fc.gen), since what may be drawn later depends on what exists:
 * dead-letter targets, bus targets, what a group reads, what a timeline action names. Each optional
 * knob is drawn so that fast-check shrinks towards leaving it out.
 *
 * Dead-letter cycles are left out (the validator refuses them), and timeline groups start a little
 * after 0 s (lateStart) so that their records interleave with others'. A queue overflowing into a
 * dead-letter chain that a redrive feeds back gets a redrive limit, as in arbitraries.ts.
 */

/** Event budget of a generated run; hitting it means a run did not stay small. */
export const TOPOLOGY_MAX_EVENTS = 300_000;

/** Event types producers publish and filters and rules ask for. */
export const EVENT_TYPES = ['A', 'B', 'C'] as const;
/** Values of the one attribute (`region`) producers may set and filters may test. */
const REGIONS = ['eu', 'us', 'east'] as const;

type Gen = fc.GeneratorValue;
type QueueKnobs = Record<string, unknown>;
type GroupData = NonNullable<ScenarioInput['consumers']>[number];
type TimelineData = NonNullable<ScenarioInput['timeline']>[number];
type BrokerData = ScenarioInput['brokers'][number];

/** What the scenario has so far, as later draws need to see it. */
interface Shape {
  duration: number;
  producers: string[];
  /** Queue brokers (dead-letter queues are always among them). */
  queues: string[];
  /** Queues and subscriptions, each with the dead-letter target and overflow it was given. */
  queueLike: Map<string, { deadLetterTo?: string; boundedDropHead: boolean; ackTimeout: boolean }>;
  /** Streams with their partition counts. */
  streams: Map<string, number>;
  /** Topics with their subscription ids. */
  topics: Map<string, string[]>;
  /**
   * Every group ever created: what it reads, when it starts, the most instances it ever has, and the
   * policies a switch may name (pull or push, an autoscaler, a breaker).
   */
  groups: Map<string, { reads: string; from: number; instances: number; stream: boolean; pull: boolean; autoscale: boolean; breaker: boolean }>;
  /** Each producer's target, and whether any producer sends keys (conflation needs them). */
  producerTargets: Map<string, string>;
  keyed: boolean;
}

/** Draws from the generator value: thin wrappers so the drawing code reads as what it draws. */
class Draw {
  constructor(private readonly g: Gen) {}

  int(min: number, max: number): number {
    return this.g(fc.integer, { min, max });
  }

  /**
   * A number in [min, max], spread evenly (fc.double favours the extremes, and times of 1e-300 s
   * would crowd every action into the first instant); shrinks towards min.
   */
  real(min: number, max: number): number {
    return min + ((max - min) * this.int(0, 1_000_000)) / 1_000_000;
  }

  bool(): boolean {
    return this.g(fc.boolean);
  }

  /** True with probability `percent` / 100; shrinks towards false (leaving an optional knob out). */
  maybe(percent = 50): boolean {
    return this.int(0, 99) >= 100 - percent;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(0, values.length - 1)]!;
  }

  /** A non-empty subset of `values`, in their order. */
  subset<T>(values: readonly T[]): T[] {
    const chosen = values.filter(() => this.bool());
    return chosen.length > 0 ? chosen : [this.pick(values)];
  }

  distribution(): unknown {
    return this.g(() => distributionData);
  }
}

const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** Crash uptimes must have a mean above 0; at least 0.3 s keeps the number of crashes small. */
function uptime(d: Draw): unknown {
  return d.bool() ? { type: 'exponential', mean: d.real(0.3, 10) } : { type: 'constant', value: d.real(0.3, 10) };
}

/** A filter on type, source and the `region` attribute; at least one field. */
function filter(d: Draw, producers: readonly string[]): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  if (d.maybe()) f.types = d.subset(EVENT_TYPES);
  if (d.maybe(30)) f.sources = d.subset(producers);
  if (d.maybe()) {
    const kind = d.int(0, 2);
    f.attributes = { region: kind === 0 ? d.subset(REGIONS) : kind === 1 ? { exists: d.bool() } : { prefix: d.pick(['e', 'u']) } };
  }
  if (Object.keys(f).length === 0) f.types = [d.pick(EVENT_TYPES)];
  return f;
}

/** Any subset of the queue lifecycle knobs; `deadLetterTargets` are the queues it may dead-letter to. */
function queueKnobs(d: Draw, deadLetterTargets: readonly string[]): QueueKnobs {
  const k: QueueKnobs = {};
  if (d.maybe()) k.maxLength = d.int(0, 6);
  if (d.maybe()) k.overflow = d.pick(['drop-head', 'reject-publish']);
  if (d.maybe()) k.ackTimeout = d.real(0.05, 3);
  if (d.maybe(30)) k.lateAck = d.pick(['ignore', 'accept']);
  if (d.maybe()) k.maxDeliveries = d.int(1, 4);
  if (d.maybe()) k.onMaxDeliveries = d.pick(['dead-letter', 'drop', 'keep']);
  if (deadLetterTargets.length > 0 && d.maybe()) k.deadLetterTo = d.pick(deadLetterTargets);
  if (d.maybe(30)) k.messageTtl = d.real(0.05, 10);
  if (d.maybe(30)) k.deliveryDelay = d.real(0, 2);
  // Bytes bound, sampling and a memory limit that crashes the broker (payloads are ~1 KiB).
  if (d.maybe(20)) k.maxBytes = d.int(0, 6000);
  if (d.maybe(15)) k.keepOneIn = d.int(1, 3);
  if (d.maybe(15)) {
    k.memoryLimitBytes = d.int(1024, 8000);
    k.restartSeconds = d.real(0, 3);
  }
  // One consumer at a time (Pulsar failover or exclusive, RabbitMQ single-active), and a delay on requeued nacks.
  if (d.maybe(15)) k.consumerMode = d.pick(['single-active', 'exclusive']);
  if (d.maybe(15)) k.requeueDelay = d.real(0, 2);
  return k;
}

function noteQueueLike(shape: Shape, id: string, k: QueueKnobs): void {
  shape.queueLike.set(id, {
    ...(k.deadLetterTo !== undefined ? { deadLetterTo: k.deadLetterTo as string } : {}),
    boundedDropHead: k.maxLength !== undefined && k.overflow !== 'reject-publish',
    ackTimeout: k.ackTimeout !== undefined,
  });
}

function streamBroker(d: Draw, id: string): BrokerData {
  const s: Record<string, unknown> = { id, kind: 'stream', partitions: d.int(1, 6) };
  if (d.maybe()) s.partitioner = d.pick(['keyed', 'round-robin', 'sticky']);
  if (d.maybe()) s.retentionSeconds = d.real(0, 10);
  if (d.maybe()) s.maxEntries = d.int(0, 20);
  // Payloads are 1024 bytes unless a producer draws otherwise: a few records per partition.
  if (d.maybe(30)) s.retentionBytes = d.int(0, 20_000);
  if (d.maybe(30)) s.segmentBytes = d.int(1, 8192);
  if (d.maybe(30)) s.segmentSeconds = d.real(0.2, 5);
  return s as BrokerData;
}

/**
 * An event bus with 1–3 rules of 1–3 targets each. When `refuser` is given (a tiny reject-publish
 * queue), the first rule always targets it, so that retries, give-ups and bus dead letters happen.
 */
function busBroker(d: Draw, id: string, shape: Shape, refuser: string | undefined): BrokerData {
  const targets = [...shape.queues, ...shape.topics.keys(), ...shape.streams.keys()];
  const rules = ids('r', d.int(1, 3)).map((ruleId, r) => {
    const chosen = new Set<string>();
    if (r === 0 && refuser !== undefined) chosen.add(refuser);
    const n = d.int(1, 3);
    while (chosen.size < Math.min(n, targets.length)) chosen.add(d.pick(targets));
    const rule: Record<string, unknown> = {
      id: ruleId,
      targets: [...chosen].map((to) => {
        const t: Record<string, unknown> = { to };
        if (d.maybe(40)) {
          const base = d.real(0, 1);
          const retry: Record<string, unknown> = { attempts: d.int(0, 3), backoff: { base, multiplier: d.real(1, 3), max: base + d.real(0, 2) } };
          // The model wants a maximum age above 0; the schema allows 0 (reported to the lead).
          if (d.maybe(30)) retry.maxEventAge = d.real(0.1, 20);
          t.retry = retry;
        }
        const dlqs = shape.queues.filter((q) => q !== to);
        if (dlqs.length > 0 && d.maybe()) t.deadLetterTo = d.pick(dlqs);
        return t;
      }),
    };
    if (d.maybe(60)) rule.pattern = filter(d, shape.producers);
    return rule;
  });
  return { id, kind: 'bus', rules } as BrokerData;
}

function producer(d: Draw, id: string, targets: readonly string[], duration: number): NonNullable<ScenarioInput['producers']>[number] {
  const a = d.real(0, 0.4);
  const b = d.real(0.6, 1);
  const p: Record<string, unknown> = {
    id,
    target: d.pick(targets),
    rate: { process: d.pick(['poisson', 'constant']), perSecond: d.real(0.5, 20) },
    start: a * duration,
    stop: b * duration,
    eventType: d.pick(EVENT_TYPES),
  };
  if (d.maybe()) p.keys = d.int(0, 5);
  if (d.maybe()) p.attributes = { region: d.pick(REGIONS) };
  if (d.maybe(30)) {
    const at = d.real(0, 1) * duration;
    // at + spread can round above the duration, which the validator rightly refuses: keep it inside.
    let spread = d.real(0, 1) * (duration - at);
    while (spread > 0 && at + spread > duration) spread = Math.max(0, spread - 1e-9);
    p.bursts = [{ at, count: d.int(1, 30), spread }];
  }
  if (d.maybe(20)) p.payloadBytes = { type: 'uniform', min: 1, max: d.int(1, 4096) };
  // Producer flow control: a rate limit and publisher confirms that sometimes get lost (repeats).
  if (d.maybe(20)) p.rateLimit = { perSecond: d.real(0.5, 20), burst: d.int(1, 5) };
  if (d.maybe(20)) {
    p.confirms = { maxOutstanding: d.int(1, 5), latency: { type: 'constant', value: d.real(0, 0.5) }, lossProbability: d.real(0, 0.3), timeout: d.real(0.1, 2) };
    if (d.maybe()) p.idempotent = true;
  }
  if (d.maybe(10)) p.maxBacklog = d.int(0, 10);
  return p as NonNullable<ScenarioInput['producers']>[number];
}

/** A group on a queue or subscription: push with prefetch or pull, failures, crashes. */
function queueGroup(d: Draw, id: string, reads: string, shape: Shape): GroupData {
  const g: Record<string, unknown> = { id, reads, instances: d.int(1, 3), processing: d.distribution() };
  if (d.maybe()) g.concurrency = d.int(1, 3);
  if (d.bool()) {
    if (d.maybe()) g.prefetch = d.int(1, 5);
  } else {
    const pull: Record<string, unknown> = {};
    if (d.maybe(75)) pull.batchSize = d.int(1, 5);
    // A long poll of a few nanoseconds would spin through empty receives: waits are 0 or at least 0.1 s.
    if (d.maybe(75)) pull.waitTime = d.bool() ? 0 : d.real(0.1, 3);
    if (d.maybe()) pull.pollInterval = d.real(0.1, 2);
    g.pull = pull;
  }
  let retries = false;
  if (d.maybe()) {
    // no-ack needs a lease to expire (the validator insists).
    const actions = shape.queueLike.get(reads)!.ackTimeout ? ['requeue', 'reject', 'no-ack', 'ack', 'retry'] : ['requeue', 'reject', 'ack', 'retry'];
    // Below 0.6 so that zero-time processing with requeue cannot spin long at one instant.
    const failure: Record<string, unknown> = { probability: d.real(0, 0.6), action: d.pick(actions) };
    if (d.maybe(30)) failure.fatal = d.real(0, 0.3);
    g.failure = failure;
    if (failure.action === 'retry') g.retry = retryPolicy(d);
    retries = failure.action === 'retry' && (g.retry as { backoff: string; delay: number }).backoff !== 'immediate' && (g.retry as { delay: number }).delay > 0;
  }
  if (d.maybe(40)) g.crashes = { uptime: uptime(d), downtime: d.distribution() };
  resilience(d, g, retries);
  return g as GroupData;
}

/** A retry policy of any backoff, with few retries and short delays so runs stay small. */
function retryPolicy(d: Draw): Record<string, unknown> {
  const delay = d.real(0, 1);
  const retry: Record<string, unknown> = { backoff: d.pick(['immediate', 'fixed', 'exponential']), delay, maxDelay: delay + d.real(0, 2), maxRetries: d.int(0, 3) };
  if (d.maybe()) retry.jitter = d.pick(['none', 'full', 'equal', 'decorrelated']);
  if (d.maybe(40)) retry.budget = { ratio: d.real(0, 1), minPerSecond: d.real(0, 3), windowSeconds: d.real(0.5, 5) };
  return retry;
}

/** The dependency (with its outages), breaker, side effect, key ordering and memory limit of a queue group. */
function resilience(d: Draw, g: Record<string, unknown>, canRetryWhenOpen: boolean): void {
  if (d.maybe(30)) g.dependency = 'dep';
  if (d.maybe(25)) {
    const breaker: Record<string, unknown> = {
      failureRate: d.real(0.05, 1),
      windowSeconds: d.real(0.5, 5),
      minCalls: d.int(1, 5),
      openSeconds: d.real(0.1, 3),
      halfOpenProbes: d.int(1, 3),
      whenOpen: canRetryWhenOpen && d.bool() ? 'retry' : 'reject',
    };
    if (d.maybe(30)) breaker.slowCallSeconds = d.real(0.05, 2);
    g.breaker = breaker;
  }
  if (d.maybe(25)) {
    g.sideEffect = d.bool()
      ? { name: 'charges' }
      : { name: 'charges', idempotency: { key: d.pick(['message-id', 'business-key']), ttl: d.real(0.1, 10), lookupLatency: d.real(0, 0.1) } };
  }
  if (d.maybe(25)) g.ordering = { remedy: d.pick(['none', 'reject-older', 'last-write-wins']) };
  if (d.maybe(15)) g.memory = { limitBytes: d.int(500, 20_000), restartSeconds: d.real(0.1, 2) };
}

/** A group on a stream with 1–8 members (more than the partitions, sometimes) and any stream knobs. */
function streamGroup(d: Draw, id: string, reads: string, partitions: number): GroupData {
  const g: Record<string, unknown> = { id, reads, instances: d.int(1, Math.min(8, partitions + 2)), processing: d.distribution() };
  if (d.maybe()) g.startFrom = d.pick(['earliest', 'latest']);
  if (d.maybe()) g.commit = d.bool() ? { mode: 'manual' } : { mode: 'auto', intervalSeconds: d.real(0.2, 5) };
  if (d.maybe()) g.maxPollRecords = d.int(1, 5);
  if (d.maybe()) g.assignment = d.pick(['range', 'round-robin', 'cooperative-sticky']);
  if (d.maybe()) g.rebalancePause = d.real(0, 2);
  if (d.maybe()) g.sessionTimeout = d.real(0.2, 5);
  if (d.maybe(40)) g.crashes = { uptime: uptime(d), downtime: d.distribution() };
  return g as GroupData;
}

/** A group reading `reads` (a stream or a queue-like endpoint), noted in the shape. */
function groupOn(d: Draw, id: string, reads: string, shape: Shape, from: number): GroupData {
  const partitions = shape.streams.get(reads);
  const g = partitions !== undefined ? streamGroup(d, id, reads, partitions) : queueGroup(d, id, reads, shape);
  if (d.maybe(15)) {
    // Short intervals and cooldowns, so a small run sees the autoscaler act.
    const instances = g.instances ?? 1;
    g.autoscale = { maxInstances: instances + d.int(0, 3), interval: d.real(0.5, 5), coldStart: d.real(0, 2), cooldown: d.real(0, 5) } as never;
  }
  shape.groups.set(id, {
    reads,
    from,
    instances: g.instances ?? 1,
    stream: partitions !== undefined,
    pull: g.pull !== undefined,
    autoscale: g.autoscale !== undefined,
    breaker: (g as { breaker?: unknown }).breaker !== undefined,
  });
  return g;
}

/** Whether following dead-letter targets from `start` leads to `goal`. */
function deadLettersReach(shape: Shape, start: string, goal: string): boolean {
  const seen = new Set<string>();
  for (let at = shape.queueLike.get(start)?.deadLetterTo; at !== undefined && !seen.has(at); at = shape.queueLike.get(at)?.deadLetterTo) {
    if (at === goal) return true;
    seen.add(at);
  }
  return false;
}

/**
 * Up to 8 timeline actions, then sorted by time with creations first at equal times (an action
 * naming a group or subscription must run after the action creating it).
 */
function timeline(d: Draw, shape: Shape): TimelineData[] {
  const out: TimelineData[] = [];
  const at = (): number => d.real(0, 1) * shape.duration;
  const n = d.int(0, 8);
  let late = 0;
  for (let i = 0; i < n; i++) {
    const groups = [...shape.groups.keys()];
    const streamGroups = groups.filter((g) => shape.groups.get(g)!.stream);
    const kind = d.int(0, 9);
    if (kind <= 2 && groups.length > 0) {
      const group = d.pick(groups);
      const info = shape.groups.get(group)!;
      const time = Math.max(at(), info.from);
      const what = d.int(0, 2);
      if (what === 2) {
        const instances = d.int(0, info.stream ? 8 : 4);
        info.instances = Math.max(info.instances, instances);
        out.push({ at: time, action: 'scale', group, instances });
      } else out.push({ at: time, action: what === 0 ? 'crash' : 'restart', group, instance: d.int(1, 8) });
    } else if (kind === 3) {
      out.push({ at: at(), action: 'set-rate', producer: d.pick(shape.producers), perSecond: d.real(0, 20) });
    } else if (kind === 4 && groups.length > 0) {
      const group = d.pick(groups);
      out.push({ at: Math.max(at(), shape.groups.get(group)!.from), action: 'set-processing', group, processing: d.distribution() as never });
    } else if (kind === 5) {
      // Late in the run, when dead-letter queues have filled.
      redrive(d, shape, d.real(0.3, 1) * shape.duration, out);
    } else if (kind === 6 && shape.topics.size > 0) {
      const topic = d.pick([...shape.topics.keys()]);
      const id = `${topic}x${late++}`;
      const subscription: Record<string, unknown> = { id, ...queueKnobs(d, shape.queues) };
      if (d.maybe()) subscription.filter = filter(d, shape.producers);
      noteQueueLike(shape, id, subscription);
      shape.topics.get(topic)!.push(id);
      const time = at();
      out.push({ at: time, action: 'add-subscription', topic, subscription: subscription as never });
      if (d.maybe(75)) {
        // A group for the new subscription, created then or later.
        const groupTime = lateStart(time + d.real(0, 1) * (shape.duration - time), shape);
        out.push({ at: groupTime, action: 'add-group', group: groupOn(d, `late${late++}`, id, shape, groupTime) });
      }
    } else if (kind === 7) {
      // A late group: on a stream usually from earliest, so it replays the retained history.
      const readable = [...shape.streams.keys(), ...[...shape.queueLike.keys()].filter((q) => !isLateSubscription(q))];
      const reads = d.pick(readable);
      const gid = `late${late++}`;
      const time = lateStart(at(), shape);
      const group = groupOn(d, gid, reads, shape, time);
      if (shape.streams.has(reads) && group.startFrom === undefined && d.maybe(70)) group.startFrom = 'earliest';
      out.push({ at: time, action: 'add-group', group });
      // Late groups' own actions must come after their creation: fix their times below.
    } else if (kind === 8 && d.bool()) {
      out.push({ at: at(), action: 'outage', dependency: 'dep', duration: d.real(0.1, 0.5) * shape.duration });
    } else if (streamGroups.length > 0) {
      const group = d.pick(streamGroups);
      const time = Math.max(at(), shape.groups.get(group)!.from);
      const to = d.pick(['earliest', 'latest', 'offset', 'timestamp'] as const);
      if (to === 'offset') out.push({ at: time, action: 'reset-offsets', group, to, offset: d.int(0, 30) });
      else if (to === 'timestamp') out.push({ at: time, action: 'reset-offsets', group, to, timestamp: d.real(0, shape.duration) });
      else out.push({ at: time, action: 'reset-offsets', group, to });
    }
  }
  if (d.maybe(40)) for (let i = d.int(1, 3); i > 0; i--) policySwitch(d, shape, at(), out);
  return sortActions(limitLoopingRedrives(fixInstances(out, shape), shape));
}

/**
 * One switch of a backpressure policy at `time` (or when its target exists): a queue's limits, a
 * producer's flow control, a group's prefetch or pull settings, its autoscaler or its breaker. A
 * producer switched to blocking gets its queue made refusing (bounded, reject-publish) by a
 * set-queue-limits just before, as the validator asks; producers into topics, buses and streams only
 * get rate limits and backlog bounds.
 */
function policySwitch(d: Draw, shape: Shape, time: number, out: TimelineData[]): void {
  const groups = [...shape.groups].filter(([, g]) => !g.stream);
  const kind = d.int(0, 5);
  const bound = (max: number): number | null => (d.maybe(25) ? null : d.int(0, max));
  if (kind === 0) {
    const queue = d.pick([...shape.queueLike.keys()].filter((q) => !isLateSubscription(q)));
    const change: Record<string, unknown> = {};
    if (d.maybe()) change.maxLength = bound(6);
    if (d.maybe(30)) change.maxBytes = bound(6000);
    if (d.maybe()) change.overflow = d.pick(['drop-head', 'reject-publish']);
    if (d.maybe(30)) change.keepOneIn = d.int(1, 3);
    if (shape.keyed && d.maybe(30)) change.conflate = d.bool();
    if (Object.keys(change).length === 0) change.maxLength = bound(6);
    out.push({ at: time, action: 'set-queue-limits', queue, ...change } as TimelineData);
  } else if (kind === 1) {
    const producer = d.pick(shape.producers);
    const target = shape.producerTargets.get(producer)!;
    const change: Record<string, unknown> = {};
    if (d.maybe()) change.rateLimit = d.maybe(30) ? null : { perSecond: d.real(0.5, 20), burst: d.int(1, 5) };
    if (d.maybe(30)) change.maxBacklog = bound(10);
    if (shape.queues.includes(target) && d.maybe(60)) {
      change.whenFull = d.pick(['fail', 'block']);
      if (change.whenFull === 'block') out.push({ at: time, action: 'set-queue-limits', queue: target, maxLength: d.int(0, 6), overflow: 'reject-publish' });
    }
    if (Object.keys(change).length === 0) change.maxBacklog = bound(10);
    out.push({ at: time, action: 'set-producer-flow', producer, ...change } as TimelineData);
  } else if (kind === 2 && groups.some(([, g]) => !g.pull)) {
    const [group, info] = d.pick(groups.filter(([, g]) => !g.pull));
    out.push({ at: Math.max(time, info.from), action: 'set-prefetch', group, prefetch: d.int(1, 6) });
  } else if (kind === 3 && groups.some(([, g]) => g.pull)) {
    const [group, info] = d.pick(groups.filter(([, g]) => g.pull));
    const change: Record<string, unknown> = d.bool() ? { batchSize: d.int(1, 6) } : { refill: d.pick(['batch', 'each']) };
    out.push({ at: Math.max(time, info.from), action: 'set-pull', group, ...change } as TimelineData);
  } else if (kind === 4 && [...shape.groups.values()].some((g) => g.autoscale)) {
    const [group, info] = d.pick([...shape.groups].filter(([, g]) => g.autoscale));
    const change: Record<string, unknown> = { enabled: d.bool() };
    // The group's minInstances is the default 1: any maximum from 1 up keeps the range valid.
    if (d.maybe(30)) change.maxInstances = d.int(1, info.instances + 3);
    out.push({ at: Math.max(time, info.from), action: 'set-autoscale', group, ...change } as TimelineData);
  } else if (kind === 5 && groups.some(([, g]) => g.breaker)) {
    const [group, info] = d.pick(groups.filter(([, g]) => g.breaker));
    out.push({ at: Math.max(time, info.from), action: 'set-breaker', group, enabled: d.bool() });
  }
}

/**
 * A set-queue-limits can make a queue bounded with drop-head after a redrive into it was drawn: such a
 * redrive without a limit, from a queue its dead letters lead back to, gets one (see redrive()).
 */
function limitLoopingRedrives(actions: TimelineData[], shape: Shape): TimelineData[] {
  const switched = new Set(actions.flatMap((a) => (a.action === 'set-queue-limits' ? [a.queue] : [])));
  return actions.map((a) => (a.action === 'redrive' && a.limit === undefined && switched.has(a.to) && deadLettersReach(shape, a.to, a.from) ? { ...a, limit: 10 } : a));
}

const isLateSubscription = (id: string): boolean => /x\d+$/.test(id);

/**
 * A group added by the timeline starts after time 0: build() starts a group added at exactly 0
 * twice, once with the scenario's groups and once by the action (reported to the lead).
 */
const lateStart = (time: number, shape: Shape): number => Math.max(time, shape.duration / 1000);

/** A redrive from a dead-letter queue back to a queue that fills it, or between any two queues. */
function redrive(d: Draw, shape: Shape, time: number, out: TimelineData[]): void {
  const queueLike = [...shape.queueLike.keys()].filter((q) => !isLateSubscription(q));
  const sources = queueLike.filter((q) => shape.queueLike.get(q)!.deadLetterTo !== undefined);
  let from: string;
  let to: string;
  if (sources.length > 0 && d.bool()) {
    to = d.pick(sources);
    from = shape.queueLike.get(to)!.deadLetterTo!;
  } else {
    if (queueLike.length < 2) return;
    from = d.pick(queueLike);
    to = d.pick(queueLike.filter((q) => q !== from));
  }
  // An unlimited redrive into a bounded drop-head queue whose dead letters lead back to `from` moves
  // messages in a circle for ever within one event (a known model limit, see arbitraries.ts).
  const loops = shape.queueLike.get(to)!.boundedDropHead && deadLettersReach(shape, to, from);
  const limit = loops || d.maybe() ? d.int(1, 10) : undefined;
  out.push({ at: time, action: 'redrive', from, to, ...(limit !== undefined ? { limit } : {}) });
}

/**
 * Up to 3 alerts on what the topology has (groups, queue-likes, dead-letter queues), with thresholds
 * low enough that they fire and resolve within a small run.
 */
function alerts(d: Draw, shape: Shape, duration: number): NonNullable<ScenarioInput['alerts']> {
  const dlqs = [...new Set([...shape.queueLike.values()].map((q) => q.deadLetterTo).filter((q): q is string => q !== undefined))];
  const options: { metric: string; group?: string; broker?: string }[] = [
    ...[...shape.groups].flatMap(([id, g]) => [{ metric: 'lag', group: id }, g.stream ? { metric: 'lag-seconds', group: id } : { metric: 'error-rate', group: id }]),
    ...[...shape.queueLike.keys()].map((q) => ({ metric: 'depth', broker: q })),
    ...dlqs.map((q) => ({ metric: 'dlq-growth', broker: q })),
  ];
  if (options.length === 0 || !d.maybe(30)) return [];
  return Array.from({ length: d.int(1, 3) }, (_, i) => {
    const target = d.pick(options);
    const above = d.pick([0, 0.2, 1, 3]);
    // An error rate is at most 1; the validator refuses a threshold it can never exceed.
    return { name: `alert${i}`, ...target, above: target.metric === 'error-rate' ? above / 4 : above, for: d.pick([0, 0.5, 2]), interval: d.real(0.1, Math.min(3, duration)) };
  }) as NonNullable<ScenarioInput['alerts']>;
}

/** Crash and restart name an instance the group has at some point: at most its size or a size it scales to. */
function fixInstances(actions: TimelineData[], shape: Shape): TimelineData[] {
  return actions.map((a) => {
    if (a.action !== 'crash' && a.action !== 'restart') return a;
    const most = Math.max(1, shape.groups.get(a.group)!.instances);
    return { ...a, instance: 1 + ((a.instance - 1) % most) };
  });
}

/** By time; at equal times subscriptions are created first, then groups, then everything else. */
function sortActions(actions: TimelineData[]): TimelineData[] {
  const rank = (a: TimelineData): number => (a.action === 'add-subscription' ? 0 : a.action === 'add-group' ? 1 : 2);
  return actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.at - y.a.at || rank(x.a) - rank(y.a) || x.i - y.i)
    .map(({ a }) => a);
}

function generate(g: Gen): ScenarioInput {
  const d = new Draw(g);
  const duration = d.real(2, 30);
  const seed = d.int(0, 2 ** 31 - 1);
  const shape: Shape = {
    duration,
    producers: ids('p', d.int(1, 3)),
    queues: [],
    queueLike: new Map(),
    streams: new Map(),
    topics: new Map(),
    groups: new Map(),
    producerTargets: new Map(),
    keyed: false,
  };
  const brokers: BrokerData[] = [];

  // Queues dead-letter only to later queues, so dead-letter chains never form a cycle.
  const queueIds = ids('q', d.int(1, 3));
  shape.queues.push(...queueIds);
  queueIds.forEach((id, i) => {
    const k = queueKnobs(d, queueIds.slice(i + 1));
    noteQueueLike(shape, id, k);
    brokers.push({ id, kind: 'queue', ...k } as BrokerData);
  });
  for (const id of ids('s', d.int(0, 2))) {
    const s = streamBroker(d, id);
    shape.streams.set(id, (s as { partitions: number }).partitions);
    brokers.push(s);
  }
  for (const id of ids('t', d.int(0, 2))) {
    const subscriptions = ids(`${id}s`, d.int(1, 3)).map((subId) => {
      const sub: Record<string, unknown> = { id: subId, ...queueKnobs(d, shape.queues) };
      if (d.maybe()) sub.filter = filter(d, shape.producers);
      noteQueueLike(shape, subId, sub);
      return sub;
    });
    shape.topics.set(
      id,
      subscriptions.map((s) => s.id as string),
    );
    brokers.push({ id, kind: 'topic', subscriptions } as BrokerData);
  }
  if (d.maybe(60)) {
    // A queue that is nearly always full and refuses: the bus must retry it, then give up.
    let refuser: string | undefined;
    if (d.maybe(75)) {
      refuser = 'full';
      const k = { maxLength: d.int(0, 2), overflow: 'reject-publish' };
      noteQueueLike(shape, refuser, k);
      brokers.push({ id: refuser, kind: 'queue', ...k } as BrokerData);
    }
    brokers.push(busBroker(d, 'e0', shape, refuser));
    if (refuser !== undefined) shape.queues.push(refuser);
  }

  const targets = brokers.map((b) => b.id);
  const producers = shape.producers.map((id) => producer(d, id, targets, duration));
  for (const p of producers) shape.producerTargets.set(p.id, p.target);
  shape.keyed = producers.some((p) => (p.keys ?? 0) > 0);

  const consumers: GroupData[] = [];
  const readable = [...shape.queueLike.keys(), ...shape.streams.keys()];
  let groupCount = 0;
  for (const reads of readable) {
    // The full queue is left unconsumed most of the time, so that it stays full.
    const n = d.int(0, reads === 'full' ? 1 : 2);
    for (let i = 0; i < n; i++) consumers.push(groupOn(d, `g${groupCount++}`, reads, shape, 0));
  }

  return {
    version: 1,
    name: 'topology property',
    seed,
    duration,
    limits: { maxEvents: TOPOLOGY_MAX_EVENTS },
    producers,
    brokers,
    dependencies: [{ id: 'dep', timeout: d.real(0.05, 2) }],
    consumers,
    timeline: timeline(d, shape),
    alerts: alerts(d, shape, duration),
  };
}

/** Scenario data (as a user would write it) that validateScenario accepts. */
export const topologyScenarioData: fc.Arbitrary<ScenarioInput> = fc.gen().map((g) => generate(g));
