import { useId, useState, type KeyboardEvent } from 'react';

export interface LiveNumberProps {
  label: string;
  /** The value in force now; the field shows it until the user types. */
  value: number;
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  unit?: string;
  disabled?: boolean;
  /** In a table cell: the label is for assistive technology only (the column header shows it) and the unit is not repeated. */
  compact?: boolean;
  /** Called with a valid new value when the user presses Enter or leaves the field. */
  onCommit(value: number): void;
}

/**
 * A number a live change sets. It commits on Enter or on leaving the field, only when the value is
 * valid and differs from the one in force; an invalid one says what would be valid and changes nothing.
 * Escape puts the value in force back.
 */
export function LiveNumber({ label, value, min, max, integer = false, unit, disabled = false, compact = false, onCommit }: LiveNumberProps) {
  const [draft, setDraft] = useState(String(value));
  const [problem, setProblem] = useState<string | null>(null);
  const [shown, setShown] = useState(value);
  const problemId = useId();
  // A new value in force (a change landed, the run moved past an action) replaces whatever was typed.
  if (shown !== value) {
    setShown(value);
    setDraft(String(value));
    setProblem(null);
  }

  const commit = (): void => {
    const parsed = draft.trim() === '' ? Number.NaN : Number(draft);
    const valid = Number.isFinite(parsed) && parsed >= min && parsed <= max && (!integer || Number.isInteger(parsed));
    if (!valid) {
      setProblem(`${label} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}${unit ? ` ${unit}` : ''}.`);
      return;
    }
    setProblem(null);
    if (parsed !== value) onCommit(parsed);
  };

  const onKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') commit();
    else if (event.key === 'Escape') {
      setDraft(String(value));
      setProblem(null);
    }
  };

  return (
    <div className={compact ? 'live-number compact' : 'live-number'}>
      <label>
        <span className={compact ? 'visually-hidden' : 'live-label'}>{label}</span>
        <input
          type="number"
          inputMode={integer ? 'numeric' : 'decimal'}
          value={draft}
          min={min}
          max={max}
          step={integer ? 1 : 'any'}
          disabled={disabled}
          aria-invalid={problem !== null}
          aria-describedby={problem !== null ? problemId : undefined}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={onKey}
          onBlur={commit}
        />
        {unit && !compact ? <span className="live-unit">{unit}</span> : null}
      </label>
      {problem !== null ? (
        <p className="live-problem" id={problemId} role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
