import { useMemo } from 'react';
import { formatSeconds } from '../format';
import { useLab } from '../lab-context';
import { captionAt, captionsOf } from '../narration/caption-at';
import { selectFrame, selectScenario } from '../selectors';

/**
 * The scenario's captions as narration: the one whose time has come, with its time, announced to
 * screen readers as it changes. Captions are plain text from the scenario file, rendered as text.
 */
export function Narration() {
  const scenario = useLab(selectScenario);
  const frame = useLab(selectFrame);
  const captions = useMemo(() => (scenario ? captionsOf(scenario) : []), [scenario]);
  if (captions.length === 0) return null;
  const caption = captionAt(captions, frame?.time ?? 0);
  return (
    <p className="narration" aria-live="polite" data-testid="narration">
      {caption ? (
        <>
          <span className="narration-time">{formatSeconds(caption.at)}</span>
          <span className="narration-text">{caption.text}</span>
        </>
      ) : (
        <span className="narration-text waiting">Press play: the narration starts at {formatSeconds(captions[0]!.at)}.</span>
      )}
    </p>
  );
}
