import { useEffect } from 'react';
import { Controls } from './components/Controls';
import { Counters } from './components/Counters';
import { DepthChartPanel } from './components/DepthChartPanel';
import { Narration } from './components/Narration';
import { OutcomeTable } from './components/OutcomeTable';
import { PresentToggle } from './components/PresentToggle';
import { Problems } from './components/Problems';
import { RunSummary } from './components/RunSummary';
import { ScenarioBar } from './components/ScenarioBar';
import { ScenarioHeader } from './components/ScenarioHeader';
import { TopologyPanel } from './components/TopologyPanel';
import { nextSpeed } from './format';
import { shortcutFor } from './keyboard';
import { useLab, useLabContext } from './lab-context';
import { selectPresenting } from './selectors';
import './narration/present.css';

/** The minimal lab: one scenario, playback controls, the depth chart and the counters. */
export function App({ initialScenario }: { initialScenario: string }) {
  const { store, client } = useLabContext();
  const presenting = useLab(selectPresenting);

  // Loaded from an effect so the chart (a child, whose effects run first) is already listening.
  useEffect(() => {
    const unsubscribe = client.subscribe(store.getState().receive);
    store.getState().load(initialScenario);
    return unsubscribe;
  }, [store, client, initialScenario]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const shortcut = shortcutFor(event);
      if (shortcut === null) return;
      event.preventDefault();
      const lab = store.getState();
      if (shortcut === 'toggle') lab.togglePlay();
      else lab.setSpeed(nextSpeed(lab.speed, shortcut === 'faster' ? 1 : -1));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store]);

  return (
    <div className={presenting ? 'lab present' : 'lab'}>
      <ScenarioHeader />
      <Narration />
      <ScenarioBar />
      <div className="control-row">
        <Controls />
        <PresentToggle />
      </div>
      <Problems />
      <main className="workspace">
        <TopologyPanel />
        <DepthChartPanel />
        <div className="side">
          <OutcomeTable />
          <Counters />
          <RunSummary />
        </div>
      </main>
    </div>
  );
}
