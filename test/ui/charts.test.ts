// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FrameMessage, SeriesSample } from '../../src/runtime/protocol';
import { loadScenarioText, type Scenario } from '../../src/scenario';
import { alertSpans } from '../../src/ui/charts/alert-spans';
import { createTimeChart, trailingMean } from '../../src/ui/charts/time-chart';
import { lagSpec } from '../../src/ui/charts/lag-spec';
import { latencySpec } from '../../src/ui/charts/latency-spec';
import { formatRate } from '../../src/ui/charts/rate-format';
import { throughputSpec } from '../../src/ui/charts/throughput-spec';

function scenario(file: string): Scenario {
  const result = loadScenarioText(readFileSync(join(import.meta.dirname, '../../scenarios', file), 'utf8'));
  if (!result.ok) throw new Error(`${file} must validate`);
  return result.scenario;
}

const mark = (time: number, name: string, firing: boolean) => ({ time, name, firing, group: '', broker: '', value: 0 });

function seriesSample(time: number, groups: SeriesSample['groups'], counts: Partial<SeriesSample> = {}): SeriesSample {
  return { time, published: 0, acked: 0, dropped: 0, deadLettered: 0, redelivered: 0, retried: 0, groups, alerts: [], ...counts };
}

function frame(time: number, series: SeriesSample[]): FrameMessage {
  return {
    type: 'frame',
    runId: 1,
    playback: 'playing',
    speed: 1,
    frame: { time, events: 0, done: false, brokers: {}, producers: {}, groups: {} },
    samples: series.map((s) => ({ time: s.time, brokers: {} })),
    series,
  };
}

describe('alertSpans', () => {
  it('pairs each fire with the next resolve of the same rule, one strip row per rule, and leaves a span open while it fires', () => {
    expect(alertSpans([mark(1, 'a', true), mark(2, 'b', true), mark(3, 'a', false), mark(4, 'a', true)])).toEqual([
      { name: 'a', from: 1, to: 3, row: 0 },
      { name: 'b', from: 2, to: null, row: 1 },
      { name: 'a', from: 4, to: null, row: 0 },
    ]);
  });

  it('ignores a resolve without a fire and a repeated fire', () => {
    expect(alertSpans([mark(1, 'a', false), mark(2, 'a', true), mark(3, 'a', true), mark(4, 'a', false)])).toEqual([{ name: 'a', from: 2, to: 4, row: 0 }]);
  });
});

describe('trailingMean', () => {
  it('averages the finite values among the last samples of the window, and is NaN when none is finite', () => {
    expect(trailingMean([1, 2, 3, 6], 2)).toBe(4.5);
    expect(trailingMean([1, NaN, 3], 3)).toBe(2);
    expect(trailingMean([4], 3)).toBe(4);
    expect(trailingMean([NaN, NaN], 2)).toBeNaN();
  });
});

describe('chart specs', () => {
  it('gives the lag chart one line per group and, as detail, one per partition of a stream group', () => {
    const lines = lagSpec.lines(scenario('signup-stream.json'));
    expect(lines.filter((l) => !l.detail).map((l) => l.id)).toEqual(['email', 'profile', 'metrics', 'fraud']);
    expect(lines.filter((l) => l.detail).map((l) => l.id)).toContain('fraud:p2');
    expect(lines.filter((l) => l.detail)).toHaveLength(12);
    const p1 = lines.find((l) => l.id === 'email:p1')!;
    expect(p1.value(seriesSample(2, { email: { acked: 0, p50: NaN, p95: NaN, p99: NaN, lag: 9, partitions: [4, 5, 0] } }), 1)).toBe(5);
  });

  it('turns interval counts into rates: published per second in, and each group’s acks per second out', () => {
    const lines = throughputSpec.lines(scenario('design-challenge.json'));
    // The fraud group joins later from the timeline; it still has its line.
    expect(lines.map((l) => l.id)).toEqual(['in', 'out:email', 'out:profile', 'out:metrics', 'out:fraud']);
    const sample = seriesSample(10, { email: { acked: 6, p50: 1, p95: 1, p99: 1, lag: 0 } }, { published: 12 });
    expect(lines[0]!.value(sample, 2)).toBe(6);
    expect(lines[1]!.value(sample, 2)).toBe(3);
    expect(lines[2]!.value(sample, 2)).toBe(0);
  });

  it('draws p50, p95 and p99 per group with distinct dashes', () => {
    const lines = latencySpec.lines(scenario('checkout-burst.json'));
    expect(lines.map((l) => `${l.id} ${l.dash}`)).toEqual(['fulfilment:p50 ', 'fulfilment:p95 9 6', 'fulfilment:p99 2 5']);
  });
});

describe('createTimeChart', () => {
  let el: HTMLElement;
  afterEach(() => el.remove());

  it('lists each line’s latest value in its legend, and the partition lines only when detail is on', () => {
    el = document.createElement('div');
    document.body.append(el);
    const chart = createTimeChart(el, lagSpec);
    chart.load({ runId: 1, scenario: scenario('signup-stream.json'), interval: 1, markers: [] });
    const lag = (n: number, p: number[]) => ({ acked: 0, p50: NaN, p95: NaN, p99: NaN, lag: n, partitions: p });
    chart.update(frame(2, [seriesSample(1, { email: lag(3, [1, 1, 1]) }), seriesSample(2, { email: lag(1234, [1000, 200, 34]) })]));
    expect(el.querySelector('[data-testid="lag-email"]')?.textContent).toBe('1,234');
    // The fraud group has not joined: no value rather than zero.
    expect(el.querySelector('[data-testid="lag-fraud"]')?.textContent).toBe('–');
    expect(el.querySelectorAll('.chart-legend li')).toHaveLength(4);
    chart.setDetail(true);
    expect(el.querySelectorAll('.chart-legend li')).toHaveLength(16);
    expect(el.querySelector('svg.time-chart')?.getAttribute('aria-label')).toMatch(/lag per group/i);
    chart.destroy();
    expect(el.children).toHaveLength(0);
  });

  it('ignores frames of another run', () => {
    el = document.createElement('div');
    document.body.append(el);
    const chart = createTimeChart(el, throughputSpec);
    chart.load({ runId: 2, scenario: scenario('checkout-burst.json'), interval: 1, markers: [] });
    chart.update(frame(1, [seriesSample(1, {}, { published: 5 })]));
    expect(el.querySelector('[data-testid="rate-published"]')?.textContent).toBe('–');
    chart.destroy();
  });
});

describe('formatRate', () => {
  it('keeps whole numbers whole and gives other rates one decimal below 10', () => {
    expect([formatRate(0), formatRate(5), formatRate(2.345), formatRate(12.6), formatRate(1500)]).toEqual(['0', '5', '2.3', '13', '1,500']);
  });
});
