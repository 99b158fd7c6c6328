import type { TraceRecord } from '../../model';
import type { Violation } from '../report';

const MAX_KEPT_VIOLATIONS = 100;

/** Every violation the auditor finds: the first hundred in full, and the total count. */
export class ViolationLog {
  readonly kept: Violation[] = [];
  count = 0;
  private readonly checks = new Set<string>();

  /** A violation found at record `r`, naming its time, message and group. */
  at(check: string, r: Readonly<TraceRecord>, message: string): void {
    this.push({ check, message, time: r.time, ...(r.message > 0 ? { messageId: r.message } : {}), ...(r.group ? { group: r.group } : {}) });
  }

  push(violation: Violation): void {
    this.count++;
    this.checks.add(violation.check);
    if (this.kept.length < MAX_KEPT_VIOLATIONS) this.kept.push(violation);
  }

  /** Whether any violation of `check` was found. */
  has(check: string): boolean {
    return this.checks.has(check);
  }
}
