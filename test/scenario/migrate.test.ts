import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime';
import { validateScenario } from '../../src/scenario';

/**
 * Old files keep loading: the version-1 checkout burst as the walking skeleton wrote it (the project's
 * first commit, kept verbatim as a fixture) must still validate and run, whatever fields the format
 * has gained since.
 */
const skeleton = JSON.parse(readFileSync(new URL('./fixtures/skeleton-v1-checkout-burst.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('scenario format versions', () => {
  it('loads the walking skeleton\'s version-1 checkout burst and runs it with every invariant holding', () => {
    const result = validateScenario(skeleton);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const report = runScenario(result.scenario);
    expect(report.producers.checkout!.published).toBeGreaterThan(100);
    const orders = report.brokers.orders!;
    expect(report.groups.fulfilment!.acked + orders.inflight.final + orders.depth.final).toBe(report.producers.checkout!.published);
    expect(report.invariants.ok).toBe(true);
  });

  it('fills every field added since version 1 with its default, so the old file means what it meant', () => {
    const result = validateScenario(skeleton);
    if (!result.ok) throw new Error('the skeleton file no longer validates');
    const { scenario } = result;
    expect(scenario.dependencies).toEqual([]);
    expect(scenario.alerts).toEqual([]);
    expect(scenario.consumers[0]!.retry).toBeUndefined();
    expect(scenario.brokers[0]).toMatchObject({ kind: 'queue', overflow: 'drop-head', deliveryDelay: 0 });
  });

  it('refuses a file from a newer format, naming the version field', () => {
    const result = validateScenario({ ...skeleton, version: 99 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ path: 'version', message: '99 is newer than this brokerlab reads (up to 1); upgrade brokerlab' }]);
  });
});
