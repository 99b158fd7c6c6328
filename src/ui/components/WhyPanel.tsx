import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Explanation } from '../../runtime/explain';
import type { Scenario } from '../../scenario';
import { formatCount, formatLatency } from '../format';
import { useLab, useLabActions, useLabContext } from '../lab-context';
import { selectExplainTarget, selectRunId, selectScenario } from '../selectors';
import { describeRecord } from '../why/describe-record';
import '../why/why.css';

/**
 * "Why?": the history of one message or one consumer instance, from the trace of the run on screen,
 * as sentences with their virtual times. Ask by message number or by instance here, or by clicking a
 * message or a consumer in the topology.
 */
export function WhyPanel() {
  const { client } = useLabContext();
  const scenario = useLab(selectScenario);
  const runId = useLab(selectRunId);
  const target = useLab(selectExplainTarget);
  const { explain } = useLabActions();
  const [explanation, setExplanation] = useState<Explanation | null>(null);
  const [messageText, setMessageText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const instances = useMemo(() => (scenario ? instanceIds(scenario) : []), [scenario]);

  useEffect(
    () =>
      client.subscribe((message) => {
        if (message.type === 'explanation' && message.runId === runId) setExplanation(message.explanation);
        if (message.type === 'loaded') setExplanation(null);
      }),
    [client, runId],
  );

  const askMessage = (event: FormEvent): void => {
    event.preventDefault();
    const id = Number(messageText.trim().replace(/^m/i, ''));
    if (!Number.isSafeInteger(id) || id < 1) {
      setProblem('A message number is a whole number from 1, e.g. 42 (the trace calls it m42).');
      return;
    }
    setProblem(null);
    explain({ kind: 'message', id });
  };

  if (!scenario) return null;
  const shown = explanation && target && sameTarget(explanation.target, target) ? explanation : null;
  return (
    <section className="panel why" aria-labelledby="why-title" data-testid="why">
      <h2 id="why-title">Why?</h2>
      <p className="why-hint">Follow one message or one consumer through the run so far. Click a dot or a consumer in the topology, or ask here.</p>
      <form className="why-ask" onSubmit={askMessage}>
        <label>
          Message <input inputMode="numeric" value={messageText} onChange={(e) => setMessageText(e.currentTarget.value)} placeholder="42" size={6} aria-describedby={problem ? 'why-problem' : undefined} />
        </label>
        <button type="submit">Explain</button>
        <label>
          Consumer{' '}
          <select value={target?.kind === 'consumer' ? target.id : ''} onChange={(e) => e.currentTarget.value !== '' && explain({ kind: 'consumer', id: e.currentTarget.value })}>
            <option value="">choose…</option>
            {instances.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      </form>
      {problem ? (
        <p className="why-problem" id="why-problem" role="alert">
          {problem}
        </p>
      ) : null}
      {target && !shown ? <p className="why-pending">Looking it up…</p> : null}
      {shown ? <History explanation={shown} /> : null}
    </section>
  );
}

function History({ explanation }: { explanation: Explanation }) {
  const { target, records, total, until } = explanation;
  const name = target.kind === 'message' ? `m${target.id}` : target.id;
  if (records.length === 0) {
    return (
      <p className="why-empty" data-testid="why-history">
        Nothing about {name} up to {formatLatency(until)}{target.kind === 'message' ? ': it has not been published yet, or there is no such message.' : '.'}
      </p>
    );
  }
  const cut = total > records.length ? (target.kind === 'message' ? `its first ${formatCount(records.length)} of ${formatCount(total)} records` : `its last ${formatCount(records.length)} of ${formatCount(total)} records`) : null;
  return (
    <div data-testid="why-history">
      <h3 className="why-title">
        {name} up to {formatLatency(until)}
        {cut ? <span className="why-cut"> ({cut})</span> : null}
      </h3>
      <ol className="why-list">
        {records.map((record, i) => (
          <li key={i}>
            <span className="why-time">{formatLatency(record.time)}</span> <span>{target.kind === 'consumer' && record.message > 0 ? `m${record.message} ` : ''}{describeRecord(record)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Every instance a group starts with, e.g. email#1, email#2 (scaling can add more later; the trace knows them). */
function instanceIds(scenario: Scenario): string[] {
  const groups = [...scenario.consumers, ...scenario.timeline.flatMap((a) => (a.action === 'add-group' ? [a.group] : []))];
  return groups.flatMap((g) => Array.from({ length: g.instances }, (_, i) => `${g.id}#${i + 1}`));
}

function sameTarget(a: Explanation['target'], b: Explanation['target']): boolean {
  return a.kind === b.kind && a.id === b.id;
}
