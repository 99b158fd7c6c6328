import { useId, useMemo } from 'react';
import '../outcome/outcome.css';
import { formatCount } from '../format';
import { useLab } from '../lab-context';
import { commonEventType, joinTimes, lastJoinReached, outcomeRows, type OutcomeRow } from '../outcome/outcome-rows';
import { selectLive, selectPlayback, selectScenario } from '../selectors';
import { InvariantsBadge } from './InvariantsBadge';

/** A group gets "every" event once it has received this share of what was sent its way (the rest may still be on its way). */
const EVERY_EVENT = 0.95;

/**
 * Per consumer group: does it get every event, and what happened to them (received, processed,
 * duplicates, lost, dead-lettered), from the worker's latest report snapshot. For the design challenge
 * this is the chapter's "gets USER_CREATED?" table.
 */
export function OutcomeTable() {
  const scenario = useLab(selectScenario);
  const live = useLab(selectLive);
  const playback = useLab(selectPlayback);
  const rows = useMemo(() => (scenario && live ? outcomeRows(scenario, live) : []), [scenario, live]);
  const joins = useMemo(() => (scenario ? [...joinTimes(scenario).values()] : []), [scenario]);
  // The clock, reduced to the last join it has passed, so the table re-renders when a group joins, not every frame.
  const joinedBy = useLab((s) => lastJoinReached(joins, s.frame?.time ?? 0));
  // Compare mode shows two tables: each needs a heading id of its own.
  const titleId = useId();
  if (!scenario || !live) return null;
  const eventType = commonEventType(scenario);
  const question = eventType !== undefined ? `Gets every ${eventType}?` : 'Gets every event?';
  return (
    <section className="panel outcome" aria-labelledby={titleId} data-testid="outcome">
      <h2 id={titleId}>Outcome{playback === 'done' ? '' : ' so far'}</h2>
      <div className="outcome-scroll">
        <table className="outcome-table">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">{question}</th>
              <th scope="col" className="num" title="Distinct events received">
                Received
              </th>
              <th scope="col" className="num" title="Processed and acknowledged">
                Processed
              </th>
              <th scope="col" className="num" title="Repeat deliveries of an event already received">
                Dupl.
              </th>
              <th scope="col" className="num" title="Dropped, skipped or acknowledged after a failure: never processed here, each with a counted cause">
                Lost
              </th>
              <th scope="col" className="num" title="Moved to a dead-letter queue">
                DLQ
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (row.joinsAt > joinedBy ? <NotYetJoined key={row.group} row={row} /> : <Counts key={row.group} row={row} />))}
          </tbody>
        </table>
      </div>
      <InvariantsBadge invariants={live.invariants} final={playback === 'done'} />
    </section>
  );
}

/** A group in the run: does it get every event, and what became of them. */
function Counts({ row }: { row: OutcomeRow }) {
  return (
    <tr data-group={row.group}>
      <th scope="row">
        {row.group}
        <span className="reads">reads {row.reads}</span>
      </th>
      <td>
        <GetsEvery row={row} />
      </td>
      <td className="num">{formatCount(row.received)}</td>
      <td className="num">{formatCount(row.processed)}</td>
      <td className={`num${row.duplicates > 0 ? ' warn' : ''}`}>{formatCount(row.duplicates)}</td>
      <td className={`num${row.lost > 0 ? ' bad' : ''}`}>{formatCount(row.lost)}</td>
      <td className={`num${row.deadLettered > 0 ? ' warn' : ''}`}>{formatCount(row.deadLettered)}</td>
    </tr>
  );
}

/**
 * A group a timeline action adds later, before its time: it is not in the run yet, so it has no share to
 * judge (a ✖ 0 % would read as a failure) and no counts; it says when it comes instead.
 */
function NotYetJoined({ row }: { row: OutcomeRow }) {
  return (
    <tr data-group={row.group} data-joined="later" className="later">
      <th scope="row">
        {row.group}
        <span className="reads">reads {row.reads}</span>
      </th>
      <td>
        <span className="gets later" data-gets="later">
          joins at {formatCount(row.joinsAt)} s
        </span>
      </td>
      <td className="num" colSpan={5}>
        <span className="visually-hidden">no events yet</span>
      </td>
    </tr>
  );
}

/** ✔ when the group got (nearly) everything sent its way, else ✖ with its share; the words are there for screen readers too. */
function GetsEvery({ row }: { row: OutcomeRow }) {
  if (row.share === null) return <span className="gets pending">–</span>;
  const percent = Math.round(row.share * 100);
  if (row.share >= EVERY_EVENT) {
    return (
      <span className="gets yes" data-gets="yes" title={`${formatCount(row.received)} of ${formatCount(row.offered)}`}>
        <span aria-hidden="true">✔</span> yes
      </span>
    );
  }
  return (
    <span className="gets no" data-gets="no" title={`${formatCount(row.received)} of ${formatCount(row.offered)}`}>
      <span aria-hidden="true">✖</span> {percent} %
    </span>
  );
}
