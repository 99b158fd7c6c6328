import { useId, useState, type FormEvent } from 'react';
import type { CompareOption, ComparePair } from '../compare/compare-choice';
import { Modal } from './Modal';

/**
 * Picks the two sides of a comparison among "as written" and the scenario's variants, each with its
 * description; both will run on `seed`. Two identical sides are refused with a reason.
 */
export function CompareDialog({
  options,
  initial,
  seed,
  onCompare,
  onClose,
}: {
  options: CompareOption[];
  initial: ComparePair;
  seed: number;
  onCompare: (pair: ComparePair) => void;
  onClose: () => void;
}) {
  const [a, setA] = useState(options.indexOf(initial.a));
  const [b, setB] = useState(options.indexOf(initial.b));
  const problemId = useId();
  const same = a === b;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!same) onCompare({ a: options[a]!, b: options[b]! });
  };
  const identical = !same && options[a]!.asWritten && options[b]!.asWritten;

  return (
    <Modal title="Compare two variants" className="compare-dialog" onClose={onClose}>
      <form className="compare-form" onSubmit={submit}>
        <p className="compare-intro">
          Both run side by side on the same seed ({seed}), with one clock and linked charts.
        </p>
        <SidePicker side="A" where="left" options={options} value={a} onChange={setA} autofocus />
        <SidePicker side="B" where="right" options={options} value={b} onChange={setB} />
        <p id={problemId} className={same ? 'compare-problem' : 'compare-note'} role={same ? 'alert' : undefined}>
          {same ? 'A and B are the same: pick two different ones.' : identical ? 'Both run the scenario as written: the two columns will be identical.' : ''}
        </p>
        <div className="compare-actions">
          <button type="submit" className="primary" disabled={same} aria-describedby={same ? problemId : undefined}>
            Compare
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}

function SidePicker({
  side,
  where,
  options,
  value,
  onChange,
  autofocus = false,
}: {
  side: 'A' | 'B';
  where: string;
  options: CompareOption[];
  value: number;
  onChange: (index: number) => void;
  autofocus?: boolean;
}) {
  const id = useId();
  return (
    <div className="compare-side">
      <label htmlFor={id}>
        {side} <span className="compare-where">({where})</span>
      </label>
      <select id={id} value={value} onChange={(event) => onChange(Number(event.currentTarget.value))} data-autofocus={autofocus ? true : undefined} aria-describedby={`${id}-about`}>
        {options.map((option, i) => (
          <option key={option.name} value={i}>
            {option.name}
          </option>
        ))}
      </select>
      <p id={`${id}-about`} className="compare-about">
        {options[value]!.description}
      </p>
    </div>
  );
}
