import type { RunReport } from '../metrics';
import { formatCount, formatQuantity, formatReasons, formatSeconds } from './format-number';
import { alertSection, effectSection, failureSection, producerFlowSection } from './format-outcomes';
import { theorySection } from './format-theory';
import { renderTable } from './text-table';

/** Violations shown in the summary; the JSON report has the first hundred. */
const SHOWN_VIOLATIONS = 5;

/**
 * The report as a summary for people: what was produced, how the brokers filled, how long messages
 * waited and took end to end, and whether the built-in checks held. Ends with a newline.
 */
export function formatReportTable(report: RunReport): string {
  const sections = [
    header(report),
    producerSection(report),
    producerFlowSection(report),
    brokerSection(report),
    streamSection(report),
    topicSection(report),
    busSection(report),
    groupSection(report),
    streamGroupSection(report),
    pullSection(report),
    brokerLifecycleSection(report),
    groupLifecycleSection(report),
    failureSection(report),
    effectSection(report),
    alertSection(report),
    latencySection(report),
    theorySection(report),
    invariantSection(report),
  ].filter((lines) => lines.length > 0);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function header(report: RunReport): string[] {
  return [
    report.scenario,
    `seed ${report.seed} · ${formatSeconds(report.duration)} s virtual · ${formatCount(report.events)} events · trace ${report.traceHash}`,
  ];
}

function producerSection(report: RunReport): string[] {
  const rows = Object.entries(report.producers).map(([id, p]) => [
    id,
    formatCount(p.attempted),
    formatCount(p.published),
    formatCount(p.rejected),
    formatReasons(p.rejectedBy),
  ]);
  return renderTable(
    [
      { header: 'Producer', align: 'left' },
      { header: 'attempted', align: 'right' },
      { header: 'published', align: 'right' },
      { header: 'rejected', align: 'right' },
      { header: 'rejected by', align: 'left' },
    ],
    rows,
  );
}

function brokerSection(report: RunReport): string[] {
  const rows = Object.entries(report.brokers).map(([id, b]) => [
    id,
    b.kind,
    formatCount(b.enqueued),
    formatQuantity(b.depth.mean),
    formatCount(b.depth.max),
    formatCount(b.depth.final),
    formatQuantity(b.inflight.mean),
    formatCount(b.inflight.max),
    formatCount(b.dropped),
    formatReasons(b.droppedBy),
  ]);
  return renderTable(
    [
      { header: 'Broker', align: 'left' },
      { header: 'kind', align: 'left' },
      { header: 'enqueued', align: 'right' },
      { header: 'depth mean', align: 'right' },
      { header: 'max', align: 'right' },
      { header: 'final', align: 'right' },
      { header: 'inflight mean', align: 'right' },
      { header: 'max', align: 'right' },
      { header: 'dropped', align: 'right' },
      { header: 'dropped by', align: 'left' },
    ],
    rows,
  );
}

function groupSection(report: RunReport): string[] {
  const rows = Object.entries(report.groups).map(([id, g]) => [
    id,
    formatCount(g.delivered),
    formatCount(g.acked),
    formatQuantity(g.throughput),
  ]);
  if (rows.length === 0) return ['Consumer groups: none'];
  return renderTable(
    [
      { header: 'Consumer group', align: 'left' },
      { header: 'delivered', align: 'right' },
      { header: 'acked', align: 'right' },
      { header: 'throughput/s', align: 'right' },
    ],
    rows,
  );
}

/** The logs of stream brokers; left out when there is no stream. */
function streamSection(report: RunReport): string[] {
  const rows = Object.entries(report.brokers).flatMap(([id, b]) =>
    b.stream === undefined
      ? []
      : [
          [
            id,
            formatCount(b.stream.partitions),
            formatCount(b.stream.appended),
            formatCount(b.stream.deleted),
            formatCount(b.stream.retainedEntries),
            b.stream.retainedBytes === undefined ? '' : formatCount(b.stream.retainedBytes),
          ],
        ],
  );
  if (rows.length === 0) return [];
  return renderTable(
    [
      { header: 'Stream', align: 'left' },
      { header: 'partitions', align: 'right' },
      { header: 'appended', align: 'right' },
      { header: 'deleted', align: 'right' },
      { header: 'retained', align: 'right' },
      { header: 'retained bytes', align: 'right' },
    ],
    rows,
  );
}

/** What each topic did with each subscription's copies; left out when there is no topic. */
function topicSection(report: RunReport): string[] {
  const rows = Object.entries(report.brokers).flatMap(([id, b]) => {
    if (b.subscriptions === undefined) return [];
    const subscriptions = Object.entries(b.subscriptions);
    if (subscriptions.length === 0) return [[id, '(none)']];
    return subscriptions.map(([sub, counts]) => [id, sub, formatCount(counts.routed), formatCount(counts.filtered), formatCount(counts.refused)]);
  });
  if (rows.length === 0) return [];
  return renderTable(
    [
      { header: 'Topic', align: 'left' },
      { header: 'subscription', align: 'left' },
      { header: 'routed', align: 'right' },
      { header: 'filtered', align: 'right' },
      { header: 'refused', align: 'right' },
    ],
    rows,
  );
}

/** How events matched each bus's rules and where the copies went; left out when there is no bus. */
function busSection(report: RunReport): string[] {
  const rows = Object.entries(report.brokers).flatMap(([id, b]) =>
    b.bus === undefined
      ? []
      : [[id, formatCount(b.bus.matched), formatCount(b.bus.unmatched), formatCount(b.bus.routed), formatCount(b.bus.retried), formatReasons(b.bus.routedTo)]],
  );
  if (rows.length === 0) return [];
  return renderTable(
    [
      { header: 'Bus', align: 'left' },
      { header: 'matched', align: 'right' },
      { header: 'unmatched', align: 'right' },
      { header: 'routed', align: 'right' },
      { header: 'retried', align: 'right' },
      { header: 'routed to', align: 'left' },
    ],
    rows,
  );
}

/**
 * Lag and membership of the groups reading a stream (those with partitions in the report, and shared
 * groups). A queue group's lag is its queue's depth, already in the broker table, so it is not
 * repeated here.
 */
function streamGroupSection(report: RunReport): string[] {
  const rows = Object.entries(report.groups)
    .filter(([, g]) => g.partitions !== undefined || g.shared === true)
    .map(([id, g]) => [
      id,
      formatQuantity(g.lag.mean),
      formatCount(g.lag.max),
      formatCount(g.lag.final),
      formatQuantity(g.lag.maxSeconds),
      formatCount(g.skipped),
      formatCount(g.idleMembers),
      formatCount(g.rebalances),
    ]);
  if (rows.length === 0) return [];
  return renderTable(
    [
      { header: 'Stream group', align: 'left' },
      { header: 'lag mean', align: 'right' },
      { header: 'max', align: 'right' },
      { header: 'final', align: 'right' },
      { header: 'max age (s)', align: 'right' },
      { header: 'skipped', align: 'right' },
      { header: 'idle members', align: 'right' },
      { header: 'rebalances', align: 'right' },
    ],
    rows,
  );
}

/** Receives of pull consumers, and how many came back empty; left out when no group pulls. */
function pullSection(report: RunReport): string[] {
  const rows = Object.entries(report.groups)
    .filter(([, g]) => g.receives > 0)
    .map(([id, g]) => [id, formatCount(g.receives), formatCount(g.emptyReceives), `${formatQuantity((100 * g.emptyReceives) / g.receives)}%`]);
  if (rows.length === 0) return [];
  return renderTable(
    [
      { header: 'Pull group', align: 'left' },
      { header: 'receives', align: 'right' },
      { header: 'empty', align: 'right' },
      { header: 'empty share', align: 'right' },
    ],
    rows,
  );
}

/** Requeues, dead-letters and the like, per broker; left out when none happened, to keep simple runs short. */
function brokerLifecycleSection(report: RunReport): string[] {
  const rows = Object.entries(report.brokers)
    .filter(([, b]) => b.requeued + b.deadLettered + b.expired + b.redriven + b.flagged > 0)
    .map(([id, b]) => [
      id,
      formatCount(b.requeued),
      formatReasons(b.requeuedBy),
      formatCount(b.deadLettered),
      formatReasons(b.deadLetteredBy),
      formatCount(b.expired),
      formatCount(b.redriven),
      formatCount(b.flagged),
    ]);
  if (rows.length === 0) return [];
  return renderTable(
    [
      { header: 'Broker lifecycle', align: 'left' },
      { header: 'requeued', align: 'right' },
      { header: 'requeued by', align: 'left' },
      { header: 'dead-lettered', align: 'right' },
      { header: 'dead-lettered by', align: 'left' },
      { header: 'expired', align: 'right' },
      { header: 'redriven', align: 'right' },
      { header: 'flagged', align: 'right' },
    ],
    rows,
  );
}

/** Redeliveries, duplicates, late acks and crashes per group; left out when none happened. */
function groupLifecycleSection(report: RunReport): string[] {
  const rows = Object.entries(report.groups)
    .filter(([, g]) => g.redelivered + g.lateAcks + g.crashes > 0)
    .map(([id, g]) => [
      id,
      formatCount(g.redelivered),
      formatCount(g.duplicates),
      formatReasons(g.duplicatesBy),
      formatCount(g.lateAcks),
      formatCount(g.crashes),
    ]);
  if (rows.length === 0) return [];
  return renderTable(
    [
      { header: 'Group lifecycle', align: 'left' },
      { header: 'redelivered', align: 'right' },
      { header: 'duplicates', align: 'right' },
      { header: 'duplicated by', align: 'left' },
      { header: 'late acks', align: 'right' },
      { header: 'crashes', align: 'right' },
    ],
    rows,
  );
}

function latencySection(report: RunReport): string[] {
  const rows = Object.entries(report.groups).flatMap(([id, g]) =>
    (['wait', 'endToEnd'] as const).map((measure) => {
      const s = g[measure];
      return [id, measure, formatCount(s.count), ...[s.mean, s.p50, s.p95, s.p99, s.max].map(formatQuantity)];
    }),
  );
  if (rows.length === 0) return [];
  return renderTable(
    [
      { header: 'Latency (s)', align: 'left' },
      { header: '', align: 'left' },
      { header: 'count', align: 'right' },
      { header: 'mean', align: 'right' },
      { header: 'p50', align: 'right' },
      { header: 'p95', align: 'right' },
      { header: 'p99', align: 'right' },
      { header: 'max', align: 'right' },
    ],
    rows,
  );
}

function invariantSection(report: RunReport): string[] {
  const { invariants } = report;
  if (invariants.ok) {
    return [`Invariants: ok (${invariants.checks.map((c) => c.name).join(', ')})`];
  }
  const lines = ['Invariants: FAILED'];
  for (const check of invariants.checks) lines.push(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
  if (invariants.violationCount > 0) {
    const shown = invariants.violations.slice(0, SHOWN_VIOLATIONS);
    lines.push(`  ${formatCount(invariants.violationCount)} violation${invariants.violationCount === 1 ? '' : 's'}; the first:`);
    for (const v of shown) {
      const at = v.time !== undefined ? `t=${formatQuantity(v.time)} ` : '';
      lines.push(`    ${at}[${v.check}] ${v.message}`);
    }
  }
  return lines;
}
