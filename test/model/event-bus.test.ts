import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffWait, DEFAULT_RETRY_POLICY, jitteredWait, EventBus, resolveRetryPolicy, TopicBroker, type BusTargetOptions, type Broker } from '../../src/model';
import { publish, queue, refusingQueue, slowReader, steps, world, type Step } from './routing-fixtures';

/** A bus with one rule matching everything and sending it to `target` under `options`. */
function busTo(w: ReturnType<typeof world>, target: Broker, options: Omit<BusTargetOptions, 'target'> = {}) {
  return new EventBus(w.ctx, { id: 'bus', rules: [{ id: 'all', pattern: {}, targets: [{ target, ...options }] }] });
}

describe('event bus: routing', () => {
  it('sends one copy per matching rule and target, counts matches per rule, and counts an unmatched event', () => {
    const w = world();
    const { sim, ctx, records } = w;
    const email = queue(ctx, 'email');
    const audit = queue(ctx, 'audit');
    const fanout = new TopicBroker(ctx, { id: 'fanout' });
    fanout.addSubscription({ id: 'archive', queue: queue(ctx, 'archive') });
    const bus = new EventBus(ctx, {
      id: 'events',
      rules: [
        { id: 'signups', pattern: { types: ['USER_CREATED'] }, targets: [{ target: email }] },
        { id: 'from-signup', pattern: { sources: ['signup'] }, targets: [{ target: audit }, { target: fanout }] },
      ],
    });
    sim.runUntil(1);
    publish(ctx, bus, { producer: 'signup', type: 'USER_CREATED' });
    sim.runUntil(2);
    publish(ctx, bus, { producer: 'shop', type: 'ORDER_PLACED' });
    expect(steps(records)).toEqual<Step[]>([
      ['published', 1, 1, 'events', '', '', 0],
      ['routed', 1, 1, 'events', 'email', 'signups', 0],
      ['enqueued', 1, 1, 'email', '', '', 0],
      ['routed', 1, 1, 'events', 'audit', 'from-signup', 0],
      ['enqueued', 1, 1, 'audit', '', '', 0],
      ['routed', 1, 1, 'events', 'fanout', 'from-signup', 0],
      ['routed', 1, 1, 'fanout', 'archive', '', 0],
      ['enqueued', 1, 1, 'archive', '', '', 0],
      ['published', 2, 2, 'events', '', '', 0],
      ['unmatched', 2, 2, 'events', '', '', 0],
    ]);
    expect([bus.accepted, bus.matched, bus.unmatched, bus.pendingRetries]).toEqual([2, 1, 1, 0]);
    expect(bus.rules.map((r) => [r.id, r.matched, r.targets.map((t) => [t.id, t.routed, t.delivered])])).toEqual([
      ['signups', 1, [['email', 1, 1]]],
      [
        'from-signup',
        1,
        [
          ['audit', 1, 1],
          ['fanout', 1, 1],
        ],
      ],
    ]);
    expect([email.depth, audit.depth, fanout.subscription('archive')!.queue.depth]).toEqual([1, 1, 1]);
  });

  it('never refuses an event itself', () => {
    const w = world();
    expect(busTo(w, refusingQueue(w.ctx, 'q')).refusal()).toBeUndefined();
  });
});

describe('event bus: retries and dead-lettering', () => {
  it('retries a refusing target at exponentially growing, capped waits, then dead-letters the copy to its DLQ', () => {
    const w = world();
    const { sim, ctx, records } = w;
    const dlq = queue(ctx, 'inbox-dlq');
    const bus = busTo(w, refusingQueue(ctx, 'inbox'), { retry: { attempts: 3, backoff: { base: 1, multiplier: 2, max: 3 } }, deadLetter: dlq });
    sim.runUntil(10);
    publish(ctx, bus);
    sim.runUntil(100);
    expect(steps(records)).toEqual<Step[]>([
      ['published', 10, 1, 'bus', '', '', 0],
      ['routed', 10, 1, 'bus', 'inbox', 'all', 0],
      ['retrying', 10, 1, 'bus', 'inbox', 'all', 2],
      ['retrying', 11, 1, 'bus', 'inbox', 'all', 3],
      ['retrying', 13, 1, 'bus', 'inbox', 'all', 4],
      // The fourth try (1 + 3 retries) at 13 + min(3, 4) = 16 is refused too: retries are used up.
      ['dead-lettered', 16, 1, 'bus', 'inbox', 'retries-exhausted', 0],
      ['enqueued', 16, 1, 'inbox-dlq', '', '', 0],
    ]);
    const target = bus.rules[0]!.targets[0]!;
    expect(target).toMatchObject({ routed: 1, delivered: 0, retried: 3, deadLettered: 1, dropped: 0, waiting: 0 });
    expect(dlq.depth).toBe(1);
  });

  it('stops retrying when the next retry would come after the maximum event age, and drops without a DLQ', () => {
    const w = world();
    const { sim, ctx, records } = w;
    const bus = busTo(w, refusingQueue(ctx, 'inbox'), { retry: { maxEventAge: 10, backoff: { base: 1, multiplier: 2, max: 100 } } });
    sim.runUntil(5);
    publish(ctx, bus);
    sim.runUntil(100);
    expect(steps(records)).toEqual<Step[]>([
      ['published', 5, 1, 'bus', '', '', 0],
      ['routed', 5, 1, 'bus', 'inbox', 'all', 0],
      ['retrying', 5, 1, 'bus', 'inbox', 'all', 2],
      ['retrying', 6, 1, 'bus', 'inbox', 'all', 3],
      ['retrying', 8, 1, 'bus', 'inbox', 'all', 4],
      // Refused at 12 (age 7); the next wait of 8 s would make the event 15 s old, past 10.
      ['dropped', 12, 1, 'bus', 'inbox', 'max-event-age', 0],
    ]);
    expect(bus.rules[0]!.targets[0]).toMatchObject({ retried: 3, dropped: 1, deadLettered: 0, waiting: 0 });
  });

  it('still retries at exactly the maximum event age', () => {
    const w = world();
    const bus = busTo(w, refusingQueue(w.ctx, 'inbox'), { retry: { maxEventAge: 7, backoff: { base: 1, multiplier: 2, max: 100 } } });
    publish(w.ctx, bus);
    w.sim.runUntil(100);
    expect(w.records.filter((r) => r.kind === 'retrying' || r.kind === 'dropped').map((r) => [r.kind, r.time, r.reason])).toEqual([
      ['retrying', 0, 'all'],
      ['retrying', 1, 'all'],
      ['retrying', 3, 'all'],
      ['dropped', 7, 'max-event-age'],
    ]);
  });

  it('delivers on a later retry once the target has room, with only the target’s record at that time', () => {
    const w = world();
    const { sim, ctx, records } = w;
    const jobs = queue(ctx, 'jobs', { maxLength: 1, overflow: 'reject-publish' });
    slowReader(ctx, 'worker', jobs, 5);
    const bus = busTo(w, jobs, { retry: { backoff: { base: 1, multiplier: 2, max: 60 } } });
    publish(ctx, bus);
    publish(ctx, bus);
    publish(ctx, bus);
    sim.runUntil(8);
    expect(steps(records)).toEqual<Step[]>([
      ['published', 0, 1, 'bus', '', '', 0],
      ['routed', 0, 1, 'bus', 'jobs', 'all', 0],
      ['enqueued', 0, 1, 'jobs', '', '', 0],
      ['delivered', 0, 1, 'jobs', 'worker#1', '', 1],
      ['published', 0, 2, 'bus', '', '', 0],
      ['routed', 0, 2, 'bus', 'jobs', 'all', 0],
      ['enqueued', 0, 2, 'jobs', '', '', 0],
      ['published', 0, 3, 'bus', '', '', 0],
      ['routed', 0, 3, 'bus', 'jobs', 'all', 0],
      ['retrying', 0, 3, 'bus', 'jobs', 'all', 2],
      ['retrying', 1, 3, 'bus', 'jobs', 'all', 3],
      ['retrying', 3, 3, 'bus', 'jobs', 'all', 4],
      ['acked', 5, 1, 'jobs', 'worker#1', '', 1],
      ['delivered', 5, 2, 'jobs', 'worker#1', '', 1],
      ['enqueued', 7, 3, 'jobs', '', '', 0],
    ]);
    expect(bus.rules[0]!.targets[0]).toMatchObject({ routed: 3, delivered: 3, retried: 3, waiting: 0 });
  });

  it('drops the copy as dead-letter-refused when the DLQ is full, and gives up at once with no retries allowed', () => {
    const w = world();
    const { ctx, records } = w;
    const bus = busTo(w, refusingQueue(ctx, 'inbox'), { retry: { attempts: 0 }, deadLetter: refusingQueue(ctx, 'full-dlq') });
    publish(ctx, bus);
    expect(steps(records)).toEqual<Step[]>([
      ['published', 0, 1, 'bus', '', '', 0],
      ['routed', 0, 1, 'bus', 'inbox', 'all', 0],
      ['dropped', 0, 1, 'bus', 'inbox', 'dead-letter-refused', 0],
    ]);
    expect(bus.rules[0]!.targets[0]).toMatchObject({ dropped: 1, deadLettered: 0, retried: 0 });
  });

  it('retries each (rule, target) copy on its own schedule', () => {
    const w = world();
    const { sim, ctx, records } = w;
    const inbox = refusingQueue(ctx, 'inbox');
    const bus = new EventBus(ctx, {
      id: 'bus',
      rules: [
        { id: 'fast', pattern: {}, targets: [{ target: inbox, retry: { attempts: 1, backoff: { base: 1 } } }] },
        { id: 'slow', pattern: {}, targets: [{ target: inbox, retry: { attempts: 1, backoff: { base: 4 } } }] },
      ],
    });
    publish(ctx, bus);
    sim.runUntil(10);
    expect(steps(records).filter((s) => s[0] !== 'published')).toEqual<Step[]>([
      ['routed', 0, 1, 'bus', 'inbox', 'fast', 0],
      ['retrying', 0, 1, 'bus', 'inbox', 'fast', 2],
      ['routed', 0, 1, 'bus', 'inbox', 'slow', 0],
      ['retrying', 0, 1, 'bus', 'inbox', 'slow', 2],
      ['dropped', 1, 1, 'bus', 'inbox', 'retries-exhausted', 0],
      ['dropped', 4, 1, 'bus', 'inbox', 'retries-exhausted', 0],
    ]);
  });

  it('accounts for every copy: routed = delivered + dead-lettered + dropped + waiting, and events = matched + unmatched', () => {
    const event = fc.record({ at: fc.nat(30), type: fc.constantFrom('A', 'B', 'C') });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 4 }), (events, maxLength, attempts) => {
        const w = world();
        const { sim, ctx, records } = w;
        const a = queue(ctx, 'a', { maxLength, overflow: 'reject-publish' });
        const b = queue(ctx, 'b', { maxLength: 1, overflow: 'reject-publish' });
        slowReader(ctx, 'ra', a, 3);
        const bus = new EventBus(ctx, {
          id: 'bus',
          rules: [
            { id: 'ab', pattern: { types: ['A', 'B'] }, targets: [{ target: a, retry: { attempts } }, { target: b, retry: { attempts }, deadLetter: queue(ctx, 'dlq', { maxLength: 2, overflow: 'reject-publish' }) }] },
            { id: 'b', pattern: { types: ['B'] }, targets: [{ target: a, retry: { attempts, maxEventAge: 5 } }] },
          ],
        });
        for (const e of [...events].sort((x, y) => x.at - y.at)) {
          sim.runUntil(e.at);
          publish(ctx, bus, { type: e.type });
        }
        sim.runUntil(40);
        expect(bus.matched + bus.unmatched).toBe(events.length);
        expect(bus.unmatched).toBe(records.filter((r) => r.kind === 'unmatched').length);
        let waiting = 0;
        for (const rule of bus.rules) {
          for (const t of rule.targets) {
            expect(t.routed).toBe(t.delivered + t.deadLettered + t.dropped + t.waiting);
            expect(t.routed).toBe(rule.matched);
            waiting += t.waiting;
          }
        }
        expect(bus.pendingRetries).toBe(waiting);
        const count = (kind: string) => records.filter((r) => r.kind === kind && r.broker === 'bus').length;
        const targets = bus.rules.flatMap((r) => r.targets);
        const sum = (f: (t: (typeof targets)[number]) => number) => targets.reduce((n, t) => n + f(t), 0);
        expect([count('routed'), count('retrying'), count('dead-lettered'), count('dropped')]).toEqual([
          sum((t) => t.routed),
          sum((t) => t.retried),
          sum((t) => t.deadLettered),
          sum((t) => t.dropped),
        ]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('event bus: options', () => {
  it('defaults to EventBridge’s 185 retries over at most a day, with backoff from 1 s doubling to 8 min', () => {
    expect(resolveRetryPolicy(undefined)).toEqual({ attempts: 185, maxEventAge: 86_400, backoff: { base: 1, multiplier: 2, max: 480, schedule: [], jitter: 'none' } });
    expect(resolveRetryPolicy({ backoff: { max: 60 } }).backoff).toEqual({ base: 1, multiplier: 2, max: 60, schedule: [], jitter: 'none' });
    let total = 0;
    let wait = DEFAULT_RETRY_POLICY.backoff.base;
    for (let retry = 1; retry <= DEFAULT_RETRY_POLICY.attempts; retry++) {
      total += wait;
      wait = Math.min(DEFAULT_RETRY_POLICY.backoff.max, wait * DEFAULT_RETRY_POLICY.backoff.multiplier);
    }
    expect(total).toBe(84_991);
    expect(total).toBeLessThan(DEFAULT_RETRY_POLICY.maxEventAge);
  });

  it('waits the listed times before the first retries, then grows the last one by the multiplier up to max', () => {
    const backoff = resolveRetryPolicy({ backoff: { schedule: [0, 0, 1, 5], multiplier: 3, max: 30 } }).backoff;
    const waits: number[] = [];
    let previous = 0;
    for (let retry = 1; retry <= 7; retry++) {
      previous = backoffWait(backoff, retry, previous);
      waits.push(previous);
    }
    expect(waits).toEqual([0, 0, 1, 5, 15, 30, 30]);
  });

  it('spreads waits by the jitter: full anywhere below the wait, equal in its upper half, none not at all', () => {
    expect(jitteredWait('none', 8, 0.25)).toBe(8);
    expect(jitteredWait('full', 8, 0.25)).toBe(2);
    expect(jitteredWait('equal', 8, 0.25)).toBe(5);
    expect(jitteredWait('equal', 8, 0)).toBe(4);
    expect(() => resolveRetryPolicy({ backoff: { jitter: 'random' as 'full' } }, 'r')).toThrow(new RangeError('r.backoff.jitter must be one of none, full, equal, got "random"'));
  });

  it('names the bad field of a retry policy', () => {
    expect(() => resolveRetryPolicy({ attempts: 1.5 }, 'r')).toThrow(new RangeError('r.attempts must be a whole number >= 0, got 1.5'));
    expect(() => resolveRetryPolicy({ maxEventAge: 0 }, 'r')).toThrow(/^r\.maxEventAge must be a number of seconds > 0/);
    expect(() => resolveRetryPolicy({ backoff: { multiplier: 0.5 } }, 'r')).toThrow(new RangeError('r.backoff.multiplier must be a finite number >= 1, got 0.5'));
    expect(() => resolveRetryPolicy({ backoff: { base: 10, max: 5 } }, 'r')).toThrow(new RangeError('r.backoff.max must be a finite number of seconds >= base (10), got 5'));
    expect(() => resolveRetryPolicy({ backoff: { base: -1 } }, 'r')).toThrow(/^r\.backoff\.base must be a finite number of seconds >= 0/);
    expect(() => resolveRetryPolicy({ backoff: { max: 60, schedule: [10, 90] } }, 'r')).toThrow(
      new RangeError('r.backoff.schedule[1] must be a number of seconds from 0 to max (60), got 90'),
    );
  });

  it('refuses duplicate rule ids, bus targets, repeated targets, a DLQ that is the target, and bad patterns, naming where', () => {
    const { ctx } = world();
    const q = queue(ctx, 'q');
    const other = new EventBus(ctx, { id: 'other', rules: [] });
    const make = (rules: unknown) => () => new EventBus(ctx, { id: 'bus', rules: rules as never });
    expect(make([{ id: 'r', pattern: {}, targets: [] }, { id: 'r', pattern: {}, targets: [] }])).toThrow(
      new RangeError("bus 'bus' rules[1].id 'r' is already the id of another rule"),
    );
    expect(make([{ id: 'r', pattern: {}, targets: [{ target: other }] }])).toThrow(
      new RangeError("bus 'bus' rules[0].targets[0].target 'other' is a bus; targets must be a queue, topic or stream, so that routing cannot loop"),
    );
    expect(make([{ id: 'r', pattern: {}, targets: [{ target: q }, { target: q }] }])).toThrow(
      new RangeError("bus 'bus' rules[0].targets[1].target 'q' is already a target of rule 'r'"),
    );
    expect(make([{ id: 'r', pattern: {}, targets: [{ target: q, deadLetter: q }] }])).toThrow(
      new RangeError("bus 'bus' rules[0].targets[0].deadLetter must not be the target 'q' itself"),
    );
    expect(make([{ id: 'r', pattern: { sources: [] }, targets: [] }])).toThrow(/^bus 'bus' rules\[0\]\.pattern\.sources must not be empty/);
    expect(make([{ id: 'r', pattern: {}, targets: [{ target: q, retry: { attempts: -1 } }] }])).toThrow(
      /^bus 'bus' rules\[0\]\.targets\[0\]\.retry\.attempts must be a whole number >= 0/,
    );
    expect(make([{ id: '', pattern: {}, targets: [] }])).toThrow(/^bus 'bus' rules\[0\]\.id must be a non-empty string/);
  });
});
