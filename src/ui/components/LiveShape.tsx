import { useEffect, useState } from 'react';
import { useLab, useLabActions } from '../lab-context';
import { SHAPE_LABELS, shapesOf, type Shape } from '../live/shapes';
import type { LabActions, LabState } from '../store';

type S = LabState & LabActions;
const selectOrigin = (s: S) => s.origin;
const selectText = (s: S) => s.scenarioText;
const selectKind = (s: S): string | undefined => {
  const target = s.scenario?.producers[0]?.target;
  return s.scenario?.brokers.find((b) => b.id === target)?.kind;
};

/**
 * Queue ↔ stream ↔ topic for the same workload, where the scenario's variants give those shapes. A
 * broker cannot turn into another kind mid-run, so the switch re-runs the session as the other shape
 * from 0 s, with the same seed and the changes made so far, up to the time on screen.
 */
export function LiveShape({ disabled }: { disabled: boolean }) {
  const origin = useLab(selectOrigin);
  const text = useLab(selectText);
  const kind = useLab(selectKind);
  const { reshape } = useLabActions();
  // The shapes found for a text; shown only while that text is still the one opened.
  const [found, setFound] = useState<{ text: string; shapes: Shape[] } | null>(null);
  const sourceText = (origin ?? (text !== null ? { text } : null))?.text;

  useEffect(() => {
    if (sourceText === undefined) return;
    let current = true;
    void shapesOf({ text: sourceText }).then((shapes) => current && setFound({ text: sourceText, shapes }));
    return () => {
      current = false;
    };
  }, [sourceText]);

  const shapes = found !== null && found.text === sourceText ? found.shapes : [];
  if (shapes.length === 0) return null;
  return (
    <fieldset className="live-shape" disabled={disabled}>
      <legend>Carry the workload on a</legend>
      <div className="live-segments" role="radiogroup" aria-label="Broker shape">
        {shapes.map((shape) => (
          <label key={shape.kind} className={shape.kind === kind ? 'chosen' : undefined} title={shape.description}>
            <input type="radio" name="live-shape" checked={shape.kind === kind} onChange={() => void reshape(shape.variant)} />
            {SHAPE_LABELS[shape.kind]}
          </label>
        ))}
      </div>
      <p className="live-note">Switching re-runs the session as the other shape from 0 s, with the same seed and your changes, back to this moment.</p>
    </fieldset>
  );
}
