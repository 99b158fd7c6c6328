import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Run, runScenario } from '../../src/runtime';
import { loadScenarioText, type Scenario } from '../../src/scenario';

function loadFile(path: string, overrides: string[] = []): Scenario {
  const result = loadScenarioText(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'), overrides);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.scenario;
}

const checkout = loadFile('scenarios/checkout-burst.json');
/** A busier variant with a bounded queue, so drops and rejections are part of what must repeat. */
const bounded = loadFile('scenarios/checkout-burst.json', ['brokers[0].maxLength=20', 'brokers[0].overflow=reject-publish', 'consumers[0].instances=4']);

describe('determinism', () => {
  it.each([
    ['checkout-burst', checkout],
    ['bounded checkout-burst', bounded],
  ])('gives the same trace hash and report for the same scenario and seed (%s)', (_name, scenario) => {
    const first = runScenario(scenario);
    const second = runScenario(scenario);
    expect(second.traceHash).toBe(first.traceHash);
    expect(second).toEqual(first);
    expect(first.events).toBeGreaterThan(100);
  });

  it('gives a different trace hash for a different seed', () => {
    const hashes = new Set([1, 2, 3, 7, 1000].map((seed) => runScenario(checkout, { seed }).traceHash));
    expect(hashes.size).toBe(5);
  });

  it('reports the seed it actually used', () => {
    expect(runScenario(checkout).seed).toBe(7);
    expect(runScenario(checkout, { seed: 12 }).seed).toBe(12);
    expect(runScenario(checkout, { seed: 7 }).traceHash).toBe(runScenario(checkout).traceHash);
  });

  it('gives a different trace hash when the model changes', () => {
    const fewer = loadFile('scenarios/checkout-burst.json', ['consumers[0].instances=9']);
    expect(runScenario(fewer).traceHash).not.toBe(runScenario(checkout).traceHash);
  });

  it('does not let a new producer change the draws of the existing ones (independent streams)', () => {
    const withNeighbour = loadFile('scenarios/checkout-burst.json', [
      'producers[1]={"id":"audit","target":"audit-log","rate":{"perSecond":3}}',
      'brokers[1]={"id":"audit-log","kind":"queue"}',
    ]);
    expect(withNeighbour.producers.map((p) => p.id)).toEqual(['checkout', 'audit']);
    const times = (scenario: Scenario): number[] => {
      const published: number[] = [];
      runScenario(scenario, { onTrace: (r) => void (r.kind === 'published' && r.producer === 'checkout' && published.push(r.time)) });
      return published;
    };
    expect(times(withNeighbour)).toEqual(times(checkout));
  });

  it.each([
    ['irregular advanceTo pieces', (run: Run) => {
      for (let t = 0.37; !run.done; t += 0.37) run.advanceTo(t);
    }],
    ['one advanceTo per event time', (run: Run) => {
      while (!run.done) run.advanceTo(run.nextEventTime);
    }],
    ['step() one event at a time', (run: Run) => {
      while (run.step()) {
        /* one event per call */
      }
    }],
    ['a mix of steps, frames and jumps', (run: Run) => {
      let i = 0;
      while (!run.done) {
        run.frame();
        if (i++ % 3 === 0) run.step();
        else run.advanceTo(run.now + 1.3);
      }
    }],
  ])('gives the same hash and report when run in pieces: %s', (_name, drive) => {
    for (const scenario of [checkout, bounded]) {
      const whole = runScenario(scenario);
      const run = new Run(scenario);
      drive(run);
      expect(run.done).toBe(true);
      expect(run.now).toBe(scenario.duration);
      expect(run.report()).toEqual(whole);
    }
  });

  it('reports the same hash whether or not a trace listener is attached', () => {
    expect(runScenario(checkout, { onTrace: () => undefined }).traceHash).toBe(runScenario(checkout).traceHash);
  });
});
