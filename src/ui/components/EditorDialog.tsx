import { useRef, useState } from 'react';
import type { ScenarioError } from '../../scenario';
import { checkSource } from '../scenarios/check-source';
import { offsetOfError } from '../scenarios/json-path-offset';
import type { ScenarioSource } from '../scenarios/source';
import { Modal } from './Modal';
import { ScenarioErrorList } from './ScenarioErrorList';

/**
 * The scenario's JSON in a plain textarea. Apply checks the text through the scenario boundary here
 * first, so a broken edit lists its errors (each a button that puts the caret on its place) and the
 * running scenario stays; a valid one is opened with the same variant and seed.
 */
export function EditorDialog({
  source,
  onApply,
  onSave,
  onClose,
}: {
  source: ScenarioSource;
  onApply: (source: ScenarioSource) => Promise<void>;
  onSave: (text: string) => void;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState(source.text);
  const [errors, setErrors] = useState<ScenarioError[] | null>(null);
  const [checking, setChecking] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);

  const apply = async () => {
    setChecking(true);
    try {
      const next = { ...source, text: draft };
      const problems = await checkSource(next);
      if (problems.length > 0) {
        setErrors(problems);
        return;
      }
      setErrors(null);
      await onApply(next);
      onClose();
    } finally {
      setChecking(false);
    }
  };

  const show = (error: ScenarioError) => {
    const field = textarea.current;
    if (!field) return;
    const offset = offsetOfError(draft, error);
    // Select the rest of that line (e.g. `"perSecond": -3`), which shows where it is better than a caret.
    const lineEnd = draft.indexOf('\n', offset);
    const rest = draft.slice(offset, lineEnd < 0 ? draft.length : lineEnd).replace(/[\s,]+$/, '');
    field.focus();
    field.setSelectionRange(offset, offset + rest.length);
    // Bring the caret's line into view: browsers do not scroll a textarea to a caret set from script.
    const line = draft.slice(0, offset).split('\n').length - 1;
    const lineHeight = parseFloat(getComputedStyle(field).lineHeight) || 20;
    field.scrollTop = Math.max(0, (line - 3) * lineHeight);
  };

  return (
    <Modal title="Edit the scenario" className="editor" onClose={onClose}>
      <div className="editor-body">
        <label htmlFor="scenario-json" className="editor-label">
          Scenario JSON
          {source.variant !== undefined ? <span className="editor-variant"> (applied with the variant “{source.variant}”)</span> : null}
        </label>
        <textarea
          id="scenario-json"
          ref={textarea}
          className="editor-text"
          value={draft}
          spellCheck={false}
          data-autofocus
          aria-describedby={errors ? 'editor-errors' : undefined}
          aria-invalid={errors ? true : undefined}
          onChange={(event) => setDraft(event.currentTarget.value)}
        />
        {errors ? (
          <section id="editor-errors" className="editor-errors" role="alert">
            <h3>{errors.length === 1 ? 'A problem' : `${errors.length} problems`}: nothing was applied</h3>
            <ScenarioErrorList errors={errors} onSelect={show} />
          </section>
        ) : null}
        <div className="editor-actions">
          <button type="button" className="primary" onClick={() => void apply()} disabled={checking}>
            Apply
          </button>
          <button type="button" onClick={() => onSave(draft)}>
            Save
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </Modal>
  );
}
