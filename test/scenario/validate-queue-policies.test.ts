import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario';

function withQueue(queue: Record<string, unknown>, keys = 0) {
  return validateScenario({
    version: 1,
    name: 'policies',
    duration: 10,
    producers: [{ id: 'p', target: 'q', keys, rate: { perSecond: 1 } }],
    brokers: [{ id: 'q', kind: 'queue', ...queue }],
    consumers: [{ id: 'w', reads: 'q', processing: { type: 'constant', value: 1 } }],
  });
}

describe('validating the queue drop policies, bounds and memory limit', () => {
  it('fills in the defaults: no sampling, no conflation, no message groups, crash with a 10 s restart', () => {
    const result = withQueue({});
    if (!result.ok) expect.fail('valid scenario refused');
    expect(result.scenario.brokers[0]).toMatchObject({ keepOneIn: 1, conflate: false, orderByKey: false, onMemoryLimit: 'crash', restartSeconds: 10 });
  });

  it.each(['conflate', 'orderByKey'])('refuses %s when no producer gives its messages a key, naming the path and the fix', (option) => {
    const result = withQueue({ [option]: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { path: `brokers[0].${option}`, message: 'works on message keys, but no producer gives its messages a key; set keys on a producer (e.g. "keys": 100) or leave this off' },
    ]);
  });

  it('accepts conflation and message groups once a producer sends keys', () => {
    expect(withQueue({ conflate: true, orderByKey: true }, 10).ok).toBe(true);
  });

  it('refuses a memory limit below the largest message the broker takes', () => {
    const result = withQueue({ memoryLimitBytes: 1000, maxMessageBytes: 2000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ path: 'brokers[0].memoryLimitBytes' });
    expect(result.errors[0]!.message).toMatch(/use at least 2000 or lower maxMessageBytes/);
  });

  it('refuses keepOneIn 0 and a negative maxBytes through the schema', () => {
    expect(withQueue({ keepOneIn: 0 }).ok).toBe(false);
    expect(withQueue({ maxBytes: -1 }).ok).toBe(false);
  });
});
