import { describe, expect, it } from 'vitest';
import { formatReportJson } from '../../src/cli/commands/run';
import { formatCount, formatQuantity, formatRate, formatReasons, formatSeconds } from '../../src/cli/format-number';
import { formatReportTable } from '../../src/cli/format-table';
import { renderTable } from '../../src/cli/text-table';
import type { RunReport } from '../../src/metrics';

const latency = (mean: number): RunReport['groups'][string]['wait'] => ({
  count: 10,
  mean,
  p50: mean * 0.8,
  p95: mean * 2,
  p99: mean * 3,
  max: mean * 4,
});

function sampleReport(): RunReport {
  return {
    scenario: 'Small shop',
    seed: 3,
    duration: 120,
    events: 123_456,
    traceHash: 'abc123',
    producers: { web: { attempted: 1200, published: 1150, rejected: 50, rejectedBy: { maxlen: 50 } } },
    brokers: {
      orders: {
        kind: 'queue',
        published: 1150,
        enqueued: 1150,
        depth: { mean: 4.25, max: 40, final: 2 },
        inflight: { mean: 3.5, max: 4, final: 1 },
        dropped: 7,
        droppedBy: { maxlen: 7 },
        requeued: 0,
        requeuedBy: {},
        deadLettered: 0,
        deadLetteredBy: {},
        expired: 0,
        redriven: 0,
        flagged: 0,
      },
    },
    groups: {
      billing: {
        delivered: 1140,
        acked: 1139,
        wait: latency(0.5),
        endToEnd: latency(1.25),
        throughput: 9.4917,
        redelivered: 0,
        duplicates: 0,
        duplicatesBy: {},
        lateAcks: 0,
        crashes: 0,
        lag: { mean: 4.25, max: 40, final: 2, maxSeconds: 3.5 },
        deadLettered: 0,
        expired: 0,
        filtered: 0,
        skipped: 0,
        idleMembers: 0,
        rebalances: 0,
        receives: 0,
        emptyReceives: 0,
      },
    },
    invariants: {
      ok: true,
      checks: [
        { name: 'conservation', ok: true, detail: 'fine' },
        { name: 'no-unexpected', ok: true, detail: 'fine' },
      ],
      violations: [],
      violationCount: 0,
    },
    series: { interval: 1, time: [0, 1], brokers: { orders: { depth: [0, 1], inflight: [0, 1] } } },
  };
}

describe('renderTable', () => {
  it('aligns the first column left and numbers right, two spaces apart, with no trailing spaces', () => {
    const lines = renderTable(
      [
        { header: 'name', align: 'left' },
        { header: 'n', align: 'right' },
        { header: 'note', align: 'left' },
      ],
      [
        ['a', '1', ''],
        ['longer', '1,000', 'x'],
      ],
    );
    expect(lines).toEqual(['name        n  note', 'a           1', 'longer  1,000  x']);
  });
});

describe('number formats', () => {
  it('prints counts with thousands separators whatever the machine locale', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
  });

  it('prints measured quantities with about four significant digits', () => {
    expect([0, 0.004213, 0.5, 6.47032, 16.391, 123.456, 5405.4].map(formatQuantity)).toEqual([
      '0',
      '0.004213',
      '0.5000',
      '6.470',
      '16.39',
      '123.5',
      '5,405',
    ]);
  });

  it('prints whole seconds without decimals and rates with SI suffixes', () => {
    expect(formatSeconds(60)).toBe('60');
    expect(formatSeconds(2.5)).toBe('2.500');
    expect([950, 12_345, 1_250_000].map(formatRate)).toEqual(['950', '12.3k', '1.25M']);
  });

  it('lists only the reasons that happened', () => {
    expect(formatReasons({ maxlen: 3, ttl: 0, poison: 1 })).toBe('maxlen 3, poison 1');
    expect(formatReasons({})).toBe('');
  });
});

describe('formatReportTable', () => {
  it('summarises producers, brokers, groups, latencies and invariants', () => {
    expect(formatReportTable(sampleReport())).toBe(
      [
        'Small shop',
        'seed 3 · 120 s virtual · 123,456 events · trace abc123',
        '',
        'Producer  attempted  published  rejected  rejected by',
        'web           1,200      1,150        50  maxlen 50',
        '',
        'Broker  kind   enqueued  depth mean  max  final  inflight mean  max  dropped  dropped by',
        'orders  queue     1,150       4.250   40      2          3.500    4        7  maxlen 7',
        '',
        'Consumer group  delivered  acked  throughput/s',
        'billing             1,140  1,139         9.492',
        '',
        'Latency (s)            count    mean     p50    p95    p99    max',
        'billing      wait         10  0.5000  0.4000  1.000  1.500  2.000',
        'billing      endToEnd     10   1.250   1.000  2.500  3.750  5.000',
        '',
        'Invariants: ok (conservation, no-unexpected)',
        '',
      ].join('\n'),
    );
  });

  it('shows failed checks and the first violations when an invariant fails', () => {
    const report = sampleReport();
    report.invariants = {
      ok: false,
      checks: [
        { name: 'conservation', ok: false, detail: 'published 10 = acked 8 + in flight 0 + ready 0 + dropped 0' },
        { name: 'no-unexpected', ok: true, detail: 'fine' },
      ],
      violations: Array.from({ length: 7 }, (_, i) => ({ check: 'lost', message: `message ${i + 1} vanished`, time: 60 })),
      violationCount: 7,
    };
    const text = formatReportTable(report);
    expect(text.slice(text.indexOf('Invariants:'))).toBe(
      [
        'Invariants: FAILED',
        '  FAIL conservation: published 10 = acked 8 + in flight 0 + ready 0 + dropped 0',
        '  ok   no-unexpected: fine',
        '  7 violations; the first:',
        '    t=60.00 [lost] message 1 vanished',
        '    t=60.00 [lost] message 2 vanished',
        '    t=60.00 [lost] message 3 vanished',
        '    t=60.00 [lost] message 4 vanished',
        '    t=60.00 [lost] message 5 vanished',
        '',
      ].join('\n'),
    );
  });

  it('says so when a scenario has no consumer groups', () => {
    const report = sampleReport();
    report.groups = {};
    const text = formatReportTable(report);
    expect(text).toContain('Consumer groups: none\n');
    expect(text).not.toContain('Latency');
  });
});

describe('formatReportJson', () => {
  it('leaves the series out unless asked for it', () => {
    const report = sampleReport();
    expect(JSON.parse(formatReportJson(report, false))).not.toHaveProperty('series');
    expect(JSON.parse(formatReportJson(report, true))).toEqual(report);
  });
});
