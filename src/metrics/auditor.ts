import type { TraceRecord } from '../model';
import { LittleLaw } from './audit/little-law';
import { QueueAudit, type ObservedQueue } from './audit/queue-audit';
import { StreamAudit, type ObservedStreamGroup } from './audit/stream-audit';
import { ViolationLog } from './audit/violations';
import type { CheckResult, InvariantReport } from './report';
import type { Topology } from './topology';

/** What the model itself reports at the end of a run; the auditor compares its books with it. */
export interface ObservedModel {
  queues?: ReadonlyMap<string, ObservedQueue>;
  streamGroups?: ReadonlyMap<string, ObservedStreamGroup>;
}

export type { ObservedQueue, ObservedStreamGroup };

/**
 * Checks the trace against the model's invariants as it streams past, Jepsen-style: nothing lost
 * (accepted, then never delivered, nor dropped, expired, filtered or skipped with a counted reason),
 * nothing unexpected (delivered while not deliverable, or never published), duplicates counted per
 * group and attributed to a cause. Queues (and subscription queues) are checked copy by copy
 * (QueueAudit), streams offset by offset (StreamAudit). When every broker is a queue, so that each
 * message has exactly one copy, Little's law is checked exactly on the sample path as well.
 *
 * Only live messages are remembered, so memory follows what is in the system, not the run length.
 * A violation names the check, the message id, the group and the time.
 */
export class Auditor {
  private readonly violations = new ViolationLog();
  private readonly little: LittleLaw | undefined;
  private readonly queues: QueueAudit;
  private readonly streams: StreamAudit;
  private readonly hasStreams: boolean;

  constructor(topology: Topology) {
    const allQueues = topology.brokers.every((b) => b.kind === 'queue');
    this.little = allQueues ? new LittleLaw() : undefined;
    this.queues = new QueueAudit(topology, this.violations, this.little);
    this.streams = new StreamAudit(topology, this.violations);
    this.hasStreams = topology.brokers.some((b) => b.kind === 'stream');
  }

  readonly observe = (r: Readonly<TraceRecord>): void => {
    this.queues.observe(r);
    if (this.hasStreams) this.streams.observe(r);
  };

  /** Deliveries of a message (or stream record) the group had already received, by cause. */
  duplicatesOf(group: string): ReadonlyMap<string, number> {
    return this.streams.duplicatesOf(group) ?? this.queues.duplicates.get(group) ?? new Map();
  }

  /** Message copies the auditor is following right now (its memory grows with this, not with run length). */
  get liveCopies(): number {
    return this.queues.liveCopies;
  }

  /** Copies a subscription's filter turned away. */
  filteredAt(subscription: string): number {
    return this.queues.filteredAt(subscription);
  }

  /** Records a stream group never read because retention deleted them or a reset jumped over them. */
  skippedOf(group: string): number {
    return this.streams.skippedOf(group);
  }

  /** The verdict at virtual time `end` (the run's end), against what the model reports if given. */
  finish(end: number, observed: ObservedModel = {}): InvariantReport {
    const checks: CheckResult[] = [...this.queues.checks(end, observed.queues)];
    if (this.hasStreams) checks.push(...this.streams.checks(observed.streamGroups));
    checks.push({ name: 'no-lost', ok: !this.violations.has('lost'), detail: 'every accepted message is delivered, or counted as dropped, expired, filtered or skipped' });
    checks.push({ name: 'no-unexpected', ok: !this.violations.has('unexpected'), detail: 'every record is legal for the state its message is in' });
    if (this.little !== undefined) {
      for (const check of this.little.checks(end)) {
        checks.push(check);
        if (!check.ok) this.violations.push({ check: check.name, message: check.detail, time: end });
      }
    }
    return {
      ok: this.violations.count === 0 && checks.every((c) => c.ok),
      checks,
      violations: this.violations.kept.slice(),
      violationCount: this.violations.count,
    };
  }
}
