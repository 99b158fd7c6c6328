import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { compareOptions, defaultPair, type ComparePair } from '../compare/compare-choice';
import { selectSession, useCompare, useCompareStore } from '../compare/compare-context';
import { useLab } from '../lab-context';
import type { LabActions, LabState } from '../store';
import { CompareDialog } from './CompareDialog';

type S = LabState & LabActions;
const selectScenario = (s: S) => s.scenario;
/** The scenario as the user wrote it: before its variant (the source), or as first loaded. */
const selectWritten = (s: S) => s.source?.text ?? s.scenarioText;

/**
 * "Compare…": runs two of the scenario's variants side by side. Disabled, with the reason, when the
 * scenario has no variants. Focus comes back here when the comparison ends.
 */
export function CompareButton() {
  const scenario = useLab(selectScenario);
  const written = useLab(selectWritten);
  const speed = useLab((s) => s.speed);
  const compare = useCompareStore();
  const session = useCompare(selectSession);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const reasonId = useId();
  const options = useMemo(() => (scenario ? compareOptions(scenario) : []), [scenario]);
  const initial = useMemo(() => defaultPair(options), [options]);

  const wasComparing = useRef(false);
  useEffect(() => {
    if (wasComparing.current && session === null) button.current?.focus();
    wasComparing.current = session !== null;
  }, [session]);

  const reason = scenario === null ? 'No scenario is loaded.' : initial === null ? 'This scenario has no variants to compare.' : null;
  const start = (pair: ComparePair) => {
    setOpen(false);
    if (scenario === null || written === null) return;
    compare.getState().enter({ text: written, seed: scenario.seed, pair, speed });
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        onClick={() => setOpen(true)}
        disabled={reason !== null}
        aria-haspopup="dialog"
        title={reason ?? 'Run two variants side by side on the same seed'}
        aria-describedby={reason !== null ? reasonId : undefined}
      >
        Compare…
      </button>
      {reason !== null ? (
        <span id={reasonId} className="visually-hidden">
          {reason}
        </span>
      ) : null}
      {open && initial !== null && scenario !== null ? (
        <CompareDialog options={options} initial={initial} seed={scenario.seed} onCompare={start} onClose={() => setOpen(false)} />
      ) : null}
    </>
  );
}
