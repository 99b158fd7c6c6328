import { formatSeconds } from '../format';
import { useLab, useLabActions } from '../lab-context';
import { selectFailure, selectInteresting, selectPlayback, selectScenario } from '../selectors';
import { Icon } from './Icon';
import '../scrubber/scrubber.css';

/**
 * "Next interesting": runs to the next drop, dead letter, expiry, crash, rebalance, alert, redelivery,
 * circuit or policy change, or caption, and says what it stopped at (as text only).
 */
export function InterestingStep() {
  const scenario = useLab(selectScenario);
  const playback = useLab(selectPlayback);
  const failure = useLab(selectFailure);
  const interesting = useLab(selectInteresting);
  const actions = useLabActions();
  const ready = scenario !== null && failure === null && playback !== 'loading' && playback !== 'idle' && playback !== 'done';
  const said = interesting === null ? '' : interesting.event === null ? 'Nothing more of note: the run is over.' : `Next: ${interesting.event.text} at ${formatSeconds(interesting.event.time)}`;

  return (
    <>
      <button
        type="button"
        data-testid="step-interesting"
        onClick={actions.stepInteresting}
        disabled={!ready}
        aria-keyshortcuts="Shift+ArrowRight"
        title="Run to the next drop, dead letter, crash, alert, redelivery, policy change or caption"
      >
        <Icon name="step" />
        Next interesting
      </button>
      <p className="interesting" role="status" data-testid="interesting">
        {said}
      </p>
    </>
  );
}
