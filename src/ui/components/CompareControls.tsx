import type { CompareSession } from '../compare/compare-store';
import { useCompareClocks } from '../compare/use-compare-clocks';
import { formatSeconds } from '../format';
import { useScrubInput } from '../scrubber/use-scrub-input';
import { Icon } from './Icon';
import { SpeedSlider } from './SpeedSlider';
import '../scrubber/scrubber.css';

/**
 * The one control bar of compare mode: every button, the speed and the time scrubber act on both
 * sides at once (the controller keeps their clocks aligned). The time shown is the shared one.
 */
export function CompareControls({ session }: { session: CompareSession }) {
  const { controller } = session;
  const clocks = useCompareClocks(session.a, session.b);
  const sides = [clocks.a, clocks.b];
  const ready = sides.every((s) => s.ready);
  const running = sides.some((s) => s.playback === 'playing' || s.playback === 'finishing');
  const done = sides.every((s) => s.playback === 'done');
  const seeking = sides.some((s) => s.seekTarget !== null || s.playback === 'seeking');
  const now = clocks.shared ?? 0;
  const { shown, props } = useScrubInput(now, clocks.duration, controller.seek);

  return (
    <section className="controls compare-controls" aria-label="Playback of both variants">
      <button type="button" className="primary" data-testid="compare-play" onClick={controller.togglePlay} disabled={!ready} aria-keyshortcuts="Space">
        <Icon name={running ? 'pause' : done ? 'restart' : 'play'} />
        {running ? 'Pause' : done ? 'Replay' : 'Play'}
      </button>
      <button type="button" onClick={controller.step} disabled={!ready || done} title="Each side runs its next event, then both meet at the later time" aria-keyshortcuts="ArrowRight">
        <Icon name="step" />
        Step
      </button>
      <button type="button" onClick={controller.finish} disabled={!ready || done} title="Run both to the end as fast as possible">
        <Icon name="finish" />
        Run to end
      </button>
      <button type="button" onClick={controller.restart} disabled={!ready}>
        <Icon name="restart" />
        Restart
      </button>
      <SpeedSlider id="compare-speed" speed={clocks.speed} onChange={controller.setSpeed} />
      <div className="scrubber">
        <label htmlFor="compare-scrubber">Time</label>
        <input
          id="compare-scrubber"
          type="range"
          {...props}
          disabled={!ready}
          aria-valuetext={`${formatSeconds(shown)} of ${formatSeconds(clocks.duration)}, both variants`}
        />
        <output htmlFor="compare-scrubber" className="scrubber-time" data-testid="compare-time" title="The time both variants have reached">
          {formatSeconds(now)} <span className="scrubber-of">of {formatSeconds(clocks.duration)}</span>
        </output>
        <span className="scrubber-status" role="status">
          {seeking ? 'Bringing both to the same time…' : ''}
        </span>
      </div>
    </section>
  );
}
