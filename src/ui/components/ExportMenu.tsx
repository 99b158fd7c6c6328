import { useEffect, useState } from 'react';
import './export-menu.css';
import type { FromWorker } from '../../runtime/protocol';
import { formatCount, formatSeconds } from '../format';
import { useLab, useLabContext } from '../lab-context';
import { downloadText, slugFor } from '../scenarios/scenario-file';
import { selectFrame, selectLive, selectReport, selectScenario } from '../selectors';

type TraceMessage = Extract<FromWorker, { type: 'trace' }>;

/**
 * Exports of the run on screen: the trace so far as NDJSON (re-simulated in the worker, the same
 * format as `brokerlab run --trace`) and the report as JSON (final once the run is done, else so far).
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

  return (
    <div className="export-menu" role="group" aria-label="Export">
      <button
        type="button"
        disabled={scenario === null || waiting}
        onClick={() => {
          setWaiting(true);
          setStatus('Preparing the trace…');
          client.send({ type: 'exportTrace' });
        }}
      >
        Export trace
      </button>
      <button type="button" disabled={!report && !live} onClick={exportReport}>
        Export report
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
