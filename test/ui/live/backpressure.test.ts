import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/runtime/run';
import { loadScenarioText, type Scenario } from '../../../src/scenario';
import type { TimelineAction } from '../../../src/scenario/schema';
import { withTimelineActions } from '../../../src/scenario/timeline-text';
import { backpressureInForce, backpressureTarget, strategiesFor, strategyActions, type StrategyId } from '../../../src/ui/live/backpressure';
import { settingsAt } from '../../../src/ui/live/settings-at';

const SCENARIOS = join(import.meta.dirname, '../../../scenarios');
const library = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.json') && f !== 'schema.json')
  .map((file) => ({ file, text: readFileSync(join(SCENARIOS, file), 'utf8') }));

function load(text: string): Scenario {
  const result = loadScenarioText(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  return result.scenario;
}

/** The scenario with `strategies` switched on one after another, one second apart from 5 s. */
function switched(text: string, strategies: readonly StrategyId[]): { text: string; scenario: Scenario } {
  let current = text;
  strategies.forEach((id, i) => {
    const scenario = load(current);
    const at = 5 + i;
    const target = backpressureTarget(scenario, settingsAt(scenario, at))!;
    const actions = strategyActions(id, target, 50, 7).map((a) => ({ ...a, at }) as TimelineAction);
    const next = withTimelineActions(current, actions);
    if (!next.ok) throw new Error(JSON.stringify(next.errors));
    current = next.text;
  });
  return { text: current, scenario: load(current) };
}

describe('the live backpressure switch', () => {
  it('offers every strategy that applies on every library scenario, and each one validates after any other', () => {
    let checked = 0;
    for (const { file, text } of library) {
      const scenario = load(text);
      const target = backpressureTarget(scenario, settingsAt(scenario, 5));
      if (target === null) continue;
      const ids = strategiesFor(target).map((s) => s.id);
      // Every ordered pair, so a switch never depends on which strategy was on before.
      for (const first of ids) {
        for (const second of ids) {
          expect(() => switched(text, [first, second]), `${file}: ${first} then ${second}`).not.toThrow();
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('reads back the strategy it switched on, with its bound or rate', () => {
    const text = readFileSync(join(SCENARIOS, 'backpressure-throttling.json'), 'utf8');
    const expectations: [StrategyId, { bound: number | null; perSecond: number | null }][] = [
      ['buffer', { bound: null, perSecond: null }],
      ['drop-oldest', { bound: 50, perSecond: null }],
      ['refuse-new', { bound: 50, perSecond: null }],
      ['block', { bound: 50, perSecond: null }],
      ['throttle', { bound: null, perSecond: 7 }],
    ];
    for (const [id, rest] of expectations) {
      const { scenario } = switched(text, ['buffer', id]);
      const settings = settingsAt(scenario, 10);
      const target = backpressureTarget(scenario, settings)!;
      expect(backpressureInForce(settings, target)).toEqual({ strategy: id, ...rest });
    }
  });

  it('reads the strategy a library file starts with', () => {
    const start = (file: string) => {
      const scenario = load(readFileSync(join(SCENARIOS, file), 'utf8'));
      const settings = settingsAt(scenario, 0);
      const target = backpressureTarget(scenario, settings)!;
      return backpressureInForce(settings, target).strategy;
    };
    expect(start('backpressure-buffering.json')).toBe('refuse-new');
    expect(start('backpressure-dropping.json')).toBe('drop-oldest');
    expect(start('backpressure-throttling.json')).toBe('block');
    expect(start('backpressure-autoscale.json')).toBe('autoscale');
    expect(start('signup-shared-queue.json')).toBe('buffer');
  });

  it('puts a topic\'s subscription queues under the switch and sizes the throttle by its slowest subscriber', () => {
    const scenario = load(readFileSync(join(SCENARIOS, 'design-challenge.json'), 'utf8'));
    const target = backpressureTarget(scenario, settingsAt(scenario, 0))!;
    expect(target).toMatchObject({ queues: ['email-sub', 'profile-sub', 'metrics-sub'], producers: ['signup'], canBlock: false, autoscaled: [] });
    expect(target.capacity).toBeCloseTo(10, 9);
    expect(strategiesFor(target).map((s) => s.id)).toEqual(['buffer', 'drop-oldest', 'refuse-new', 'throttle']);
  });

  it('has no switch when the producer writes to a stream', () => {
    const scenario = load(readFileSync(join(SCENARIOS, 'signup-stream.json'), 'utf8'));
    expect(backpressureTarget(scenario, settingsAt(scenario, 0))).toBeNull();
  });
});

describe('a backpressure switch made live changes the run as the strategy says', () => {
  // 20 readings/s plus 1,500 between 30 s and 60 s, into consumers that take 25/s; switched at 5 s.
  const text = readFileSync(join(SCENARIOS, 'backpressure-buffering.json'), 'utf8');
  const run = (id: StrategyId) => runScenario(switched(text, [id]).scenario);

  it('refusing new messages keeps the queue at its bound and loses the refused publishes at the producer', () => {
    const report = run('refuse-new');
    expect(report.brokers.readings!.depth.max).toBeLessThanOrEqual(50);
    expect(report.producers.sensors!.rejectedBy).toEqual({ maxlen: report.producers.sensors!.rejected });
    expect(report.producers.sensors!.rejected).toBeGreaterThan(500);
    expect(report.brokers.readings!.dropped).toBe(0);
  });

  it('dropping the oldest keeps the queue at its bound and drops at the broker, not the producer', () => {
    const report = run('drop-oldest');
    expect(report.brokers.readings!.depth.max).toBeLessThanOrEqual(50);
    expect(report.brokers.readings!.droppedBy).toEqual({ maxlen: report.brokers.readings!.dropped });
    expect(report.brokers.readings!.dropped).toBeGreaterThan(500);
    expect(report.producers.sensors!.rejected).toBe(0);
  });

  it('blocking the producer loses nothing and moves the wait upstream', () => {
    const report = run('block');
    expect(report.brokers.readings!.depth.max).toBeLessThanOrEqual(50);
    expect(report.producers.sensors!.rejected).toBe(0);
    expect(report.brokers.readings!.dropped).toBe(0);
    expect(report.producers.sensors!.blockedSeconds).toBeGreaterThan(10);
  });

  it('throttling paces the producer below the consumers and keeps the queue short', () => {
    const report = run('throttle');
    expect(report.producers.sensors!.throttled).toBeGreaterThan(1000);
    expect(report.brokers.readings!.depth.max).toBeLessThan(10);
    // 7/s from 5 s on, after the first 5 s at the file's 20/s.
    expect(report.producers.sensors!.published).toBeLessThanOrEqual(5 * 30 + 7 * (report.duration - 5) + 1);
  });

  it('buffering everything lets the burst fill the broker\'s memory until it crashes', () => {
    const report = run('buffer');
    expect(report.brokers.readings!.crashes).toBeGreaterThan(0);
    expect(report.brokers.readings!.depth.max).toBeGreaterThan(800);
  });
});
