import { useLab } from '../lab-context';
import { selectScenario } from '../selectors';

export function ScenarioHeader() {
  const scenario = useLab(selectScenario);
  return (
    <header className="masthead">
      <div className="topline">
        <p className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          brokerlab <span className="brand-sub">messaging lab</span>
        </p>
        <p className="hint">
          <kbd>Space</kbd> play / pause <kbd>+</kbd> <kbd>−</kbd> speed
        </p>
      </div>
      <h1>{scenario?.name ?? 'Loading scenario…'}</h1>
      {scenario?.description ? <p className="description">{scenario.description}</p> : null}
    </header>
  );
}
