import type { LiveReport } from '../../runtime/protocol';
import { formatCount } from '../format';

/**
 * "Nothing lost": the auditor's verdict on the run so far, or its violations. The checks that need the
 * whole run (every accepted message accounted for) are settled only at the end, hence `final`.
 */
export function InvariantsBadge({ invariants, final }: { invariants: LiveReport['invariants']; final: boolean }) {
  if (invariants.ok) {
    return (
      <p className="invariants-badge ok" data-testid="invariants-badge" data-ok="true">
        <span aria-hidden="true">✔</span> Nothing lost without a cause: all {invariants.checks.length} invariants hold{final ? '' : ' so far'}
      </p>
    );
  }
  const failing = invariants.checks.filter((check) => !check.ok);
  return (
    <div className="invariants-badge bad" data-testid="invariants-badge" data-ok="false" role="status">
      <p>
        <span aria-hidden="true">✖</span> {formatCount(invariants.violationCount)} invariant violation{invariants.violationCount === 1 ? '' : 's'}
      </p>
      <ul>
        {failing.map((check) => (
          <li key={check.name}>
            <strong>{check.name}</strong>: {check.detail}
          </li>
        ))}
      </ul>
    </div>
  );
}
