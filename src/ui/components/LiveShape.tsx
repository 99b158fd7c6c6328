import { useEffect, useState } from 'react';
import { useLab, useLabActions } from '../lab-context';
import { firstTarget } from '../live/settings-at';
import { SHAPE_LABELS, shapesOf, type Shape } from '../live/shapes';
import type { ScenarioSource } from '../scenarios/source';
import type { LabActions, LabState } from '../store';

type S = LabState & LabActions;
const selectOpened = (s: S) => s.opened;
const selectKind = (s: S): string | undefined => (s.scenario ? firstTarget(s.scenario)?.kind : undefined);

/**
 * Queue ↔ stream ↔ topic for the same workload: the scenario's own variants where they give those
 * shapes, else the lab's reshaping of it. A broker cannot turn into another kind mid-run, so the
 * switch re-runs the session as the other shape from 0 s, with the same seed and the changes made so
 * far, up to the time on screen.
 */
export function LiveShape({ disabled }: { disabled: boolean }) {
  const opened = useLab(selectOpened);
  const kind = useLab(selectKind);
  const { reshape } = useLabActions();
  // The shapes found for what was opened; shown only while it is still the one opened.
  const [found, setFound] = useState<{ from: ScenarioSource; shapes: Shape[] } | null>(null);

  useEffect(() => {
    if (opened === null) return;
    let current = true;
    void shapesOf(opened).then((shapes) => current && setFound({ from: opened, shapes }));
    return () => {
      current = false;
    };
  }, [opened]);

  const shapes = found !== null && found.from === opened ? found.shapes : [];
  if (shapes.length === 0) return null;
  const chosen = shapes.find((s) => s.kind === kind);
  return (
    <fieldset className="live-shape" disabled={disabled}>
      <legend>Carry the workload on a</legend>
      <div className="live-segments" role="radiogroup" aria-label="Broker shape">
        {shapes.map((shape) => (
          <label key={shape.kind} className={shape.kind === kind ? 'chosen' : undefined}>
            <input type="radio" name="live-shape" checked={shape.kind === kind} onChange={() => void reshape(shape.source)} />
            {SHAPE_LABELS[shape.kind]}
          </label>
        ))}
      </div>
      {chosen !== undefined ? <p className="live-note">{chosen.description}</p> : null}
      <p className="live-note">Switching re-runs the session as the other shape from 0 s, with the same seed and your changes, back to this moment.</p>
    </fieldset>
  );
}
