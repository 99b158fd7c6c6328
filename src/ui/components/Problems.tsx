import { useLab } from '../lab-context';
import { selectFailure, selectScenarioErrors } from '../selectors';
import { ScenarioErrorList } from './ScenarioErrorList';

/** Scenario errors (each with its JSON path) and runtime failures. */
export function Problems() {
  const errors = useLab(selectScenarioErrors);
  const failure = useLab(selectFailure);
  if (errors.length === 0 && failure === null) return null;
  return (
    <section className="panel problems" role="alert">
      {errors.length > 0 ? (
        <>
          <h2>The scenario has {errors.length === 1 ? 'a problem' : `${errors.length} problems`}</h2>
          <ScenarioErrorList errors={errors} />
        </>
      ) : null}
      {failure !== null ? (
        <>
          <h2>The run stopped</h2>
          <p>{failure}</p>
        </>
      ) : null}
    </section>
  );
}
