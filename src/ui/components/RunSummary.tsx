import { formatCount, formatLatency } from '../format';
import { useLab } from '../lab-context';
import { selectReport } from '../selectors';

/** The final report in brief, once the run is done: latencies, peak depth, the invariant checks and the trace hash. */
export function RunSummary() {
  const report = useLab(selectReport);
  if (!report) return null;
  const { invariants } = report;
  const manyGroups = Object.keys(report.groups).length > 1;
  const manyBrokers = Object.keys(report.brokers).length > 1;
  return (
    <section className="panel summary" aria-labelledby="summary-title" data-testid="summary">
      <h2 id="summary-title">Run complete</h2>
      <dl>
        {Object.entries(report.groups).map(([id, g]) => (
          <div key={id}>
            <dt>Wait{manyGroups ? ` (${id})` : ''}, p95 / max</dt>
            <dd>
              {formatLatency(g.wait.p95)} / {formatLatency(g.wait.max)}
            </dd>
          </div>
        ))}
        {Object.entries(report.brokers).map(([id, b]) => (
          <div key={id}>
            <dt>Peak ready{manyBrokers ? ` (${id})` : ''}</dt>
            <dd>{formatCount(b.depth.max)}</dd>
          </div>
        ))}
        <div>
          <dt>Invariants</dt>
          <dd className={invariants.ok ? 'ok' : 'bad'} data-testid="invariants">
            {invariants.ok ? `all ${invariants.checks.length} hold` : `${formatCount(invariants.violationCount)} violations`}
          </dd>
        </div>
        <div>
          <dt>Trace hash</dt>
          <dd>
            <code data-testid="trace-hash" title={`seed ${report.seed}`}>
              {report.traceHash}
            </code>
          </dd>
        </div>
      </dl>
    </section>
  );
}
