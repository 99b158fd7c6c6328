import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioText, type Scenario } from '../../../src/scenario';
import type { DistributionInput } from '../../../src/scenario/schema';
import { withTimelineActions } from '../../../src/scenario/timeline-text';
import { meanOf, settingsAt, withMean } from '../../../src/ui/live/settings-at';

const DESIGN = readFileSync(join(import.meta.dirname, '../../../scenarios/design-challenge.json'), 'utf8');

function load(text: string): Scenario {
  const result = loadScenarioText(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  return result.scenario;
}

describe('the settings the live controls start from', () => {
  it('are the file\'s own before any action, and a group added later appears only from its time', () => {
    const scenario = load(DESIGN);
    const before = settingsAt(scenario, 59.9);
    expect(before.groups.map((g) => g.id)).toEqual(['email', 'profile', 'metrics']);
    expect(before.groups[0]).toMatchObject({ id: 'email', reads: 'email-sub', instances: 1, failure: 0, idempotent: undefined, flow: 'push' });
    expect(before.producers).toEqual([{ id: 'signup', target: 'user-events', perSecond: 3, whenFull: 'fail', rateLimit: null }]);
    expect(settingsAt(scenario, 60).groups.map((g) => g.id)).toEqual(['email', 'profile', 'metrics', 'fraud']);
  });

  it('follow the timeline actions due by then, in file order, and ignore those still to come', () => {
    const changed = withTimelineActions(DESIGN, [
      { at: 10, action: 'scale', group: 'email', instances: 3 },
      { at: 10, action: 'scale', group: 'email', instances: 4 },
      { at: 12, action: 'set-rate', producer: 'signup', perSecond: 8 },
      { at: 12, action: 'set-failure', group: 'profile', probability: 0.25 },
      { at: 12, action: 'set-processing', group: 'metrics', processing: { type: 'constant', value: 0.3 } },
      { at: 50, action: 'scale', group: 'email', instances: 9 },
    ]);
    if (!changed.ok) throw new Error('must apply');
    const settings = settingsAt(load(changed.text), 20);
    expect(settings.groups.find((g) => g.id === 'email')!.instances).toBe(4);
    expect(settings.groups.find((g) => g.id === 'profile')!.failure).toBe(0.25);
    expect(settings.groups.find((g) => g.id === 'metrics')!.processing).toEqual({ type: 'constant', value: 0.3 });
    expect(settings.producers[0]!.perSecond).toBe(8);
  });

  it('count a stream\'s partitions after it grows', () => {
    const text = readFileSync(join(import.meta.dirname, '../../../scenarios/signup-stream.json'), 'utf8');
    const scenario = load(text);
    const stream = scenario.brokers.find((b) => b.kind === 'stream')!;
    const grown = withTimelineActions(text, [{ at: 5, action: 'add-partitions', stream: stream.id, partitions: 6 }]);
    if (!grown.ok) throw new Error('must apply');
    expect(settingsAt(load(grown.text), 4).streams).toEqual([{ id: stream.id, partitions: 3 }]);
    expect(settingsAt(load(grown.text), 5).streams).toEqual([{ id: stream.id, partitions: 6 }]);
  });
});

describe('a processing time stretched to a new mean', () => {
  const cases: DistributionInput[] = [
    { type: 'constant', value: 0.2 },
    { type: 'exponential', mean: 0.1 },
    { type: 'uniform', min: 0.1, max: 0.3 },
    { type: 'normal', mean: 0.5, stddev: 0.1 },
    { type: 'lognormal', mean: 0.2, p99: 1 },
    { type: 'lognormal', mean: 0.2, cv: 2 },
    { type: 'choice', options: [{ value: 0.1, weight: 9 }, { value: 2, weight: 1 }] },
  ];
  it.each(cases)('keeps the shape of $type and has exactly the mean asked for', (spec) => {
    const stretched = withMean(spec, 0.5);
    expect(stretched.type).toBe(spec.type);
    expect(meanOf(stretched)).toBeCloseTo(0.5, 12);
  });

  it('scales every time-valued parameter by the same factor', () => {
    expect(withMean({ type: 'uniform', min: 0.1, max: 0.3 }, 0.4)).toEqual({ type: 'uniform', min: 0.2, max: 0.6 });
    expect(withMean({ type: 'lognormal', mean: 0.2, p99: 1 }, 0.4)).toEqual({ type: 'lognormal', mean: 0.4, p99: 2 });
  });
});
