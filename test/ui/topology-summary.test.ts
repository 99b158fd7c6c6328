import designChallengeText from '../../scenarios/design-challenge.json?raw';
import { describe, expect, it } from 'vitest';
import type { RunFrame } from '../../src/runtime/run';
import { topologyGraph } from '../../src/runtime/topology-graph';
import { loadScenarioText } from '../../src/scenario';
import { summarizeTopology } from '../../src/ui/topology/summary';

function graph() {
  const result = loadScenarioText(designChallengeText);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return topologyGraph(result.scenario);
}

const frameAt = (time: number): RunFrame => ({ time, events: 0, done: false, brokers: {}, producers: {}, groups: {} });
const textOf = (time: number) => Object.fromEntries(summarizeTopology(graph(), frameAt(time), undefined).map((line) => [line.id, line.text]));

describe('the topology text alternative for the design challenge', () => {
  it('names Fraud Detection and its subscription with the time they are added, before 60 s', () => {
    const text = textOf(59);
    expect(text.fraud).toBe('Consumer group fraud, reads fraud-sub: added at 60 s.');
    expect(text['fraud-sub']).toBe('Subscription queue of user-events fraud-sub: added at 60 s.');
    expect(text['user-events']).toBe('Topic user-events, copies every message to email-sub, profile-sub, metrics-sub, fraud-sub (added at 60 s).');
  });

  it('describes them like the others once the clock reaches 60 s', () => {
    const text = textOf(60);
    expect(text.fraud).toBe('Consumer group fraud, reads fraud-sub: 1 of 1 instance up, 0 busy; 0 processed.');
    expect(text['fraud-sub']).toBe('Subscription queue of user-events fraud-sub: 0 ready, 0 in flight.');
    expect(text['user-events']).toBe('Topic user-events, copies every message to email-sub, profile-sub, metrics-sub, fraud-sub.');
  });
});
