import type { RunReport } from '../metrics';
import { formatCount, formatQuantity, formatReasons } from './format-number';
import { renderTable } from './text-table';

/**
 * What the groups' processing came to: failures and what happened to them (retries, storms, losses
 * by the consumer, the circuit breaker), and the side effects and key order the messages produced.
 * Each table is left out when it has nothing to say.
 */
export function failureSection(report: RunReport): string[] {
  const rows = Object.entries(report.groups)
    .filter(([, g]) => g.failed + g.retries + g.lostByConsumer + g.circuit.opens > 0)
    .map(([id, g]) => [
      id,
      formatCount(g.failed),
      formatReasons(g.failedBy),
      formatCount(g.retries),
      formatCount(g.retryStorms),
      formatCount(g.lostByConsumer),
      formatCount(g.circuit.opens),
      formatQuantity(g.circuit.openSeconds),
    ]);
  if (rows.length === 0) return [];
  return renderTable(
    [
      { header: 'Failures', align: 'left' },
      { header: 'failed', align: 'right' },
      { header: 'failed by', align: 'left' },
      { header: 'retries', align: 'right' },
      { header: 'retry storms', align: 'right' },
      { header: 'lost by consumer', align: 'right' },
      { header: 'circuit opens', align: 'right' },
      { header: 'open s', align: 'right' },
    ],
    rows,
  );
}

export function effectSection(report: RunReport): string[] {
  const rows = Object.entries(report.groups)
    .filter(([, g]) => g.sideEffects.applied + g.sideEffects.avoided + g.outOfOrder + g.staleSkipped + g.wrongFinalState > 0)
    .map(([id, g]) => [
      id,
      formatCount(g.sideEffects.applied),
      formatCount(g.sideEffects.duplicates),
      formatCount(g.sideEffects.avoided),
      formatCount(g.outOfOrder),
      formatCount(g.staleSkipped),
      formatCount(g.wrongFinalState),
    ]);
  if (rows.length === 0) return [];
  return renderTable(
    [
      { header: 'Effects', align: 'left' },
      { header: 'side effects', align: 'right' },
      { header: 'duplicated', align: 'right' },
      { header: 'avoided', align: 'right' },
      { header: 'out of order', align: 'right' },
      { header: 'stale skipped', align: 'right' },
      { header: 'wrong final state', align: 'right' },
    ],
    rows,
  );
}

/** Producers that had to wait or repeat: their backlog, the wait it moved upstream, and duplicates at the source. */
export function producerFlowSection(report: RunReport): string[] {
  const rows = Object.entries(report.producers)
    .filter(([, p]) => (p.throttled ?? 0) + (p.duplicatesPublished ?? 0) + (p.duplicatesPrevented ?? 0) > 0)
    .map(([id, p]) => [
      id,
      formatCount(p.throttled ?? 0),
      formatQuantity(p.blockedSeconds ?? 0),
      formatQuantity(p.backlog?.mean ?? 0),
      formatCount(p.backlog?.max ?? 0),
      formatCount(p.duplicatesPublished ?? 0),
      formatCount(p.duplicatesPrevented ?? 0),
    ]);
  if (rows.length === 0) return [];
  return renderTable(
    [
      { header: 'Producer flow', align: 'left' },
      { header: 'throttled', align: 'right' },
      { header: 'blocked s', align: 'right' },
      { header: 'backlog mean', align: 'right' },
      { header: 'max', align: 'right' },
      { header: 'duplicates', align: 'right' },
      { header: 'prevented', align: 'right' },
    ],
    rows,
  );
}

/** Every alert that fired, on a group or a broker, in the order of their firing times. */
export function alertSection(report: RunReport): string[] {
  const firings = [
    ...Object.entries(report.groups).flatMap(([id, g]) => (g.alerts ?? []).map((a) => ({ on: id, ...a }))),
    ...Object.entries(report.brokers).flatMap(([id, b]) => (b.alerts ?? []).map((a) => ({ on: id, ...a }))),
  ].sort((a, b) => a.at - b.at);
  if (firings.length === 0) return [];
  return renderTable(
    [
      { header: 'Alert', align: 'left' },
      { header: 'on', align: 'left' },
      { header: 'fired at s', align: 'right' },
      { header: 'value', align: 'right' },
      { header: 'resolved at s', align: 'right' },
    ],
    firings.map((a) => [a.name, a.on, formatQuantity(a.at), formatQuantity(a.value), a.until === undefined ? 'still firing' : formatQuantity(a.until)]),
  );
}
