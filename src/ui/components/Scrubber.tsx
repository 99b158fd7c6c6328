import { formatSeconds } from '../format';
import { useLab, useLabActions } from '../lab-context';
import { useScrubInput } from '../scrubber/use-scrub-input';
import { selectFailure, selectFrame, selectPlayback, selectScenario, selectSeekTarget } from '../selectors';
import '../scrubber/scrubber.css';

/** The time scrubber: a range input on the virtual clock (how it drags and takes keys: useScrubInput). */
export function Scrubber() {
  const scenario = useLab(selectScenario);
  const frame = useLab(selectFrame);
  const playback = useLab(selectPlayback);
  const failure = useLab(selectFailure);
  const seekTarget = useLab(selectSeekTarget);
  const actions = useLabActions();

  const duration = scenario?.duration ?? 0;
  const now = frame?.time ?? 0;
  const { shown, props } = useScrubInput(seekTarget ?? now, duration, actions.seek);
  const usable = scenario !== null && failure === null && playback !== 'loading' && playback !== 'idle';
  const seeking = playback === 'seeking' && seekTarget !== null;

  return (
    <div className="scrubber">
      <label htmlFor="scrubber">Time</label>
      <input
        id="scrubber"
        data-testid="scrubber"
        type="range"
        {...props}
        disabled={!usable}
        aria-valuetext={`${formatSeconds(shown)} of ${formatSeconds(duration)}`}
      />
      <output htmlFor="scrubber" className="scrubber-time" data-testid="scrubber-time">
        {formatSeconds(now)} <span className="scrubber-of">of {formatSeconds(duration)}</span>
      </output>
      <span className="scrubber-status" role="status" data-testid="seek-status">
        {seeking ? `Seeking to ${formatSeconds(seekTarget)}…` : ''}
      </span>
    </div>
  );
}
