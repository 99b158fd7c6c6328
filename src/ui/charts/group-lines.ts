import type { Scenario } from '../../scenario';

/** The consumer groups a run can have, its timeline's late additions included, in scenario order. */
export function groupIds(scenario: Scenario): string[] {
  const ids = scenario.consumers.map((c) => c.id);
  for (const a of scenario.timeline) if (a.action === 'add-group' && !ids.includes(a.group.id)) ids.push(a.group.id);
  return ids;
}

/** Partitions of the stream a group reads (0 for a queue group). */
export function partitionsRead(scenario: Scenario, group: string): number {
  const spec = scenario.consumers.find((c) => c.id === group) ?? scenario.timeline.flatMap((a) => (a.action === 'add-group' ? [a.group] : [])).find((g) => g.id === group);
  const broker = scenario.brokers.find((b) => b.id === spec?.reads);
  return broker?.kind === 'stream' ? broker.partitions : 0;
}
