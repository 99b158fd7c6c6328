import { useEffect, useRef, useState } from 'react';
import './export-menu.css';
import type { FromWorker } from '../../runtime/protocol';
import { createSampleLog, runMetricsCsv, type SampleLog } from '../charts/sample-log';
import { formatCount, formatSeconds } from '../format';
import { useLab, useLabContext } from '../lab-context';
import { downloadText, slugFor } from '../scenarios/scenario-file';
import { selectFrame, selectLive, selectReport, selectScenario } from '../selectors';

type TraceMessage = Extract<FromWorker, { type: 'trace' }>;

/**
 * Exports of the run on screen: the trace so far as NDJSON (re-simulated in the worker, the same
 * format as `brokerlab run --trace`), the report as JSON (final once the run is done, else so far)
 * and the chart samples so far as CSV (see metrics-csv.ts).
 */
export function ExportMenu() {
  const { client } = useLabContext();
  const scenario = useLab(selectScenario);
  const report = useLab(selectReport);
  const live = useLab(selectLive);
  const frame = useLab(selectFrame);
  const [status, setStatus] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(false);
  const stem = slugFor(scenario?.name);
  const samples = useRef<SampleLog | null>(null);

  // Subscribed before App loads the first run (children's effects run first), so no sample is missed.
  useEffect(() => {
    const log = createSampleLog(client);
    samples.current = log;
    return () => {
      log.stop();
      samples.current = null;
    };
  }, [client]);

  useEffect(
    () =>
      client.subscribe((message) => {
        if (message.type !== 'trace') return;
        setWaiting(false);
        downloadText(message.text, `${stem}-trace.ndjson`, 'application/x-ndjson');
        setStatus(describeTrace(message));
      }),
    [client, stem],
  );

  const exportReport = (): void => {
    const current = report ?? live;
    if (!current) return;
    downloadText(`${JSON.stringify(current, null, 2)}\n`, `${stem}-report.json`);
    setStatus(report ? 'Exported the final report.' : `Exported the report so far, at ${formatSeconds(frame?.time ?? 0)}.`);
  };

  const exportMetrics = (): void => {
    const run = samples.current?.current();
    if (!run) return;
    const count = run.depth.length;
    if (count === 0) {
      setStatus('No samples yet: play or step the run first.');
      return;
    }
    let csv: string;
    try {
      csv = runMetricsCsv(run);
    } catch (error) {
      setStatus(`Could not export the metrics: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    downloadText(csv, `${stem}-metrics.csv`, 'text/csv');
    setStatus(`Exported ${formatCount(count)} ${count === 1 ? 'sample' : 'samples'} up to ${formatSeconds(run.depth[count - 1]!.time)}.`);
  };

  return (
    <div className="export-menu" role="group" aria-label="Export">
      <span className="group-caption" aria-hidden="true">
        Export
      </span>
      <button
        aria-label="Export trace"
        title="The trace so far, one JSON record a line (NDJSON)"
        type="button"
        disabled={scenario === null || waiting}
        onClick={() => {
          setWaiting(true);
          setStatus('Preparing the trace…');
          client.send({ type: 'exportTrace' });
        }}
      >
        Trace
      </button>
      <button type="button" aria-label="Export report" title="The report so far (final once the run is done), as JSON" disabled={!report && !live} onClick={exportReport}>
        Report
      </button>
      <button type="button" aria-label="Export metrics (CSV)" title="The chart samples so far, one row per sample (CSV)" disabled={scenario === null} onClick={exportMetrics}>
        Metrics (CSV)
      </button>
      {status !== null ? (
        <span className="export-status" role="status" data-testid="export-status">
          {status}
        </span>
      ) : null}
    </div>
  );
}

function describeTrace(message: TraceMessage): string {
  const upTo = `up to ${formatSeconds(message.until)}`;
  if (message.records < message.total) return `Exported the first ${formatCount(message.records)} of ${formatCount(message.total)} trace records ${upTo}.`;
  return `Exported ${formatCount(message.records)} trace records ${upTo}.`;
}
