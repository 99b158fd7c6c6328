import { formatSeconds } from '../format';
import { useLab, useLabActions } from '../lab-context';
import { useLiveMoment } from '../live/use-live-moment';
import type { LabActions, LabState } from '../store';
import { LiveBackpressure } from './LiveBackpressure';
import { LiveShape } from './LiveShape';
import { LiveWorkload } from './LiveWorkload';
import { ScenarioErrorList } from './ScenarioErrorList';
import '../live/live.css';

type S = LabState & LabActions;
const selectChanges = (s: S) => s.changes;
const selectChangeErrors = (s: S) => s.changeErrors;

/**
 * "Change live": every control applies at the current virtual time and is recorded in the scenario's
 * timeline, so Save, Copy link and Restart replay the session exactly as it was seen.
 */
export function LivePanel() {
  const moment = useLiveMoment();
  const changes = useLab(selectChanges);
  const errors = useLab(selectChangeErrors);
  const { undoChange } = useLabActions();
  if (!moment.scenario || !moment.settings) return null;
  const disabled = moment.blocked !== null;
  return (
    <section className="panel live" aria-labelledby="live-title" data-testid="live">
      <h2 id="live-title">Change live</h2>
      <p className="live-hint">Each change applies now, on the virtual clock, and is written into the scenario’s timeline: Save or Copy link replays it.</p>
      {moment.blocked !== null ? (
        <p className="live-blocked" role="status">
          {moment.blocked}
        </p>
      ) : null}
      {errors.length > 0 ? (
        <div className="live-errors" role="alert">
          <p>That change was not applied:</p>
          <ScenarioErrorList errors={errors} />
        </div>
      ) : null}
      <LiveShape disabled={disabled} />
      <LiveBackpressure moment={moment} disabled={disabled} />
      <LiveWorkload settings={moment.settings} disabled={disabled} />
      {changes.length > 0 ? (
        <div className="live-log">
          <h3>Your changes</h3>
          <ol>
            {changes.map((c, i) => (
              <li key={`${i}:${c.at}`}>
                <span className="live-at">{formatSeconds(c.at)}</span> {c.label}
              </li>
            ))}
          </ol>
          <button type="button" onClick={() => void undoChange()} disabled={disabled}>
            Undo last change
          </button>
        </div>
      ) : null}
    </section>
  );
}
