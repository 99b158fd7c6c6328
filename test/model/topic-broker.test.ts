import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopicBroker } from '../../src/model';
import { publish, queue, slowReader, steps, world, type Step } from './routing-fixtures';

/** The chapter's example: Email and Profile want every user event, Metrics only paid plans. */
function signupTopic() {
  const w = world();
  const topic = new TopicBroker(w.ctx, { id: 'users' });
  topic.addSubscription({ id: 'email', queue: queue(w.ctx, 'email') });
  topic.addSubscription({ id: 'profile', queue: queue(w.ctx, 'profile'), filter: { types: ['USER_CREATED', 'USER_UPDATED'] } });
  topic.addSubscription({ id: 'metrics', queue: queue(w.ctx, 'metrics'), filter: { attributes: { plan: ['pro', 'team'] } } });
  return { ...w, topic };
}

describe('pub/sub topic: exact traces', () => {
  it('gives each matching subscription its own copy in creation order, and counts the filtered one', () => {
    const { sim, ctx, records, topic } = signupTopic();
    sim.runUntil(1);
    publish(ctx, topic, { type: 'USER_CREATED', attributes: { plan: 'free' } });
    sim.runUntil(2);
    publish(ctx, topic, { type: 'USER_DELETED', attributes: { plan: 'pro' } });
    expect(steps(records)).toEqual<Step[]>([
      ['published', 1, 1, 'users', '', '', 0],
      ['routed', 1, 1, 'users', 'email', '', 0],
      ['enqueued', 1, 1, 'email', '', '', 0],
      ['routed', 1, 1, 'users', 'profile', '', 0],
      ['enqueued', 1, 1, 'profile', '', '', 0],
      ['filtered', 1, 1, 'users', 'metrics', '', 0],
      ['published', 2, 2, 'users', '', '', 0],
      ['routed', 2, 2, 'users', 'email', '', 0],
      ['enqueued', 2, 2, 'email', '', '', 0],
      ['filtered', 2, 2, 'users', 'profile', '', 0],
      ['routed', 2, 2, 'users', 'metrics', '', 0],
      ['enqueued', 2, 2, 'metrics', '', '', 0],
    ]);
    expect(topic.accepted).toBe(2);
    expect(topic.subscriptions.map((s) => [s.id, s.routed, s.filtered, s.refused, s.queue.depth])).toEqual([
      ['email', 2, 0, 0, 2],
      ['profile', 1, 1, 0, 1],
      ['metrics', 1, 1, 0, 1],
    ]);
  });

  it('delivers to a subscription added later only the messages published after it was added', () => {
    const { sim, ctx, records } = world();
    const topic = new TopicBroker(ctx, { id: 'users' });
    topic.addSubscription({ id: 'email', queue: queue(ctx, 'email') });
    sim.runUntil(1);
    publish(ctx, topic);
    sim.runUntil(2);
    const fraud = topic.addSubscription({ id: 'fraud', queue: queue(ctx, 'fraud') });
    sim.runUntil(3);
    publish(ctx, topic);
    expect(steps(records)).toEqual<Step[]>([
      ['published', 1, 1, 'users', '', '', 0],
      ['routed', 1, 1, 'users', 'email', '', 0],
      ['enqueued', 1, 1, 'email', '', '', 0],
      ['published', 3, 2, 'users', '', '', 0],
      ['routed', 3, 2, 'users', 'email', '', 0],
      ['enqueued', 3, 2, 'email', '', '', 0],
      ['routed', 3, 2, 'users', 'fraud', '', 0],
      ['enqueued', 3, 2, 'fraud', '', '', 0],
    ]);
    expect(fraud).toMatchObject({ id: 'fraud', createdAt: 2, routed: 1, filtered: 0 });
    expect(fraud.queue.depth).toBe(1);
  });

  it('drops only the copy of a subscription whose queue is full under reject-publish, naming that subscription', () => {
    const { sim, ctx, records } = world();
    const topic = new TopicBroker(ctx, { id: 'orders' });
    const small = topic.addSubscription({ id: 'small', queue: queue(ctx, 'small', { maxLength: 1, overflow: 'reject-publish' }) });
    const big = topic.addSubscription({ id: 'big', queue: queue(ctx, 'big') });
    sim.runUntil(1);
    publish(ctx, topic);
    publish(ctx, topic);
    expect(steps(records)).toEqual<Step[]>([
      ['published', 1, 1, 'orders', '', '', 0],
      ['routed', 1, 1, 'orders', 'small', '', 0],
      ['enqueued', 1, 1, 'small', '', '', 0],
      ['routed', 1, 1, 'orders', 'big', '', 0],
      ['enqueued', 1, 1, 'big', '', '', 0],
      // The topic itself took the publish; only the small subscription's copy is lost.
      ['published', 1, 2, 'orders', '', '', 0],
      ['routed', 1, 2, 'orders', 'small', '', 0],
      ['dropped', 1, 2, 'small', '', 'refused', 0],
      ['routed', 1, 2, 'orders', 'big', '', 0],
      ['enqueued', 1, 2, 'big', '', '', 0],
    ]);
    expect([small.routed, small.refused, small.queue.depth]).toEqual([2, 1, 1]);
    expect([big.routed, big.refused, big.queue.depth]).toEqual([2, 0, 2]);
  });

  it('lets a drop-head subscription queue overflow by itself, as a queue does', () => {
    const { sim, ctx, records } = world();
    const topic = new TopicBroker(ctx, { id: 't' });
    const sub = topic.addSubscription({ id: 's', queue: queue(ctx, 's', { maxLength: 1, overflow: 'drop-head' }) });
    sim.runUntil(1);
    publish(ctx, topic);
    publish(ctx, topic);
    expect(steps(records).slice(3)).toEqual<Step[]>([
      ['published', 1, 2, 't', '', '', 0],
      ['routed', 1, 2, 't', 's', '', 0],
      ['dropped', 1, 1, 's', '', 'maxlen', 0],
      ['enqueued', 1, 2, 's', '', '', 0],
    ]);
    expect([sub.routed, sub.refused, sub.queue.depth]).toEqual([2, 0, 1]);
  });

  it('hands each subscription’s consumers their own copy with delivery counts of its own', () => {
    const { sim, ctx, records, topic } = signupTopic();
    slowReader(ctx, 'mailer', topic.subscription('email')!.queue, 2);
    slowReader(ctx, 'profiler', topic.subscription('profile')!.queue, 3);
    sim.runUntil(1);
    publish(ctx, topic, { type: 'USER_CREATED' });
    sim.runUntil(10);
    expect(steps(records)).toEqual<Step[]>([
      ['published', 1, 1, 'users', '', '', 0],
      ['routed', 1, 1, 'users', 'email', '', 0],
      ['enqueued', 1, 1, 'email', '', '', 0],
      ['delivered', 1, 1, 'email', 'mailer#1', '', 1],
      ['routed', 1, 1, 'users', 'profile', '', 0],
      ['enqueued', 1, 1, 'profile', '', '', 0],
      ['delivered', 1, 1, 'profile', 'profiler#1', '', 1],
      ['filtered', 1, 1, 'users', 'metrics', '', 0],
      ['acked', 3, 1, 'email', 'mailer#1', '', 1],
      ['acked', 4, 1, 'profile', 'profiler#1', '', 1],
    ]);
  });

  it('takes every publish, even with no subscription, which then reaches no one', () => {
    const { ctx, records } = world();
    const topic = new TopicBroker(ctx, { id: 'empty' });
    expect(topic.refusal()).toBeUndefined();
    publish(ctx, topic);
    expect(steps(records)).toEqual<Step[]>([['published', 0, 1, 'empty', '', '', 0]]);
    expect(topic.accepted).toBe(1);
  });

  it('accounts for every message once per subscription: routed + filtered = published, routed = entered + refused', () => {
    const plan = fc.constantFrom('free', 'pro', 'team');
    const events = fc.array(fc.record({ type: fc.constantFrom('USER_CREATED', 'USER_UPDATED', 'USER_DELETED'), plan, at: fc.nat(20) }), {
      maxLength: 40,
    });
    fc.assert(
      fc.property(events, fc.integer({ min: 0, max: 3 }), (list, maxLength) => {
        const { sim, ctx, records, topic } = signupTopic();
        topic.addSubscription({ id: 'tight', queue: queue(ctx, 'tight', { maxLength, overflow: 'reject-publish' }) });
        for (const e of [...list].sort((a, b) => a.at - b.at)) {
          sim.runUntil(e.at);
          publish(ctx, topic, { type: e.type, attributes: { plan: e.plan } });
        }
        for (const s of topic.subscriptions) {
          const entered = records.filter((r) => r.kind === 'enqueued' && r.broker === s.id).length;
          const dropped = records.filter((r) => r.kind === 'dropped' && r.broker === s.id).length;
          const routed = records.filter((r) => r.kind === 'routed' && r.consumer === s.id).length;
          const filtered = records.filter((r) => r.kind === 'filtered' && r.consumer === s.id).length;
          expect(s.routed + s.filtered).toBe(list.length);
          expect([routed, filtered, dropped]).toEqual([s.routed, s.filtered, s.refused]);
          expect(entered + dropped).toBe(routed);
          expect(s.queue.depth).toBe(entered);
        }
      }),
    );
  });
});

describe('pub/sub topic: validation', () => {
  it('refuses a subscription whose id is not its queue’s, a duplicate id, or a bad filter, naming it', () => {
    const { ctx } = world();
    const topic = new TopicBroker(ctx, { id: 'users' });
    expect(() => topic.addSubscription({ id: 'mail', queue: queue(ctx, 'email') })).toThrow(
      new RangeError("topic 'users' subscription 'mail': id must equal its queue's id 'email' (trace records name a subscription by its queue)"),
    );
    topic.addSubscription({ id: 'email', queue: queue(ctx, 'email') });
    expect(() => topic.addSubscription({ id: 'email', queue: queue(ctx, 'email') })).toThrow(
      new RangeError("topic 'users' subscription 'email': id is already a subscription of this topic"),
    );
    expect(() => topic.addSubscription({ id: 'x', queue: queue(ctx, 'x'), filter: { types: [] } })).toThrow(
      /^topic 'users' subscription 'x' filter\.types must not be empty/,
    );
    expect(topic.subscriptions.map((s) => s.id)).toEqual(['email']);
  });

  it('refuses an empty topic id', () => {
    expect(() => new TopicBroker(world().ctx, { id: '' })).toThrow(new RangeError('topic id must be a non-empty string, got ""'));
  });
});
