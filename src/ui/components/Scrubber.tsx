import { useRef, useState, type KeyboardEvent } from 'react';
import { formatSeconds } from '../format';
import { useLab, useLabActions } from '../lab-context';
import { scrubKeyTarget, scrubStep } from '../scrubber/scrub-keys';
import { selectFailure, selectFrame, selectPlayback, selectScenario, selectSeekTarget } from '../selectors';
import '../scrubber/scrubber.css';

/**
 * The time scrubber: a range input on the virtual clock. Dragging previews the time and seeks when
 * the pointer is let go (each seek back re-simulates, so one per drag, not one per pixel); the keys
 * seek at once: arrows step, PageUp/PageDown jump ten steps, Home/End go to the start or the end.
 */
export function Scrubber() {
  const scenario = useLab(selectScenario);
  const frame = useLab(selectFrame);
  const playback = useLab(selectPlayback);
  const failure = useLab(selectFailure);
  const seekTarget = useLab(selectSeekTarget);
  const actions = useLabActions();
  const [dragged, setDragged] = useState<number | null>(null);
  const dragging = useRef(false);

  const duration = scenario?.duration ?? 0;
  const now = frame?.time ?? 0;
  const shown = dragged ?? seekTarget ?? now;
  const usable = scenario !== null && failure === null && playback !== 'loading' && playback !== 'idle';
  const seeking = playback === 'seeking' && seekTarget !== null;

  const seek = (time: number): void => {
    setDragged(null);
    actions.seek(time);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    const target = scrubKeyTarget(event.key, shown, duration);
    if (target === null || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    seek(target);
  };

  return (
    <div className="scrubber">
      <label htmlFor="scrubber">Time</label>
      <input
        id="scrubber"
        data-testid="scrubber"
        type="range"
        min={0}
        max={duration}
        step={scrubStep(duration)}
        value={Math.min(shown, duration)}
        disabled={!usable}
        aria-valuetext={`${formatSeconds(shown)} of ${formatSeconds(duration)}`}
        aria-keyshortcuts="ArrowLeft ArrowRight PageUp PageDown Home End"
        onPointerDown={(event) => {
          dragging.current = true;
          const input = event.currentTarget;
          // On the document: the pointer may be let go outside the input.
          document.addEventListener(
            'pointerup',
            () => {
              dragging.current = false;
              seek(Number(input.value));
            },
            { once: true },
          );
        }}
        onChange={(event) => {
          const time = Number(event.currentTarget.value);
          if (dragging.current) setDragged(time);
          else seek(time);
        }}
        onKeyDown={onKeyDown}
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
