import type { ScenarioError } from '../../scenario';

/**
 * Scenario errors, each with its JSON path. With `onSelect`, each path is a button (the editor uses it to
 * put the caret where the error is). Paths and messages are rendered as text, whatever they contain.
 */
export function ScenarioErrorList({ errors, onSelect }: { errors: readonly ScenarioError[]; onSelect?: (error: ScenarioError) => void }) {
  return (
    <ul className="error-list">
      {errors.map((e, i) => (
        <li key={`${i}:${e.path}:${e.message}`}>
          {onSelect ? (
            <button type="button" className="error-path" onClick={() => onSelect(e)} title="Show this place in the JSON">
              <code>{e.path || '(root)'}</code>
            </button>
          ) : (
            <code>{e.path || '(root)'}</code>
          )}{' '}
          {e.message}
        </li>
      ))}
    </ul>
  );
}
