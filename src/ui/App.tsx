import { useEffect } from 'react';
import { Controls } from './components/Controls';
import { Counters } from './components/Counters';
import { ChartsPanel } from './components/ChartsPanel';
import { Narration } from './components/Narration';
import { OutcomeTable } from './components/OutcomeTable';
import { Problems } from './components/Problems';
import { RunSummary } from './components/RunSummary';
import { ScenarioBar } from './components/ScenarioBar';
import { ScenarioHeader } from './components/ScenarioHeader';
import { TopologyPanel } from './components/TopologyPanel';
import { WhyPanel } from './components/WhyPanel';
import { LivePanel } from './components/LivePanel';
import { CompareView } from './components/CompareView';
import { CompareContext, selectSession, useCompareRoot } from './compare/compare-context';
import type { PlaybackDriver } from './compare/compare-controller';
import { useStore } from 'zustand';
import { nextSpeed } from './format';
import { shortcutFor } from './keyboard';
import { useLab, useLabContext } from './lab-context';
import { selectPresenting } from './selectors';
import './narration/present.css';

/** The minimal lab: one scenario, playback controls, the depth chart and the counters. */
export function App({ initialScenario }: { initialScenario: string }) {
  const lab = useLabContext();
  const { store, client } = lab;
  const presenting = useLab(selectPresenting);
  const compare = useCompareRoot(lab);
  const comparing = useStore(compare, selectSession);

  // Loaded from an effect so the chart (a child, whose effects run first) is already listening.
  useEffect(() => {
    const unsubscribe = client.subscribe(store.getState().receive);
    // Opened (not just loaded), so the session knows what it started from: live changes and shapes build on it.
    void store.getState().open({ text: initialScenario });
    return unsubscribe;
  }, [store, client, initialScenario]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const shortcut = shortcutFor(event);
      if (shortcut === null) return;
      event.preventDefault();
      // In compare mode the shortcuts drive both compared labs, once.
      const lab: PlaybackDriver = compare.getState().session?.controller ?? store.getState();
      if (shortcut === 'toggle') lab.togglePlay();
      else if (shortcut === 'step') lab.step();
      else if (shortcut === 'next-interesting') lab.stepInteresting();
      else lab.setSpeed(nextSpeed(lab.speed, shortcut === 'faster' ? 1 : -1));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store, compare]);

  return (
    <CompareContext value={compare}>
      <div className={presenting ? 'lab present' : 'lab'}>
        <ScenarioHeader />
        {/* Hidden, not unmounted, while comparing: the main lab's charts and canvas keep their history for the way back. */}
        <div className="single-lab" hidden={comparing !== null}>
          <Narration />
          <ScenarioBar />
          <Controls />
          <Problems />
          <main className="workspace">
            <TopologyPanel />
            <div className="main-column">
              <ChartsPanel />
              <OutcomeTable />
            </div>
            <div className="side">
              <LivePanel />
              <WhyPanel />
              <Counters />
              <RunSummary />
            </div>
          </main>
        </div>
        {comparing !== null ? <CompareView session={comparing} /> : null}
      </div>
    </CompareContext>
  );
}
