import { useLab, useLabActions } from '../lab-context';
import { Icon } from './Icon';
import { InterestingStep } from './InterestingStep';
import { Scrubber } from './Scrubber';
import { selectFailure, selectPlayback, selectScenario, selectSpeed } from '../selectors';
import { PaceNotice } from './PaceNotice';
import { SpeedSlider } from './SpeedSlider';

export function Controls() {
  const playback = useLab(selectPlayback);
  const speed = useLab(selectSpeed);
  const scenario = useLab(selectScenario);
  const failure = useLab(selectFailure);
  const actions = useLabActions();
  const running = playback === 'playing' || playback === 'finishing';
  const ready = scenario !== null && failure === null && playback !== 'loading';
  const done = playback === 'done';

  return (
    <section className="controls" aria-label="Playback">
      <button
        type="button"
        className="primary"
        data-testid="play"
        onClick={actions.togglePlay}
        disabled={!ready}
        aria-keyshortcuts="Space"
      >
        <Icon name={running ? 'pause' : done ? 'restart' : 'play'} />
        {running ? 'Pause' : done ? 'Replay' : 'Play'}
      </button>
      <button type="button" data-testid="step" onClick={actions.step} disabled={!ready || done} title="Run the next event only" aria-keyshortcuts="ArrowRight">
        <Icon name="step" />
        Step one event
      </button>
      <InterestingStep />
      <button type="button" data-testid="finish" onClick={actions.finish} disabled={!ready || done} title="Run to the end as fast as possible">
        <Icon name="finish" />
        Run to end
      </button>
      <button type="button" data-testid="restart" onClick={actions.restart} disabled={scenario === null}>
        <Icon name="restart" />
        Restart
      </button>
      <SpeedSlider id="speed" testId="speed" speed={speed} onChange={actions.setSpeed} />
      <Scrubber />
      <PaceNotice />
    </section>
  );
}
