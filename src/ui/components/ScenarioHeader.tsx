import { useState } from 'react';
import { useLab } from '../lab-context';
import { selectScenario } from '../selectors';
import { PresentToggle } from './PresentToggle';

/** The brand, the shortcuts, the scenario's name and its description (two lines, the rest on request). */
export function ScenarioHeader() {
  const scenario = useLab(selectScenario);
  const [expanded, setExpanded] = useState(false);
  return (
    <header className="masthead">
      <div className="topline">
        <p className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          brokerlab <span className="brand-sub">messaging lab</span>
        </p>
        <p className="hint">
          <kbd>Space</kbd> play / pause <kbd>→</kbd> step <kbd>Shift</kbd>+<kbd>→</kbd> next interesting <kbd>+</kbd> <kbd>−</kbd> speed
        </p>
        <PresentToggle />
      </div>
      <h1>{scenario?.name ?? 'Loading scenario…'}</h1>
      {scenario?.description ? (
        <div className="description-block">
          <p id="scenario-description" className={expanded ? 'description' : 'description clamped'}>
            {scenario.description}
          </p>
          <button type="button" className="link-button" aria-expanded={expanded} aria-controls="scenario-description" onClick={() => setExpanded(!expanded)}>
            {expanded ? 'Show less' : 'Show more'}
          </button>
        </div>
      ) : null}
    </header>
  );
}
