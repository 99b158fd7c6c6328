import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario';
import { reshapeScenario, type ShapeKind } from '../../src/scenario/reshape';
import { runScenario } from '../../src/runtime/run';

const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(import.meta.dirname, '../../scenarios', file), 'utf8'));

function reshaped(file: string, kind: ShapeKind) {
  const result = reshapeScenario(read(file), kind);
  if (!result.ok) throw new Error(result.reason);
  const valid = validateScenario(result.data);
  if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
  return { scenario: valid.scenario, notes: result.notes, data: result.data };
}

describe('reshaping a workload onto another kind of broker', () => {
  it('turns the shared-queue sign-ups into the chapter\'s topic: one subscription per service, each getting every event', () => {
    const { scenario, data } = reshaped('signup-shared-queue.json', 'topic');
    expect(data.brokers).toEqual([{ id: 'user-events', kind: 'topic', subscriptions: [{ id: 'email-sub' }, { id: 'profile-sub' }, { id: 'metrics-sub' }] }]);
    expect(scenario.consumers.map((g) => g.reads)).toEqual(['email-sub', 'profile-sub', 'metrics-sub']);
    const report = runScenario(scenario);
    for (const g of ['email', 'profile', 'metrics']) expect(report.groups[g]!.acked).toBe(report.producers.signup!.published);
  });

  it('turns it into a stream with a partition per member of the largest group, every group reading every record', () => {
    const { scenario, data } = reshaped('signup-shared-queue.json', 'stream');
    expect(data.brokers).toEqual([{ id: 'user-events', kind: 'stream', partitions: 1 }]);
    const report = runScenario(scenario);
    for (const g of ['email', 'profile', 'metrics']) expect(report.groups[g]!.acked).toBeGreaterThan(report.producers.signup!.published * 0.95);
  });

  it('turns the topic back into one queue the services compete for, with the late group reading it too', () => {
    const { scenario, data } = reshaped('signup-topic.json', 'queue');
    expect(data.brokers).toEqual([{ id: 'user-events', kind: 'queue' }]);
    expect(scenario.timeline.map((a) => a.action)).toEqual(['add-group']);
    expect(scenario.timeline[0]).toMatchObject({ action: 'add-group', group: { id: 'fraud', reads: 'user-events' } });
    const report = runScenario(scenario);
    const total = ['email', 'profile', 'metrics', 'fraud'].reduce((sum, g) => sum + report.groups[g]!.acked, 0);
    expect(total).toBe(report.producers.signup!.published);
  });

  it('gives a late group of a stream its own subscription, added just before it, when it becomes a topic', () => {
    const { scenario } = reshaped('signup-stream.json', 'topic');
    expect(scenario.timeline.map((a) => a.action)).toEqual(['add-subscription', 'add-group']);
    expect(scenario.timeline[0]).toMatchObject({ at: 60, topic: 'user-events', subscription: { id: 'fraud-sub' } });
  });

  it('carries a queue\'s bound and overflow into each subscription, and back', () => {
    const bounded = read('backpressure-dropping.json');
    const topic = reshapeScenario(bounded, 'topic');
    if (!topic.ok) throw new Error(topic.reason);
    expect((topic.data.brokers as unknown[])[0]).toEqual({ id: 'prices', kind: 'topic', subscriptions: [{ id: 'dashboard-sub', maxLength: 100, overflow: 'drop-head' }] });
    const back = reshapeScenario(topic.data, 'queue');
    if (!back.ok) throw new Error(back.reason);
    expect((back.data.brokers as unknown[])[0]).toEqual({ id: 'prices', kind: 'queue', maxLength: 100, overflow: 'drop-head' });
  });

  it('names what does not carry over instead of dropping it silently', () => {
    const { notes } = reshaped('backpressure-circuit-breaker.json', 'stream');
    expect(notes).toEqual(expect.arrayContaining(['sender: failure, retry, dependency, breaker (for groups reading a queue)', "the queue's deadLetterTo (a stream keeps records by retention)", 'the expectations, which are about the shape the scenario was written for', 'the variants']));
  });

  it('picks a subscription id no broker has yet', () => {
    const data = read('signup-shared-queue.json');
    (data.brokers as unknown[]).push({ id: 'email-sub', kind: 'queue' });
    const result = reshapeScenario(data, 'topic');
    if (!result.ok) throw new Error(result.reason);
    expect(((result.data.brokers as { subscriptions?: { id: string }[] }[])[0]!.subscriptions ?? []).map((s) => s.id)).toEqual(['email-sub-2', 'profile-sub', 'metrics-sub']);
  });

  it('refuses what it cannot reshape, saying why', () => {
    expect(reshapeScenario([], 'queue')).toEqual({ ok: false, reason: 'the scenario needs producers, brokers and consumers lists' });
    const bus = reshapeScenario(read('tour-eventbridge.json'), 'queue');
    expect(bus).toEqual({ ok: false, reason: 'the first producer publishes to a bus; only a queue, a stream or a topic can change shape' });
  });

  it('leaves a scenario already of that shape as it is', () => {
    const data = read('signup-topic.json');
    expect(reshapeScenario(data, 'topic')).toEqual({ ok: true, data, notes: [] });
  });
});
