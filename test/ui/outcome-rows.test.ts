import designChallengeText from '../../scenarios/design-challenge.json?raw';
import ackOnFailureText from '../../scenarios/anti-pattern-ack-on-failure.json?raw';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime/run';
import { applyVariant, validateScenario, type Scenario } from '../../src/scenario';
import { commonEventType, joinTimes, lastJoinReached, outcomeRows } from '../../src/ui/outcome/outcome-rows';

const designChallenge = JSON.parse(designChallengeText) as unknown;

function variant(name: string): Scenario {
  const applied = applyVariant(designChallenge, name);
  if (!applied.ok) throw new Error(JSON.stringify(applied.errors));
  const result = validateScenario(applied.data);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.scenario;
}

function shares(name: string): Record<string, number> {
  const scenario = variant(name);
  const { series: _series, ...report } = runScenario(scenario);
  return Object.fromEntries(outcomeRows(scenario, report).map((row) => [row.group, row.share ?? -1]));
}

describe('the outcome table of the design challenge (the chapter’s "gets USER_CREATED?" table)', () => {
  it('on a topic, gives every service every event, and the late Fraud subscription only those after it joined', () => {
    const s = shares('topic');
    for (const group of ['email', 'profile', 'metrics']) expect(s[group]).toBeGreaterThan(0.98);
    expect(s.fraud).toBeGreaterThan(0.3);
    expect(s.fraud).toBeLessThan(0.7);
  });

  it('on one shared queue, gives each competing service only a share, the shares adding up to everything', () => {
    const s = shares('queue');
    for (const group of ['email', 'profile', 'metrics', 'fraud']) expect(s[group]).toBeLessThan(0.5);
    expect(s.email! + s.profile! + s.metrics! + s.fraud!).toBeGreaterThan(0.98);
  });

  it('on a stream, gives every service every event, Fraud too, by replaying the log', () => {
    const s = shares('stream');
    for (const group of ['email', 'profile', 'metrics', 'fraud']) expect(s[group]).toBeGreaterThan(0.98);
  });

  it('knows Fraud joins at 60 s and the other services are there from the start', () => {
    const scenario = variant('topic');
    const { series: _series, ...report } = runScenario(scenario);
    expect(Object.fromEntries(outcomeRows(scenario, report).map((row) => [row.group, row.joinsAt]))).toEqual({ email: 0, profile: 0, metrics: 0, fraud: 60 });
    expect([...joinTimes(scenario)]).toEqual([['fraud', 60]]);
  });

  it('reports the last join time the clock has passed, or 0 before the first', () => {
    expect(lastJoinReached([60, 20], 19.9)).toBe(0);
    expect(lastJoinReached([60, 20], 20)).toBe(20);
    expect(lastJoinReached([60, 20], 75)).toBe(60);
  });

  it('asks about the one event type every producer sends', () => {
    expect(commonEventType(variant('topic'))).toBe('USER_CREATED');
  });
});

describe('outcome rows', () => {
  it('count what a group never processed with its cause: drops at its queue, and acks after failure', () => {
    const result = validateScenario(JSON.parse(ackOnFailureText));
    if (!result.ok) throw new Error('invalid');
    const report = runScenario(result.scenario);
    const [billing] = outcomeRows(result.scenario, report);
    expect(billing!.lost).toBe(report.groups.billing!.lostByConsumer);
    expect(billing!.lost).toBeGreaterThan(0);
    expect(billing!.processed).toBe(report.groups.billing!.acked);
  });
});
