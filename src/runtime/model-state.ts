import type { ObservedModel, ObservedStreamGroup, RunReport } from '../metrics';
import type { ModelProbe } from '../scenario';

/** What the model itself holds at the end of a run, for the auditor to compare with the trace's books. */
export function observeModel(probe: ModelProbe): ObservedModel {
  const queues = new Map([...probe.queues].map(([id, queue]) => [id, { ready: queue.depth, parked: queue.parked }]));
  const streamGroups = new Map<string, ObservedStreamGroup>();
  for (const [id, group] of probe.groups) {
    if (group.kind !== 'stream') continue;
    const partitions = Array.from({ length: group.partitionCount }, (_, p) => p);
    streamGroups.set(id, { position: partitions.map((p) => group.position(p)), committed: partitions.map((p) => group.committed(p)) });
  }
  return { queues, streamGroups };
}

/** Adds to the report what only the model knows: idle members, positions and retained bytes. */
export function addModelState(report: Pick<RunReport, 'brokers' | 'groups'>, probe: ModelProbe): void {
  for (const [id, queue] of probe.queues) {
    const entry = report.brokers[id];
    if (entry !== undefined) entry.memory = queue.memoryLevel();
  }
  for (const [id, stream] of probe.streams) {
    const entry = report.brokers[id]?.stream;
    if (entry !== undefined) entry.retainedBytes = stream.retainedBytes;
  }
  for (const [id, group] of probe.groups) {
    const entry = report.groups[id];
    if (entry === undefined || group.kind !== 'stream') continue;
    entry.idleMembers = group.idleMembers;
    // The report has every partition the stream will ever have; those not added yet have no position.
    const count = group.stream.partitionCount;
    for (const [p, partition] of Object.entries(entry.partitions ?? {})) if (Number(p) < count) partition.position = group.position(Number(p));
  }
}
