import { describe, expect, it } from 'vitest';
import type { DepthSample, FromWorker, SeriesSample } from '../../src/runtime/protocol';
import { validateScenario, type Scenario } from '../../src/scenario';
import { csvField, csvNumber, metricsCsv, type MetricsCsvInput } from '../../src/ui/charts/metrics-csv';
import { createSampleLog, runMetricsCsv } from '../../src/ui/charts/sample-log';
import { FakeClient } from './fake-runtime';

function series(time: number, counts: Partial<SeriesSample> = {}): SeriesSample {
  return { time, published: 0, acked: 0, dropped: 0, deadLettered: 0, redelivered: 0, retried: 0, groups: {}, alerts: [], ...counts };
}

const depth = (time: number, brokers: DepthSample['brokers'] = {}): DepthSample => ({ time, brokers });

const HEADER =
  'time_s,orders_depth,orders_inflight,published_per_s,acked_per_s,dropped_per_s,dead_lettered_per_s,redelivered_per_s,retried_per_s,' +
  'billing_acked_per_s,billing_p50_s,billing_p95_s,billing_p99_s,billing_lag';

/** Two samples half a second apart: nothing yet, then a little of everything. */
const TINY: MetricsCsvInput = {
  brokers: ['orders'],
  groups: ['billing'],
  interval: 0.5,
  depth: [depth(0, { orders: { depth: 0, inflight: 0 } }), depth(0.5, { orders: { depth: 3, inflight: 1 } })],
  series: [
    series(0, { groups: { billing: { acked: 0, p50: NaN, p95: NaN, p99: NaN, lag: 0 } } }),
    series(0.5, {
      published: 4,
      acked: 2,
      dropped: 1,
      redelivered: 1,
      retried: 3,
      groups: { billing: { acked: 2, p50: 0.25, p95: 0.4, p99: 0.45, lag: 3 } },
    }),
  ],
};

describe('metricsCsv', () => {
  it('writes a header with units, then one CRLF-ended row per sample with counts divided by the interval', () => {
    expect(metricsCsv(TINY)).toBe(`${HEADER}\r\n0,0,0,0,0,0,0,0,0,0,,,,0\r\n0.5,3,1,8,4,2,0,2,6,4,0.25,0.4,0.45,3\r\n`);
  });

  it('leaves a latency cell empty for an interval without acks (NaN) and a group cell empty before the group exists', () => {
    const csv = metricsCsv({ ...TINY, depth: [depth(1)], series: [series(1, { groups: {} })] });
    expect(csv.split('\r\n')[1]).toBe('1,,,0,0,0,0,0,0,,,,,');
  });

  it('gives whole rates for counts over a decimal interval instead of binary rounding noise', () => {
    const csv = metricsCsv({ brokers: [], groups: [], interval: 0.1, depth: [depth(0.30000000000000004)], series: [series(0.30000000000000004, { published: 3, acked: 7 })] });
    expect(csv.split('\r\n')[1]).toBe('0.3,30,70,0,0,0,0');
  });

  it('quotes headers holding commas or quotes as RFC 4180 asks', () => {
    const csv = metricsCsv({ brokers: ['eu,west', 'say "hi"'], groups: [], interval: 1, depth: [], series: [] });
    expect(csv.split('\r\n')[0]).toBe(
      'time_s,"eu,west_depth","eu,west_inflight","say ""hi""_depth","say ""hi""_inflight",published_per_s,acked_per_s,dropped_per_s,dead_lettered_per_s,redelivered_per_s,retried_per_s',
    );
  });

  it('leaves the series cells empty when the host sent no series at all', () => {
    const csv = metricsCsv({ ...TINY, series: [] });
    expect(csv.split('\r\n')[2]).toBe('0.5,3,1,,,,,,,,,,,');
  });

  it('refuses series that do not pair with the depth samples, naming the sample', () => {
    expect(() => metricsCsv({ ...TINY, series: [TINY.series[0]!] })).toThrow('metrics CSV: series has 1 samples but depth has 2');
    expect(() => metricsCsv({ ...TINY, series: [TINY.series[0]!, series(0.75)] })).toThrow('series[1].time is 0.75 but depth[1].time is 0.5');
  });

  it('refuses an interval that is not a positive number of seconds', () => {
    expect(() => metricsCsv({ ...TINY, interval: 0 })).toThrow('metrics CSV: interval must be a positive number of seconds, got 0');
    expect(() => metricsCsv({ ...TINY, interval: NaN })).toThrow('got NaN');
  });
});

describe('csvField and csvNumber', () => {
  it('quote a field only when it holds a comma, a quote or a line break', () => {
    expect(csvField('plain_id')).toBe('plain_id');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('"')).toBe('""""');
  });

  it('write nothing for NaN, infinities and missing values', () => {
    expect([NaN, Infinity, -Infinity, undefined].map(csvNumber)).toEqual(['', '', '', '']);
    expect(csvNumber(1234.5)).toBe('1234.5');
  });
});

describe('the sample log', () => {
  const DATA = {
    version: 1,
    name: 'Two groups',
    duration: 10,
    producers: [{ id: 'shop', target: 'orders', bursts: [{ at: 1, count: 3 }] }],
    brokers: [{ id: 'orders', kind: 'queue' }],
    consumers: [{ id: 'billing', reads: 'orders', processing: { type: 'constant', value: 1 } }],
    timeline: [{ at: 5, action: 'add-group', group: { id: 'audit', reads: 'orders', processing: { type: 'constant', value: 1 } } }],
  };
  const scenario = (): Scenario => {
    const result = validateScenario(DATA);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.scenario;
  };
  const runFrame = { time: 0, events: 0, done: false, brokers: {}, producers: {}, groups: {} };
  const loaded = (runId: number): FromWorker => ({ type: 'loaded', runId, scenario: scenario(), seed: 1, sampleInterval: 1, frame: runFrame });
  const frame = (runId: number, times: number[]): FromWorker => ({
    type: 'frame',
    runId,
    playback: 'playing',
    speed: 1,
    frame: runFrame,
    samples: times.map((t) => depth(t, { orders: { depth: t, inflight: 0 } })),
    series: times.map((t) => series(t, { published: t })),
  });

  it('keeps the current run’s samples, ignores an older run’s frames and starts empty on each load', () => {
    const client = new FakeClient();
    const log = createSampleLog(client);
    expect(log.current()).toBeNull();
    client.reply(frame(1, [0]));
    client.reply(loaded(1));
    client.reply(frame(1, [0, 1]));
    client.reply(frame(1, [2]));
    expect(log.current()!.depth.map((s) => s.time)).toEqual([0, 1, 2]);
    expect(log.current()!.series.map((s) => s.published)).toEqual([0, 1, 2]);
    client.reply(loaded(2));
    client.reply(frame(1, [3]));
    expect(log.current()!.depth).toEqual([]);
    log.stop();
    client.reply(loaded(3));
    expect(log.current()!.runId).toBe(2);
  });

  it('writes the CSV with the brokers and groups in the charts’ order, timeline groups included', () => {
    const client = new FakeClient();
    const log = createSampleLog(client);
    client.reply(loaded(1));
    client.reply(frame(1, [0]));
    const [header, row] = runMetricsCsv(log.current()!).split('\r\n');
    expect(header).toBe(
      'time_s,orders_depth,orders_inflight,published_per_s,acked_per_s,dropped_per_s,dead_lettered_per_s,redelivered_per_s,retried_per_s,' +
        'billing_acked_per_s,billing_p50_s,billing_p95_s,billing_p99_s,billing_lag,audit_acked_per_s,audit_p50_s,audit_p95_s,audit_p99_s,audit_lag',
    );
    expect(row).toBe('0,0,0,0,0,0,0,0,0,,,,,,,,,,');
  });
});
