import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/model';
import { runScenario } from '../../src/runtime';
import { loadScenarioText, type Scenario } from '../../src/scenario';
import { traceOf } from '../helpers/trace';

/**
 * The chapter's design challenge: every USER_CREATED event must reach Email, Profile and Metrics.
 * The same sign-ups, three ways: a shared queue (the wrong tool), a stream, and a topic. Then a
 * Fraud Detection service arrives at t = 60 s: the stream lets it replay history, the topic does not.
 */
function library(name: string): Scenario {
  const result = loadScenarioText(readFileSync(new URL(`../../scenarios/${name}`, import.meta.url), 'utf8'));
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return result.scenario;
}

/** The ids each group processed (acked), and how often each. */
function processedBy(records: readonly TraceRecord[]): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const r of records) {
    if (r.kind !== 'acked') continue;
    const ids = out.get(r.group) ?? new Map<number, number>();
    ids.set(r.message, (ids.get(r.message) ?? 0) + 1);
    out.set(r.group, ids);
  }
  return out;
}

function publishedIds(records: readonly TraceRecord[], from = 0): number[] {
  return records.filter((r) => r.kind === 'published' && r.time >= from).map((r) => r.message);
}

const SERVICES = ['email', 'profile', 'metrics'];

describe('the design challenge on one shared queue', () => {
  const scenario = library('signup-shared-queue.json');
  const records = traceOf(scenario);
  const processed = processedBy(records);
  const published = publishedIds(records);

  it('gives each service only part of the sign-ups, about a third each', () => {
    expect(published.length).toBeGreaterThan(250);
    for (const service of SERVICES) {
      const share = processed.get(service)!.size / published.length;
      // Three idle, equally fast consumers take turns: a third each, give or take chance.
      expect(share, service).toBeGreaterThan(0.25);
      expect(share, service).toBeLessThan(0.42);
    }
  });

  it('hands every sign-up to exactly one service: together they see each event once', () => {
    const all = SERVICES.flatMap((service) => [...processed.get(service)!.entries()]);
    expect(all.every(([, times]) => times === 1)).toBe(true);
    expect(all.map(([id]) => id).sort((a, b) => a - b)).toEqual([...published].sort((a, b) => a - b));
  });
});

describe('the design challenge on a stream', () => {
  const scenario = library('signup-stream.json');
  const records = traceOf(scenario);
  const processed = processedBy(records);
  const published = publishedIds(records).sort((a, b) => a - b);

  it('gives every service every sign-up, each group at its own offsets', () => {
    for (const service of SERVICES) expect([...processed.get(service)!.keys()].sort((a, b) => a - b), service).toEqual(published);
  });

  it('lets Fraud Detection, added at 60 s from the earliest offset, replay the history published before it existed', () => {
    const fraud = [...processed.get('fraud')!.keys()].sort((a, b) => a - b);
    expect(fraud).toEqual(published);
    const before = records.filter((r) => r.kind === 'published' && r.time < 60).length;
    expect(before).toBeGreaterThan(150);
    const firstFraudDelivery = records.find((r) => r.kind === 'delivered' && r.group === 'fraud')!;
    expect(firstFraudDelivery.time).toBeGreaterThanOrEqual(60);
    expect(firstFraudDelivery.publishedAt).toBeLessThan(1);
  });

  it('passes every invariant of the run', () => {
    const report = runScenario(scenario);
    expect(report.invariants.violations).toEqual([]);
    expect(report.invariants.ok).toBe(true);
    expect(report.brokers['user-events']!.stream).toMatchObject({ partitions: 3, appended: published.length, deleted: 0 });
  });
});

describe('the design challenge on a pub/sub topic', () => {
  const scenario = library('signup-topic.json');
  const records = traceOf(scenario);
  const processed = processedBy(records);
  const published = publishedIds(records).sort((a, b) => a - b);

  it('gives every subscribed service every sign-up, each its own copy', () => {
    for (const service of SERVICES) expect([...processed.get(service)!.keys()].sort((a, b) => a - b), service).toEqual(published);
  });

  it('gives Fraud Detection, subscribed at 60 s, only the sign-ups published from then on: a topic keeps no history', () => {
    const fraud = [...processed.get('fraud')!.keys()].sort((a, b) => a - b);
    const fromSixty = publishedIds(records, 60).sort((a, b) => a - b);
    expect(fromSixty.length).toBeGreaterThan(50);
    expect(fromSixty.length).toBeLessThan(published.length);
    expect(fraud).toEqual(fromSixty);
  });

  it('counts the copies per subscription in the report, and passes every invariant', () => {
    const report = runScenario(scenario);
    expect(report.invariants.ok).toBe(true);
    const subscriptions = report.brokers['user-events']!.subscriptions!;
    for (const id of ['email-sub', 'profile-sub', 'metrics-sub']) expect(subscriptions[id]).toEqual({ routed: published.length, filtered: 0, refused: 0 });
    expect(subscriptions['fraud-sub']!.routed).toBe(publishedIds(records, 60).length);
  });
});
