import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/model';
import { Run } from '../../src/runtime';
import type { Scenario } from '../../src/scenario';
import { lifecycleScenarioData, POLICY_COMBINATIONS, withPolicies } from '../helpers/arbitraries';
import { scenarioFrom } from '../helpers/scenarios';

/** The generated scenarios hold queues only. */
type QueueSpec = Extract<Scenario['brokers'][number], { kind: 'queue' }>;

/**
 * Lease, prefetch and delivery-count rules, checked by replaying the trace of random lifecycle runs
 * with a bookkeeper of our own (it trusts no model or metrics code, only the documented meaning of
 * each record kind).
 */

type Rule = 'leases' | 'prefetch' | 'attempts' | 'delivery-limit' | 'timing' | 'order' | 'crash-uptime' | 'crash-returns';

/** One message's stay in one queue: from its `enqueued` there until it leaves. */
interface Stay {
  broker: string;
  enqueuedAt: number;
  deliveries: number;
  /** Reason of the last `requeued` in this stay, '' before any. */
  lastRequeue: string;
}

interface Lease {
  broker: string;
  consumer: string;
  deliveredAt: number;
}

const EPSILON = 1e-9;
const MAX_TRACE_RECORDS = 200_000;

/** Replays a trace and collects every broken rule, with the record that broke it. */
class LifecycleReplay {
  readonly broken = new Map<Rule, string[]>();
  private readonly leases = new Map<number, Lease>();
  private readonly stays = new Map<number, Stay>();
  private readonly delayedAt = new Map<number, number>();
  private readonly heldBy = new Map<string, number>();
  private readonly down = new Set<string>();
  private readonly removed = new Set<string>();
  /**
   * Per queue, its ready messages front to back: an arrival joins the back, a requeued message the
   * front; deliveries, overflow, expiry and redrive take the front.
   */
  private readonly ready = new Map<string, number[]>();
  /** When each message last went back to a queue, so that messages requeued together keep publish order. */
  private readonly returnedAt = new Map<number, number>();
  /** Per queue, its front message and since when it has been there. */
  private readonly heads = new Map<string, { message: number | undefined; since: number }>();
  /** Messages already reported as overdue at the head of their queue. */
  private readonly overdue = new Set<number>();
  /** When each instance last started: at 0, on a restart, or when a scale-out created it. */
  private readonly startedAt = new Map<string, number>();
  private readonly brokers: Map<string, QueueSpec>;
  private readonly prefetch: Map<string, number>;
  /** Constant crash uptimes by group: the only case where the next crash time is known exactly. */
  private readonly constantUptime = new Map<string, number>();
  /** "consumer@time" of every crash the timeline asks for. */
  private readonly plannedCrashes: Set<string>;

  constructor(scenario: Scenario) {
    this.brokers = new Map(scenario.brokers.flatMap((b) => (b.kind === 'queue' ? [[b.id, b] as const] : [])));
    this.prefetch = new Map(scenario.consumers.map((c) => [c.id, c.prefetch ?? c.concurrency]));
    for (const c of scenario.consumers) {
      if (c.crashes?.uptime.type === 'constant') this.constantUptime.set(c.id, c.crashes.uptime.value);
      for (let i = 1; i <= c.instances; i++) this.startedAt.set(`${c.id}#${i}`, 0);
    }
    this.plannedCrashes = new Set(scenario.timeline.flatMap((a) => (a.action === 'crash' ? [`${a.group}#${a.instance}@${a.at}`] : [])));
  }

  broke(rule: Rule): string[] {
    return this.broken.get(rule) ?? [];
  }

  readonly observe = (r: Readonly<TraceRecord>): void => {
    const lease = this.leases.get(r.message);
    const stay = this.stays.get(r.message);
    const broker = this.brokers.get(r.broker);
    const what = `${r.kind} of message ${r.message} in ${r.broker} at t=${r.time}${r.consumer ? ` by ${r.consumer}` : ''}${r.reason ? ` (${r.reason})` : ''}`;
    this.checkHeadsNotOverdue(r.time);
    this.apply(r, what, lease, stay, broker);
    if (r.broker !== '') this.noteHead(r.broker, r.time);
  };

  private apply(
    r: Readonly<TraceRecord>,
    what: string,
    lease: Lease | undefined,
    stay: Stay | undefined,
    broker: QueueSpec | undefined,
  ): void {
    switch (r.kind) {
      case 'delayed':
        this.delayedAt.set(r.message, r.time);
        return;
      case 'enqueued': {
        const delayedAt = this.delayedAt.get(r.message);
        if (delayedAt !== undefined) {
          this.delayedAt.delete(r.message);
          const due = delayedAt + (broker?.deliveryDelay ?? 0);
          if (Math.abs(r.time - due) > EPSILON) this.fail('timing', `${what}: its delivery delay ended at ${due}`);
        }
        this.stays.set(r.message, { broker: r.broker, enqueuedAt: r.time, deliveries: 0, lastRequeue: '' });
        this.readyIn(r.broker).push(r.message);
        return;
      }
      case 'delivered':
        this.takeHead(r, what);
        this.delivered(r, what, lease, stay);
        return;
      case 'acked':
        if (r.reason === 'late') {
          if (lease !== undefined) this.fail('leases', `${what}: a late ack for a message that is in flight`);
          if (broker?.lateAck !== 'accept') this.fail('leases', `${what}: the broker's lateAck policy is ${broker?.lateAck}`);
          // An accepted late ack finds the message waiting again, wherever it is in the queue.
          const queue = this.readyIn(r.broker);
          if (queue.includes(r.message)) queue.splice(queue.indexOf(r.message), 1);
          else this.fail('leases', `${what}: it was not waiting in the queue`);
        } else if (lease === undefined || lease.consumer !== r.consumer || lease.broker !== r.broker) {
          this.fail('leases', `${what}: the live lease is ${lease ? `${lease.consumer}'s in ${lease.broker}` : 'nobody’s'}`);
        }
        this.leave(r.message);
        return;
      case 'requeued':
        if (lease === undefined) this.fail('leases', `${what}: it was not in flight`);
        else {
          this.checkReturnCause(r, what, lease);
          this.release(r.message, lease);
        }
        if (stay !== undefined) stay.lastRequeue = r.reason;
        this.requeue(r);
        return;
      case 'flagged':
        if (lease === undefined) this.fail('leases', `${what}: it was not in flight`);
        else this.release(r.message, lease);
        this.checkLimitReached(r, what, stay);
        return;
      case 'dropped':
      case 'dead-lettered': {
        // rejected and delivery-limit take a message in flight; maxlen and expired take a ready one;
        // a refused dead-letter concerns a message already on its way out of its queue.
        const fromFlight = r.reason === 'rejected' || r.reason === 'delivery-limit';
        if (fromFlight !== (lease !== undefined)) this.fail('leases', `${what}: ${fromFlight ? 'it was not in flight' : 'it was in flight'}`);
        if (r.reason === 'delivery-limit') this.checkLimitReached(r, what, stay);
        if (r.reason === 'expired') this.checkExpiry(r, what, stay);
        if (r.reason === 'maxlen' || r.reason === 'expired') this.takeHead(r, what);
        if (r.reason !== 'dead-letter-refused') this.leave(r.message);
        return;
      }
      case 'expired':
        if (lease !== undefined) this.fail('leases', `${what}: it was in flight`);
        this.checkExpiry(r, what, stay);
        this.takeHead(r, what);
        this.leave(r.message);
        return;
      case 'redriven':
        if (lease !== undefined) this.fail('leases', `${what}: it was in flight`);
        this.takeHead(r, what);
        this.leave(r.message);
        return;
      case 'crashed': {
        this.down.add(r.consumer);
        const uptime = this.constantUptime.get(r.group);
        if (uptime === undefined || this.plannedCrashes.has(`${r.consumer}@${r.time}`)) return;
        const due = (this.startedAt.get(r.consumer) ?? NaN) + uptime;
        if (!(Math.abs(r.time - due) <= EPSILON)) this.fail('crash-uptime', `${what}: it started at ${this.startedAt.get(r.consumer)} with a constant uptime of ${uptime}`);
        return;
      }
      case 'restarted':
        this.expectEmptyHanded(r.consumer, what);
        this.down.delete(r.consumer);
        this.startedAt.set(r.consumer, r.time);
        return;
      case 'scaled':
        if (r.reason === 'down') this.removed.add(r.consumer);
        else this.startedAt.set(r.consumer, r.time);
        return;
      case 'published':
      case 'rejected':
      case 'late-ack':
        return;
    }
  }

  private readyIn(broker: string): number[] {
    let queue = this.ready.get(broker);
    if (queue === undefined) {
      queue = [];
      this.ready.set(broker, queue);
    }
    return queue;
  }

  /**
   * A requeued message goes back to the front, in its original place where it can: messages returned
   * together (a crash, leases running out at the same instant) go back in publish order, as in RabbitMQ.
   */
  private requeue(r: Readonly<TraceRecord>): void {
    const queue = this.readyIn(r.broker);
    let position = 0;
    while (position < queue.length && this.returnedAt.get(queue[position]!) === r.time && queue[position]! < r.message) position++;
    queue.splice(position, 0, r.message);
    this.returnedAt.set(r.message, r.time);
  }

  /** The message leaves the ready queue, and it must be the one at its front. */
  private takeHead(r: Readonly<TraceRecord>, what: string): void {
    const queue = this.readyIn(r.broker);
    if (queue[0] === r.message) {
      queue.shift();
      return;
    }
    const at = queue.indexOf(r.message);
    this.fail('order', at < 0 ? `${what}: it was not waiting in the queue` : `${what}: it was number ${at + 1} in the queue, behind message ${queue[0]}`);
    if (at >= 0) queue.splice(at, 1);
  }

  /**
   * TTL is enforced at the head, on time: a front message leaves when its TTL runs out, or at once if it
   * reaches the front already expired. So none may still be there after both of those moments.
   */
  private checkHeadsNotOverdue(now: number): void {
    for (const [id, { message, since }] of this.heads) {
      const ttl = this.brokers.get(id)?.messageTtl;
      if (ttl === undefined || message === undefined || this.overdue.has(message)) continue;
      const due = Math.max(this.stays.get(message)!.enqueuedAt + ttl, since);
      if (due < now - EPSILON) {
        this.overdue.add(message);
        this.fail('timing', `message ${message} is still at the head of ${id} at t=${now}, though it should have expired at ${due}`);
      }
    }
  }

  /** Call at the end of the run: instances that are down or gone must hold nothing. */
  finish(end: number): void {
    for (const consumer of new Set([...this.down, ...this.removed])) this.expectEmptyHanded(consumer, `end of the run at t=${end}`);
  }

  /** A crash or scale-in hands back every unacknowledged delivery (as a closed channel does), so nothing stays leased to it. */
  private expectEmptyHanded(consumer: string, when: string): void {
    const held = this.heldBy.get(consumer) ?? 0;
    if (held === 0) return;
    const messages = [...this.leases].filter(([, lease]) => lease.consumer === consumer).map(([id]) => id);
    this.fail('crash-returns', `${when}: ${consumer} stopped but still holds leases on messages ${messages.join(', ')}`);
  }

  private delivered(r: Readonly<TraceRecord>, what: string, lease: Lease | undefined, stay: Stay | undefined): void {
    if (lease !== undefined) this.fail('leases', `${what}: ${lease.consumer} still holds a live lease on it`);
    if (this.down.has(r.consumer) || this.removed.has(r.consumer)) this.fail('leases', `${what}: the instance is not running`);
    const held = (this.heldBy.get(r.consumer) ?? 0) + 1;
    this.heldBy.set(r.consumer, held);
    const prefetch = this.prefetch.get(r.group)!;
    if (held > prefetch) this.fail('prefetch', `${what}: ${r.consumer} now holds ${held} unacknowledged deliveries, prefetch ${prefetch}`);
    this.leases.set(r.message, { broker: r.broker, consumer: r.consumer, deliveredAt: r.time });
    if (stay === undefined || stay.broker !== r.broker) {
      this.fail('attempts', `${what}: it was never enqueued there`);
      return;
    }
    stay.deliveries++;
    if (r.attempt !== stay.deliveries) this.fail('attempts', `${what}: attempt ${r.attempt}, but this is delivery ${stay.deliveries} in this queue`);
    if (r.attempt === 1 && r.reason !== '') this.fail('attempts', `${what}: a first delivery names a redelivery cause`);
    if (r.attempt > 1 && (r.reason === '' || r.reason !== stay.lastRequeue)) {
      this.fail('attempts', `${what}: redelivery cause "${r.reason}", but the last requeue said "${stay.lastRequeue}"`);
    }
    const limit = this.brokers.get(r.broker)?.maxDeliveries;
    if (limit !== undefined && stay.deliveries > limit) this.fail('delivery-limit', `${what}: delivery ${stay.deliveries}, maxDeliveries ${limit}`);
    const ttl = this.brokers.get(r.broker)?.messageTtl;
    if (ttl !== undefined && r.time >= stay.enqueuedAt + ttl) this.fail('timing', `${what}: its TTL ran out at ${stay.enqueuedAt + ttl}`);
  }

  /** A requeue's cause must match what happened: the lease's time ran out, or its holder crashed or left. */
  private checkReturnCause(r: Readonly<TraceRecord>, what: string, lease: Lease): void {
    switch (r.reason) {
      case 'lease-expired': {
        const ackTimeout = this.brokers.get(r.broker)?.ackTimeout;
        const due = lease.deliveredAt + (ackTimeout ?? NaN);
        if (!(Math.abs(r.time - due) <= EPSILON)) this.fail('timing', `${what}: the lease given at ${lease.deliveredAt} ran until ${due}`);
        return;
      }
      case 'crash':
        if (!this.down.has(lease.consumer)) this.fail('leases', `${what}: its holder ${lease.consumer} did not crash`);
        return;
      case 'scale-in':
        if (!this.removed.has(lease.consumer)) this.fail('leases', `${what}: its holder ${lease.consumer} did not leave`);
        return;
      case 'nack':
        return;
      default:
        this.fail('leases', `${what}: unknown requeue cause`);
    }
  }

  /** Notes when `broker`'s front message changed (every change of a queue goes through a record naming it). */
  private noteHead(broker: string, now: number): void {
    const front = this.ready.get(broker)?.[0];
    const head = this.heads.get(broker);
    if (head === undefined || head.message !== front) this.heads.set(broker, { message: front, since: now });
  }

  private checkLimitReached(r: Readonly<TraceRecord>, what: string, stay: Stay | undefined): void {
    const limit = this.brokers.get(r.broker)?.maxDeliveries;
    if (limit === undefined || stay?.deliveries !== limit) {
      this.fail('delivery-limit', `${what}: ${stay?.deliveries ?? 0} deliveries in this queue, maxDeliveries ${limit}`);
    }
  }

  private checkExpiry(r: Readonly<TraceRecord>, what: string, stay: Stay | undefined): void {
    const ttl = this.brokers.get(r.broker)?.messageTtl;
    if (ttl === undefined || stay === undefined || r.time < stay.enqueuedAt + ttl - EPSILON) {
      this.fail('timing', `${what}: enqueued at ${stay?.enqueuedAt}, TTL ${ttl}`);
    }
  }

  private release(message: number, lease: Lease): void {
    this.leases.delete(message);
    this.heldBy.set(lease.consumer, this.heldBy.get(lease.consumer)! - 1);
  }

  /** The message leaves its queue (acked, dropped, expired, dead-lettered or redriven). */
  private leave(message: number): void {
    const lease = this.leases.get(message);
    if (lease !== undefined) this.release(message, lease);
    this.stays.delete(message);
  }

  private fail(rule: Rule, text: string): void {
    const list = this.broken.get(rule) ?? [];
    if (list.length < 5) list.push(text);
    this.broken.set(rule, list);
  }
}

function replay(data: unknown): LifecycleReplay {
  const scenario = scenarioFrom(data);
  const replayer = new LifecycleReplay(scenario);
  let records = 0;
  const run = new Run(scenario, {
    onTrace: (r) => {
      if (++records > MAX_TRACE_RECORDS) throw new Error(`runaway run: more than ${MAX_TRACE_RECORDS} trace records, still at t = ${r.time}`);
      replayer.observe(r);
    },
  });
  run.advanceTo(run.duration);
  replayer.finish(run.now);
  return replayer;
}

/** Generated scenarios, half of them with one policy combination forced on every queue and group. */
const scenarios = fc.oneof(
  lifecycleScenarioData,
  fc.tuple(lifecycleScenarioData, fc.constantFrom(...POLICY_COMBINATIONS)).map(([data, combination]) => withPolicies(data, combination)),
);

function holds(rule: Rule, numRuns = 200): void {
  fc.assert(
    fc.property(scenarios, (data) => {
      expect(replay(data).broke(rule)).toEqual([]);
    }),
    { numRuns },
  );
}

describe('queue delivery lifecycle, replayed from the trace', () => {
  it('never delivers a message that has a live lease, and only the lease holder acks it in time', () => {
    holds('leases');
  });

  it('never lets an instance hold more unacknowledged deliveries than its prefetch', () => {
    holds('prefetch');
  });

  it('numbers deliveries 1, 2, 3… within a queue, and a redelivery names the cause its requeue gave', () => {
    holds('attempts');
  });

  it('never delivers a message more than maxDeliveries times in one queue, and applies the limit exactly at it', () => {
    holds('delivery-limit');
  });

  it('ends leases after exactly ackTimeout and delays after exactly deliveryDelay, expires the head on time, and never delivers an expired message', () => {
    holds('timing');
  });

  it('takes deliveries, overflow drops, expiries and redrives from the front of each queue, where requeued messages go back', () => {
    holds('order');
  });

  it('takes back every unacknowledged delivery of an instance that crashes or leaves, including ones it failed silently', () => {
    holds('crash-returns');
  });

  it('crashes an instance exactly one uptime after it started, when the uptime is constant and the timeline does not intervene', () => {
    holds('crash-uptime');
  });
});

/** One message (or a few) published at t = 0 into `jobs`, read by `workers`; each case adds its knobs. */
function small(name: string, parts: { count?: number; jobs?: object; workers?: object; timeline?: object[]; duration?: number }): unknown {
  return {
    version: 1,
    name,
    duration: parts.duration ?? 5,
    producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 0, count: parts.count ?? 1 }] }],
    brokers: [{ id: 'jobs', kind: 'queue', ...parts.jobs }],
    consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 4 }, ...parts.workers }],
    timeline: parts.timeline ?? [],
  };
}

describe('counterexamples the properties found, as minimal scenarios', () => {
  it('keeps an expired message that returns behind another returned at the same instant until it reaches the head', () => {
    // Both leases in b1 end at 0.05, when both TTLs are over: message 1 goes back to the front and expires
    // there; message 2, returned behind it, may only expire once it is at the head itself.
    const queue = { kind: 'queue', ackTimeout: 0.05000000000000011, lateAck: 'ignore', maxDeliveries: 2, onMaxDeliveries: 'dead-letter' };
    const data = {
      version: 1,
      name: 'expired returns at one instant',
      seed: 313125908,
      duration: 15.715444866467733,
      brokers: [
        { id: 'b0', ...queue, maxLength: 0, overflow: 'drop-head', deliveryDelay: 1.5e-323, deadLetterTo: 'b1' },
        { id: 'b1', ...queue, maxLength: 1, overflow: 'drop-head', messageTtl: 0.05000000000000008, deliveryDelay: 7.827398981335274e-201 },
      ],
      producers: [{ id: 'p0', target: 'b0', rate: { process: 'poisson', perSecond: 0.5 }, bursts: [{ at: 0, count: 2, spread: 0 }], start: 0, stop: 9.42926691988064 }],
      consumers: [
        { id: 'g0', reads: 'b0', processing: { type: 'exponential', mean: 0.0355697324198203 }, failure: { probability: 0.3, action: 'requeue' } },
        { id: 'g1', reads: 'b1', processing: { type: 'exponential', mean: 0.07370332171470856 }, failure: { probability: 0.3, action: 'requeue' } },
      ],
    };
    expect(replay(data).broke('order')).toEqual([]);
    expect(replay(data).broke('timing')).toEqual([]);
  });

  it('does not hand a message whose TTL ran out to another instance when a crash returns it', () => {
    // Delivered at 0 to workers#1, TTL over at 1, workers#1 crashes at 2: the message must expire, not go to workers#2.
    const data = small('ttl then crash', { jobs: { messageTtl: 1 }, workers: { instances: 2 }, timeline: [{ at: 2, action: 'crash', group: 'workers', instance: 1 }] });
    expect(replay(data).broke('timing')).toEqual([]);
  });

  it('does not hand a message whose TTL ran out to another instance when its lease expires', () => {
    const data = small('ttl then lease expiry', { jobs: { messageTtl: 1, ackTimeout: 2 }, workers: { instances: 2 } });
    expect(replay(data).broke('timing')).toEqual([]);
  });

  it('keeps a delivery the consumer failed silently (no-ack) in its prefetch window until the lease ends', () => {
    // Prefetch 1 (the default): messages 2 and 3 must wait until message 1's lease ends at t = 10.
    const data = small('no-ack and prefetch', {
      count: 3,
      duration: 3,
      jobs: { ackTimeout: 10 },
      workers: { processing: { type: 'constant', value: 1 }, failure: { probability: 1, action: 'no-ack' } },
    });
    expect(replay(data).broke('prefetch')).toEqual([]);
  });

  it('requeues a delivery the consumer failed silently (no-ack) when the consumer crashes, as a closed channel does', () => {
    // Message 1 fails silently at t = 1; workers#1 crashes at 2: message 1 should be requeued then, not at t = 10.
    const data = small('no-ack then crash', {
      duration: 4,
      jobs: { ackTimeout: 10 },
      workers: { processing: { type: 'constant', value: 1 }, failure: { probability: 1, action: 'no-ack' } },
      timeline: [
        { at: 2, action: 'crash', group: 'workers', instance: 1 },
        { at: 3, action: 'restart', group: 'workers', instance: 1 },
      ],
    });
    expect(replay(data).broke('crash-returns')).toEqual([]);
  });

  it('puts messages a crash returns back at the front in their original order', () => {
    // Messages 1 and 2 are held by workers#1 when it crashes at 1; after the restart at 2, 1 goes first.
    const data = small('crash returns two', {
      count: 2,
      workers: { prefetch: 2, processing: { type: 'constant', value: 10 } },
      timeline: [
        { at: 1, action: 'crash', group: 'workers', instance: 1 },
        { at: 2, action: 'restart', group: 'workers', instance: 1 },
      ],
    });
    expect(replay(data).broke('order')).toEqual([]);
  });

  it('expires the older of two messages a crash returns when its own TTL runs out, not the younger one’s', () => {
    // Message 1 (TTL over at 2) and message 2 (published at 0.5, TTL over at 2.5) come back at 1; nobody reads.
    const data = {
      ...(small('crash returns two with a TTL', {
        jobs: { messageTtl: 2 },
        workers: { prefetch: 2, processing: { type: 'constant', value: 10 } },
        timeline: [{ at: 1, action: 'crash', group: 'workers', instance: 1 }],
      }) as object),
      producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 0, count: 1 }, { at: 0.5, count: 1 }] }],
    };
    expect(replay(data).broke('timing')).toEqual([]);
  });

  it('does not crash an instance early because of a crash the random process had planned before a timeline crash', () => {
    // Uptime 10, downtime 1: the timeline crash at 5 and restart at 6 put the next crash at 16, not at 10.
    const data = small('timeline crash inside the crash process', {
      duration: 20,
      workers: {
        processing: { type: 'constant', value: 0.5 },
        crashes: { uptime: { type: 'constant', value: 10 }, downtime: { type: 'constant', value: 1 } },
      },
      timeline: [{ at: 5, action: 'crash', group: 'workers', instance: 1 }],
    });
    expect(replay(data).broke('crash-uptime')).toEqual([]);
  });
});
