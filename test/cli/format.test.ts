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
        oversizeRejected: 0,
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
        oversizeRejected: 0,
        skipped: 0,
        idleMembers: 0,
        rebalances: 0,
        receives: 0,
        emptyReceives: 0,
        instanceSeconds: 240,
        instances: { mean: 2, max: 2, final: 2 },
        failed: 0,
        failedBy: {},
        retries: 0,
        retryStorms: 0,
        lostByConsumer: 0,
        circuit: { opens: 0, openSeconds: 0 },
        sideEffects: { applied: 0, duplicates: 0, avoided: 0 },
        outOfOrder: 0,
        staleSkipped: 0,
        wrongFinalState: 0,
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

/** The lines of the table whose header starts with `title`, up to the blank line after it. */
function sectionOf(text: string, title: string): string[] {
  const lines = text.split('\n');
  // Two spaces end the first header cell, so "Stream" does not find "Stream group".
  const start = lines.findIndex((line) => line.startsWith(`${title}  `));
  if (start < 0) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start, end < 0 ? undefined : end);
}

/** The sample's queue broker and queue group with other names and fields, for reports of the other kinds. */
function brokerLike(overrides: Partial<RunReport['brokers'][string]>): RunReport['brokers'][string] {
  return { ...sampleReport().brokers.orders!, ...overrides };
}

function groupLike(overrides: Partial<RunReport['groups'][string]>): RunReport['groups'][string] {
  return { ...sampleReport().groups.billing!, ...overrides };
}

const NEW_SECTIONS = ['Stream', 'Topic', 'Bus', 'Stream group', 'Pull group'];

describe('formatReportTable: streams, topics, buses and pull consumers', () => {
  it('adds none of the sections for other kinds to a queue-only report', () => {
    const text = formatReportTable(sampleReport());
    expect(NEW_SECTIONS.map((title) => sectionOf(text, title))).toEqual(NEW_SECTIONS.map(() => []));
  });

  it('shows a stream’s log, and its groups’ lag, skipped records, idle members and rebalances', () => {
    const report = sampleReport();
    report.brokers = {
      orders: report.brokers.orders!,
      'user-events': brokerLike({
        kind: 'stream',
        stream: { partitions: 3, appended: 12_000, deleted: 2_500, retainedEntries: 9_500, retainedBytes: 9_728_000 },
      }),
      // A report rebuilt from a trace alone has no byte count.
      audit: brokerLike({ kind: 'stream', stream: { partitions: 1, appended: 10, deleted: 0, retainedEntries: 10 } }),
    };
    const partition = { lag: 0, committed: 10, owner: 'email#1', logEnd: 10 };
    report.groups = {
      billing: report.groups.billing!,
      email: groupLike({
        lag: { mean: 12.345, max: 218, final: 4, maxSeconds: 68.386 },
        skipped: 1_200,
        idleMembers: 1,
        rebalances: 3,
        partitions: { '0': partition },
      }),
      fraud: groupLike({ lag: { mean: 0, max: 0, final: 0, maxSeconds: 0 }, partitions: { '0': partition } }),
    };
    const text = formatReportTable(report);
    expect(sectionOf(text, 'Stream')).toEqual([
      'Stream       partitions  appended  deleted  retained  retained bytes',
      'user-events           3    12,000    2,500     9,500       9,728,000',
      'audit                 1        10        0        10',
    ]);
    // billing reads a queue: its lag is the queue's depth, already in the broker table.
    expect(sectionOf(text, 'Stream group')).toEqual([
      'Stream group  lag mean  max  final  max age (s)  skipped  idle members  rebalances',
      'email            12.35  218      4        68.39    1,200             1           3',
      'fraud                0    0      0            0        0             0           0',
    ]);
    // Right after the groups they describe.
    expect(text.indexOf('Stream group')).toBeGreaterThan(text.indexOf('Consumer group'));
    expect(text.indexOf('Stream group')).toBeLessThan(text.indexOf('Latency'));
  });

  it('shows what each topic routed to, filtered from and had refused by each subscription, and a topic without any', () => {
    const report = sampleReport();
    report.brokers = {
      'user-events': brokerLike({
        kind: 'topic',
        subscriptions: {
          'email-sub': { routed: 310, filtered: 0, refused: 0 },
          'eu-only': { routed: 120, filtered: 190, refused: 5 },
        },
      }),
      drafts: brokerLike({ kind: 'topic', subscriptions: {} }),
    };
    expect(sectionOf(formatReportTable(report), 'Topic')).toEqual([
      'Topic        subscription  routed  filtered  refused',
      'user-events  email-sub        310         0        0',
      'user-events  eu-only          120       190        5',
      'drafts       (none)',
    ]);
  });

  it('shows how events matched each bus’s rules, where copies went and how often a target was retried', () => {
    const report = sampleReport();
    report.brokers = {
      events: brokerLike({
        kind: 'bus',
        bus: { matched: 102, unmatched: 27, routed: 204, routedTo: { 'billing-q': 102, 'small-q': 102 }, retried: 173 },
      }),
    };
    expect(sectionOf(formatReportTable(report), 'Bus')).toEqual([
      'Bus     matched  unmatched  routed  retried  routed to',
      'events      102         27     204      173  billing-q 102, small-q 102',
    ]);
  });

  it('shows the receives of pull groups and the share that came back empty, leaving out push groups', () => {
    const report = sampleReport();
    report.groups = {
      billing: report.groups.billing!,
      poller: groupLike({ receives: 55, emptyReceives: 19 }),
      idle: groupLike({ receives: 4, emptyReceives: 4 }),
    };
    expect(sectionOf(formatReportTable(report), 'Pull group')).toEqual([
      'Pull group  receives  empty  empty share',
      'poller            55     19       34.55%',
      'idle               4      4       100.0%',
    ]);
  });
});

describe('formatReportJson', () => {
  it('leaves the series out unless asked for it', () => {
    const report = sampleReport();
    expect(JSON.parse(formatReportJson(report, false))).not.toHaveProperty('series');
    expect(JSON.parse(formatReportJson(report, true))).toEqual(report);
  });
});
