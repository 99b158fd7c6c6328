import { describe, expect, it } from 'vitest';
import { validateScenario, type ScenarioError } from '../../src/scenario';

/** A valid scenario whose producer `app` publishes to `target`, with `flow` merged into the producer. */
function scenarioData(flow: Record<string, unknown>, target = 'bounded'): unknown {
  return {
    version: 1,
    name: 'producer flow control',
    duration: 60,
    producers: [{ id: 'app', target, rate: { perSecond: 1 }, ...flow }],
    brokers: [
      { id: 'bounded', kind: 'queue', maxLength: 10, overflow: 'reject-publish' },
      { id: 'dropping', kind: 'queue', maxLength: 10 },
      { id: 'log', kind: 'stream' },
    ],
  };
}

function errorsOf(data: unknown): ScenarioError[] {
  const result = validateScenario(data);
  return result.ok ? [] : result.errors;
}

describe('producer flow-control options in a scenario', () => {
  it('default to a producer that fails on a full queue, with no limits and no confirms', () => {
    const result = validateScenario(scenarioData({}));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const producer = result.scenario.producers[0]!;
    expect(producer.whenFull).toBe('fail');
    expect(producer.idempotent).toBe(false);
    expect(producer.maxBacklog).toBeUndefined();
    expect(producer.rateLimit).toBeUndefined();
    expect(producer.confirms).toBeUndefined();
  });

  it('fill in the confirm window’s defaults', () => {
    const result = validateScenario(scenarioData({ confirms: {}, rateLimit: { perSecond: 5 } }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const producer = result.scenario.producers[0]!;
    expect(producer.confirms).toEqual({ maxOutstanding: 100, latency: { type: 'constant', value: 0.005 }, lossProbability: 0, timeout: 30 });
    expect(producer.rateLimit).toEqual({ perSecond: 5, burst: 1 });
  });

  it('accept blocking on a queue with maxLength and overflow reject-publish', () => {
    expect(errorsOf(scenarioData({ whenFull: 'block', maxBacklog: 100 }))).toEqual([]);
  });

  it('reject blocking on a queue that drops instead of refusing, naming whenFull and what would be valid', () => {
    const errors = errorsOf(scenarioData({ whenFull: 'block' }, 'dropping'));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('producers[0].whenFull');
    expect(errors[0]!.message).toMatch(/"dropping" never refuses a publish for being full.*maxLength and overflow "reject-publish".*whenFull "fail"/);
  });

  it('reject blocking on a stream, which is never full', () => {
    const errors = errorsOf(scenarioData({ whenFull: 'block' }, 'log'));
    expect(errors.map((e) => e.path)).toEqual(['producers[0].whenFull']);
    expect(errors[0]!.message).toMatch(/is a stream/);
  });

  it('name the path of a bad option', () => {
    expect(errorsOf(scenarioData({ rateLimit: { perSecond: 0 } })).map((e) => e.path)).toEqual(['producers[0].rateLimit.perSecond']);
    expect(errorsOf(scenarioData({ confirms: { lossProbability: 1 } })).map((e) => e.path)).toEqual(['producers[0].confirms.lossProbability']);
    expect(errorsOf(scenarioData({ confirms: { maxOutstanding: 0 } })).map((e) => e.path)).toEqual(['producers[0].confirms.maxOutstanding']);
    expect(errorsOf(scenarioData({ whenFull: 'wait' })).map((e) => e.path)).toEqual(['producers[0].whenFull']);
    expect(errorsOf(scenarioData({ maxBacklog: -1 })).map((e) => e.path)).toEqual(['producers[0].maxBacklog']);
  });

  it('check the confirm latency distribution’s parameters', () => {
    const errors = errorsOf(scenarioData({ confirms: { latency: { type: 'uniform', min: 2, max: 1 } } }));
    expect(errors.map((e) => e.path)).toEqual([expect.stringMatching(/^producers\[0\]\.confirms\.latency/)]);
  });
});
