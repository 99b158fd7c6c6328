import { QUEUE_ONLY_FIELDS, STREAM_ONLY_FIELDS } from './group-fields';
import { catalogOf, isQueueLike, type Catalog, type Endpoint, type EndpointKind, type GroupEntry } from './catalog';
import { checkAlerts } from './check-alerts';
import { checkAutoscale } from './check-autoscale';
import { checkDistribution } from './distributions';
import type { ScenarioError } from './errors';
import type { Scenario, TimelineAction } from './schema';
import { queueKnobErrors } from './schema-queue';
import { checkShareGroup } from './check-share-group';
import { closestMatch } from './suggest';
import { checkDependencies, checkDependencyRef, checkResilience } from './check-resilience';
import { groupDeliveryErrors } from './check-delivery';
import { checkPolicyAction } from './check-policy-actions';
import { checkExpectationsAndVariants } from './variants';

/** The report's depth series keeps one sample per interval; this bounds its memory whatever the duration. */
export const MAX_DEPTH_SAMPLES = 100_000;

const KIND_NAMES: Record<EndpointKind, string> = {
  queue: 'a queue',
  stream: 'a stream',
  topic: 'a topic',
  bus: 'an event bus',
  subscription: 'a subscription',
};

const KIND_PLURALS: Record<EndpointKind, string> = {
  queue: 'queues',
  stream: 'streams',
  topic: 'topics',
  bus: 'event buses',
  subscription: 'subscriptions',
};

const ANY_KIND: readonly EndpointKind[] = ['queue', 'stream', 'topic', 'bus', 'subscription'];
const QUEUE_KINDS: readonly EndpointKind[] = ['queue', 'subscription'];

/** Group fields that only apply when the group reads a stream, or only when it reads a queue. */
const STREAM_ONLY = STREAM_ONLY_FIELDS;
const QUEUE_ONLY = QUEUE_ONLY_FIELDS;

/**
 * What the schema cannot check: unique ids, references that resolve to the right kind of thing,
 * fields that apply to one kind of broker only, distribution parameters, and timeline actions that
 * name things existing at their time.
 */
export function semanticErrors(s: Scenario): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const catalog = catalogOf(s);
  const refs = new References(catalog, errors);
  checkUniqueIds(s, errors);
  checkExpectationsAndVariants(s, errors);

  if (s.sampleInterval !== undefined && s.duration / s.sampleInterval > MAX_DEPTH_SAMPLES) {
    errors.push({
      path: 'sampleInterval',
      message: `gives ${Math.ceil(s.duration / s.sampleInterval)} samples over the duration; the most is ${MAX_DEPTH_SAMPLES}, so use at least ${s.duration / MAX_DEPTH_SAMPLES}`,
    });
  }

  s.producers.forEach((p, i) => {
    const target = refs.endpoint(p.target, `producers[${i}].target`);
    if (target?.kind === 'subscription') {
      errors.push({ path: `producers[${i}].target`, message: `"${p.target}" is a subscription, which gets copies from its topic; publish to topic "${target.topic}" instead` });
    } else if (target !== undefined && target.from > 0) {
      errors.push({ path: `producers[${i}].target`, message: `"${p.target}" only exists from ${target.from} s` });
    }
    const rateLater = s.timeline.some((a) => a.action === 'set-rate' && a.producer === p.id && a.perSecond > 0);
    if (p.rate === undefined && p.bursts.length === 0 && !rateLater) {
      errors.push({ path: `producers[${i}]`, message: 'publishes nothing: give it a rate, bursts, or a set-rate action in the timeline' });
    }
    if (p.stop !== undefined && p.stop < p.start) {
      errors.push({ path: `producers[${i}].stop`, message: `must be >= start (${p.start}), got ${p.stop}` });
    }
    p.bursts.forEach((b, j) => {
      if (b.at + b.spread > s.duration) {
        errors.push({ path: `producers[${i}].bursts[${j}]`, message: `ends at ${b.at + b.spread} s, after the run ends (duration ${s.duration})` });
      }
    });
    checkDistribution(p.payloadBytes, `producers[${i}].payloadBytes`, errors);
    if (p.confirms !== undefined) checkDistribution(p.confirms.latency, `producers[${i}].confirms.latency`, errors);
    if (p.whenFull === 'block' && target !== undefined && target.kind !== 'subscription') {
      // Blocking waits for room, so the target must be able to be full and say so to the publisher.
      const q = target.queue;
      if (q === undefined || (q.maxLength === undefined && q.maxBytes === undefined) || q.overflow !== 'reject-publish') {
        errors.push({
          path: `producers[${i}].whenFull`,
          message: `"block" waits for room in a full queue, but "${p.target}" ${
            q === undefined ? `is ${KIND_NAMES[target.kind]}, which never refuses for being full` : 'never refuses a publish for being full'
          }; give it a queue with maxLength and overflow "reject-publish", or use whenFull "fail"`,
        });
      }
    }
  });

  const anyKeyedProducer = s.producers.some((p) => p.keys > 0);
  for (const endpoint of catalog.endpoints.values()) {
    if (endpoint.queue?.deadLetterTo !== undefined) checkDeadLetter(endpoint, catalog, refs, errors);
    if (endpoint.queue !== undefined) errors.push(...queueKnobErrors(endpoint.queue, endpoint.path, anyKeyedProducer));
  }
  s.brokers.forEach((b, i) => {
    if (b.kind === 'bus') checkBus(b, `brokers[${i}]`, refs, errors);
  });
  checkDependencies(s.dependencies, errors);
  checkAlerts(s, refs, errors);
  for (const group of catalog.groups) checkGroup(group, refs, errors);
  s.timeline.forEach((a, i) => checkTimelineAction(s, catalog, a, `timeline[${i}]`, refs, errors));
  return errors;
}

/** Resolves ids to what they name, reporting a missing one with a suggestion. */
class References {
  constructor(
    readonly catalog: Catalog,
    private readonly errors: ScenarioError[],
  ) {}

  /**
   * The endpoint `ref` names, or an error. The suggestion and the list in that error come from the
   * endpoints of `kinds` only: those are what the field can name, so suggesting anything else
   * would lead to a second error.
   */
  endpoint(ref: string, path: string, kinds: readonly EndpointKind[] = ANY_KIND): Endpoint | undefined {
    const found = this.catalog.endpoints.get(ref);
    if (found !== undefined) return found;
    const ids = [...this.catalog.endpoints.values()].filter((e) => kinds.includes(e.kind)).map((e) => e.id);
    const guess = closestMatch(ref, ids);
    const names = kinds === ANY_KIND ? 'brokers and subscriptions' : listOf(kinds.map((k) => KIND_PLURALS[k]));
    const hint = guess !== undefined ? `; did you mean "${guess}"?` : ids.length > 0 ? `; ${names} are: ${ids.join(', ')}` : `; there are no ${names}`;
    this.errors.push({ path, message: `no broker or subscription has id "${ref}"${hint}` });
    return undefined;
  }

  /** The endpoint `ref` names if it is one of `kinds`; otherwise an error saying what it is and what would do. */
  endpointOf(ref: string, path: string, kinds: readonly EndpointKind[], what: string): Endpoint | undefined {
    const found = this.endpoint(ref, path, kinds);
    if (found === undefined) return undefined;
    if (kinds.includes(found.kind)) return found;
    this.errors.push({ path, message: `"${ref}" is ${KIND_NAMES[found.kind]}; ${what}` });
    return undefined;
  }

  group(ref: string, path: string): GroupEntry | undefined {
    const found = this.catalog.groups.find((g) => g.spec.id === ref);
    if (found !== undefined) return found;
    const ids = this.catalog.groups.map((g) => g.spec.id);
    const guess = closestMatch(ref, ids);
    const hint = guess !== undefined ? `; did you mean "${guess}"?` : ids.length > 0 ? `; consumer groups are: ${ids.join(', ')}` : '; there are no consumer groups';
    this.errors.push({ path, message: `no consumer group has id "${ref}"${hint}` });
    return undefined;
  }
}

function checkUniqueIds(s: Scenario, errors: ScenarioError[]): void {
  const seen = new Map<string, string>();
  const claim = (id: string, path: string): void => {
    const first = seen.get(id);
    if (first !== undefined) errors.push({ path, message: `id "${id}" is already used by ${first}; ids must be unique` });
    else seen.set(id, path);
  };
  s.producers.forEach((p, i) => claim(p.id, `producers[${i}].id`));
  s.brokers.forEach((b, i) => {
    claim(b.id, `brokers[${i}].id`);
    if (b.kind === 'topic') b.subscriptions.forEach((sub, j) => claim(sub.id, `brokers[${i}].subscriptions[${j}].id`));
  });
  s.consumers.forEach((c, i) => claim(c.id, `consumers[${i}].id`));
  s.timeline.forEach((a, i) => {
    if (a.action === 'add-subscription') claim(a.subscription.id, `timeline[${i}].subscription.id`);
    if (a.action === 'add-group') claim(a.group.id, `timeline[${i}].group.id`);
  });
}

function checkDeadLetter(endpoint: Endpoint, catalog: Catalog, refs: References, errors: ScenarioError[]): void {
  const path = `${endpoint.path}.deadLetterTo`;
  const ref = endpoint.queue!.deadLetterTo!;
  if (ref === endpoint.id) {
    errors.push({ path, message: `${KIND_NAMES[endpoint.kind]} cannot be its own dead-letter queue` });
    return;
  }
  if (refs.endpointOf(ref, path, ['queue'], 'a dead-letter queue must be a queue') === undefined) return;
  const cycle = deadLetterCycle(catalog, endpoint.id);
  // Reported once, at the cycle's first queue in file order.
  const first = [...catalog.endpoints.values()].find((e) => cycle?.includes(e.id));
  if (cycle !== undefined && first === endpoint) {
    errors.push({
      path,
      message: `dead-letter queues form a cycle (${[...cycle, cycle[0]].join(' → ')}), so a message could circle for ever; end the chain at a queue without deadLetterTo`,
    });
  }
}

/** The dead-letter cycle through `start` (its queue ids in chain order), if following deadLetterTo from it comes back. */
function deadLetterCycle(catalog: Catalog, start: string): string[] | undefined {
  const next = (id: string): string | undefined => catalog.endpoints.get(id)?.queue?.deadLetterTo;
  const chain: string[] = [start];
  for (let id = next(start); id !== undefined; id = next(id)) {
    if (id === start) return chain;
    if (chain.includes(id)) return undefined;
    chain.push(id);
  }
  return undefined;
}

function checkBus(bus: Extract<Scenario['brokers'][number], { kind: 'bus' }>, path: string, refs: References, errors: ScenarioError[]): void {
  const ruleIds = new Set<string>();
  bus.rules.forEach((rule, i) => {
    const rulePath = `${path}.rules[${i}]`;
    if (ruleIds.has(rule.id)) errors.push({ path: `${rulePath}.id`, message: `rule id "${rule.id}" is already used in bus "${bus.id}"` });
    ruleIds.add(rule.id);
    const targets = new Set<string>();
    rule.targets.forEach((t, j) => {
      const at = `${rulePath}.targets[${j}]`;
      if (targets.has(t.to)) errors.push({ path: `${at}.to`, message: `"${t.to}" is already a target of this rule` });
      targets.add(t.to);
      const target = refs.endpointOf(t.to, `${at}.to`, ['queue', 'topic', 'stream'], 'a bus target must be a queue, topic or stream');
      if (target !== undefined && target.from > 0) errors.push({ path: `${at}.to`, message: `"${t.to}" only exists from ${target.from} s` });
      if (t.deadLetterTo !== undefined) {
        if (t.deadLetterTo === t.to) {
          errors.push({ path: `${at}.deadLetterTo`, message: `is the target "${t.to}" itself, which refused the events the bus gives up on; name another queue` });
        } else refs.endpointOf(t.deadLetterTo, `${at}.deadLetterTo`, ['queue'], 'a dead-letter queue must be a queue');
      }
      if (t.retry !== undefined && t.retry.backoff.max < t.retry.backoff.base) {
        errors.push({ path: `${at}.retry.backoff.max`, message: `must be >= base (${t.retry.backoff.base}), got ${t.retry.backoff.max}` });
      }
    });
  });
}

function checkGroup(group: GroupEntry, refs: References, errors: ScenarioError[]): void {
  const { spec, path } = group;
  const source = refs.endpointOf(spec.reads, `${path}.reads`, ['queue', 'subscription', 'stream'], readsHint(spec.reads, refs.catalog));
  checkWork(spec, path, errors);
  checkAutoscale(spec, path, source, errors);
  if (spec.crashes !== undefined) {
    checkDistribution(spec.crashes.uptime, `${path}.crashes.uptime`, errors, true);
    checkDistribution(spec.crashes.downtime, `${path}.crashes.downtime`, errors);
  }
  if (source === undefined) return;
  if (source.from > group.from) {
    errors.push({ path: `${path}.reads`, message: `"${spec.reads}" only exists from ${source.from} s, but the group starts at ${group.from} s` });
  }
  if (source.kind === 'stream' && spec.share !== undefined) {
    // A shared group is a queue group fed from the log: the queue-group checks below apply.
    checkShareGroup(group, (ref, at, kinds, what) => refs.endpointOf(ref, at, kinds, what), errors);
    checkResilience(group, refs.catalog, errors);
    return;
  }
  if (source.kind === 'stream') {
    for (const field of QUEUE_ONLY) {
      if (spec[field] !== undefined) errors.push({ path: `${path}.${field}`, message: `applies to groups reading a queue; "${spec.reads}" is a stream` });
    }
    if (spec.concurrency !== 1) {
      errors.push({ path: `${path}.concurrency`, message: `a stream member processes its records one at a time, in order; use 1 and add instances (up to the ${source.stream!.partitions} partitions) for parallelism` });
    }
    return;
  }
  for (const field of STREAM_ONLY) {
    if (spec[field] !== undefined) errors.push({ path: `${path}.${field}`, message: `applies to groups reading a stream; "${spec.reads}" is ${KIND_NAMES[source.kind]}` });
  }
  if (spec.pull !== undefined && spec.prefetch !== undefined) {
    errors.push({ path: `${path}.prefetch`, message: 'applies to push consumers; in pull mode pull.batchSize caps what an instance holds' });
  }
  checkResilience(group, refs.catalog, errors);
  groupDeliveryErrors(group, source, errors);
  // At most once, groupDeliveryErrors refuses no-ack for its own reason.
  if (spec.failure?.action === 'no-ack' && source.queue?.ackTimeout === undefined && source.queue?.delivery !== 'at-most-once') {
    errors.push({
      path: `${path}.failure.action`,
      message: `"no-ack" leaves a failed message in flight until its lease expires, but "${source.id}" has no ackTimeout; set one or use "requeue" or "reject"`,
    });
  }
}

/** Exactly one of processing and handler, with valid distributions and distinct call names. */
function checkWork(spec: GroupEntry['spec'], path: string, errors: ScenarioError[]): void {
  if (spec.processing !== undefined && spec.handler !== undefined) {
    errors.push({ path: `${path}.handler`, message: 'give either processing (one time per message) or handler (its downstream calls), not both' });
  } else if (spec.processing === undefined && spec.handler === undefined) {
    errors.push({ path: `${path}.processing`, message: 'is required unless the group has a handler: give processing (one time per message) or handler (its downstream calls)' });
  }
  if (spec.processing !== undefined) checkDistribution(spec.processing, `${path}.processing`, errors);
  const names = new Set<string>();
  spec.handler?.calls.forEach((call, j) => {
    const at = `${path}.handler.calls[${j}]`;
    if (names.has(call.name)) errors.push({ path: `${at}.name`, message: `call name "${call.name}" is already used in this handler; names must be unique` });
    names.add(call.name);
    checkDistribution(call.latency, `${at}.latency`, errors);
  });
}

function readsHint(ref: string, catalog: Catalog): string {
  const endpoint = catalog.endpoints.get(ref);
  if (endpoint?.kind === 'topic') {
    const subs = [...catalog.endpoints.values()].filter((e) => e.topic === ref).map((e) => e.id);
    return subs.length > 0
      ? `a group reads one of its subscriptions: ${subs.join(', ')}`
      : 'a group reads one of its subscriptions, and it has none; add one to its subscriptions';
  }
  return 'a group reads a queue, a subscription or a stream (a bus routes to those)';
}

function checkTimelineAction(s: Scenario, catalog: Catalog, a: TimelineAction, path: string, refs: References, errors: ScenarioError[]): void {
  if (a.at > s.duration) errors.push({ path: `${path}.at`, message: `${a.at} s is after the run ends (duration ${s.duration})` });
  const existingGroup = (ref: string): GroupEntry | undefined => {
    const group = refs.group(ref, `${path}.group`);
    if (group !== undefined && group.from > a.at) {
      errors.push({ path: `${path}.group`, message: `group "${ref}" is only created at ${group.from} s` });
      return undefined;
    }
    return group;
  };
  switch (a.action) {
    case 'crash':
    case 'restart': {
      const group = existingGroup(a.group);
      if (group === undefined) return;
      // An instance may exist only after a scale-out, so the bound is the most the group ever has.
      const most = Math.max(group.spec.instances, ...s.timeline.map((t) => (t.action === 'scale' && t.group === a.group ? t.instances : 0)));
      if (a.instance > most) errors.push({ path: `${path}.instance`, message: `group "${a.group}" never has more than ${most} instances, got ${a.instance}` });
      return;
    }
    case 'scale':
      existingGroup(a.group);
      return;
    case 'set-processing': {
      const group = existingGroup(a.group);
      if (group?.spec.handler !== undefined) {
        errors.push({
          path: `${path}.group`,
          message: `group "${a.group}" has a handler, whose calls set its processing time; set-processing only applies to groups with processing (edit the handler's calls instead)`,
        });
      }
      checkDistribution(a.processing, `${path}.processing`, errors);
      return;
    }
    case 'set-rate':
      if (!s.producers.some((p) => p.id === a.producer)) {
        const ids = s.producers.map((p) => p.id);
        const guess = closestMatch(a.producer, ids);
        errors.push({ path: `${path}.producer`, message: `no producer has id "${a.producer}"${guess !== undefined ? `; did you mean "${guess}"?` : `; producers are: ${ids.join(', ')}`}` });
      }
      return;
    case 'redrive':
      for (const [end, ref] of [
        ['from', a.from],
        ['to', a.to],
      ] as const) {
        const endpoint = refs.endpoint(ref, `${path}.${end}`, QUEUE_KINDS);
        if (endpoint !== undefined && !isQueueLike(endpoint.kind)) errors.push({ path: `${path}.${end}`, message: `"${ref}" is ${KIND_NAMES[endpoint.kind]}; a redrive moves messages between queues` });
      }
      if (a.from === a.to) errors.push({ path: `${path}.to`, message: 'must name a different queue than from' });
      return;
    case 'add-subscription':
      refs.endpointOf(a.topic, `${path}.topic`, ['topic'], 'subscriptions belong to a topic');
      return;
    case 'add-group':
      return;
    case 'outage':
      checkDependencyRef(a.dependency, `${path}.dependency`, catalog, errors);
      return;
    case 'set-queue-limits':
    case 'set-producer-flow':
    case 'set-prefetch':
    case 'set-pull':
    case 'set-autoscale':
    case 'set-breaker':
    case 'set-failure':
    case 'set-idempotency':
    case 'add-partitions': {
      const queue = (ref: string, at: string): Endpoint | undefined => refs.endpointOf(ref, at, QUEUE_KINDS, 'its limits belong to a queue or a subscription');
      checkPolicyAction(s, a, path, { catalog, group: existingGroup, queue }, errors);
      return;
    }
    case 'reset-offsets': {
      const group = existingGroup(a.group);
      if (group !== undefined && catalog.endpoints.get(group.spec.reads)?.kind !== 'stream') {
        errors.push({ path: `${path}.group`, message: `group "${a.group}" reads "${group.spec.reads}", not a stream; only stream groups have offsets` });
      } else if (group?.spec.share !== undefined) {
        errors.push({ path: `${path}.group`, message: `group "${a.group}" is a shared group (share): it keeps a cursor and pending entries, not offsets to reset` });
      }
      checkResetTarget(a, path, errors);
      return;
    }
  }
}

function checkResetTarget(a: Extract<TimelineAction, { action: 'reset-offsets' }>, path: string, errors: ScenarioError[]): void {
  if (a.to === 'offset' && a.offset === undefined) errors.push({ path: `${path}.offset`, message: 'is required (a whole number >= 0) when to is "offset"' });
  if (a.to === 'timestamp' && a.timestamp === undefined) errors.push({ path: `${path}.timestamp`, message: 'is required (a virtual time in seconds) when to is "timestamp"' });
  if (a.to !== 'offset' && a.offset !== undefined) errors.push({ path: `${path}.offset`, message: `only applies when to is "offset", not "${a.to}"` });
  if (a.to !== 'timestamp' && a.timestamp !== undefined) errors.push({ path: `${path}.timestamp`, message: `only applies when to is "timestamp", not "${a.to}"` });
}

/** "a", "a and b", "a, b and c". */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}
