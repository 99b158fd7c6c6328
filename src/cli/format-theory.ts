import type { RunReport } from '../metrics';
import { formatQuantity } from './format-number';
import { renderTable } from './text-table';

/**
 * The closed-form steady state beside what the run measured, when the scenario is exactly M/M/c or
 * M/M/c/K. The simulated values include the warm-up from an empty queue, so a short run sits below
 * the analytic waits; a long one converges.
 */
export function theorySection(report: RunReport): string[] {
  const theory = report.theory;
  if (theory === undefined) return [];
  const group = Object.values(report.groups)[0];
  const broker = Object.values(report.brokers)[0];
  const producer = Object.values(report.producers)[0];
  if (group === undefined || broker === undefined || producer === undefined) return [];
  const lost = broker.dropped + producer.rejected;
  const shape = `${theory.model}: λ ${formatQuantity(theory.lambda)}/s, μ ${formatQuantity(theory.mu)}/s, c ${theory.servers}${
    theory.capacity !== undefined ? `, K ${theory.capacity}` : ''
  }, ρ ${formatQuantity(theory.rho)}`;
  if (!theory.stable) return [`Theory (${shape}): no steady state, the queue grows without bound (ρ >= 1)`];
  // Drop-head loses the messages that waited longest, so the served ones' waits are not the formula's.
  const waitsComparable = theory.loses !== 'oldest';
  const rows: [string, number, number][] = [
    ...(waitsComparable
      ? ([
          ['mean wait (s)', theory.meanWait, group.wait.mean],
          ['mean time in system (s)', theory.meanSojourn, group.endToEnd.mean],
        ] as [string, number, number][])
      : []),
    ['mean waiting', theory.meanWaiting, broker.depth.mean],
    ['throughput (/s)', theory.throughput, group.throughput],
  ];
  if (theory.capacity !== undefined) rows.push(['share lost', theory.blocking, producer.attempted > 0 ? lost / producer.attempted : 0]);
  const table = renderTable(
    [
      { header: `Theory (${shape})`, align: 'left' },
      { header: 'analytic', align: 'right' },
      { header: 'simulated', align: 'right' },
    ],
    rows.map(([name, analytic, simulated]) => [name, formatQuantity(analytic), formatQuantity(simulated)]),
  );
  return waitsComparable ? table : [...table, '(drop-head loses the oldest messages, so the waits of the served ones are not compared)'];
}
