import { useStore } from 'zustand';
import type { CompareOption } from '../compare/compare-choice';
import { useCompare, useCompareStore } from '../compare/compare-context';
import { formatSeconds } from '../format';
import { LabContext, type Lab } from '../lab-context';
import type { LabActions, LabState } from '../store';
import { ChartsPanel } from './ChartsPanel';
import { Narration } from './Narration';
import { OutcomeTable } from './OutcomeTable';
import { Problems } from './Problems';
import { TopologyPanel } from './TopologyPanel';

type S = LabState & LabActions;
const selectTime = (s: S) => s.frame?.time ?? null;
const selectPlayback = (s: S) => s.playback;

const STATE_WORDS: Record<S['playback'], string> = {
  idle: 'not running',
  loading: 'loading…',
  paused: 'paused',
  playing: 'playing',
  finishing: 'running to the end',
  seeking: 'seeking…',
  done: 'finished',
};

/**
 * One side of a comparison: its heading ("A · queue — One shared queue: …") and clock, and its own
 * lab's narration, topology, outcome table and charts (linked to the other side's), stacked so two fit
 * side by side. Its five parts are rows of the columns' shared grid, so both sides line up.
 */
export function CompareColumn({ side, option, lab, axisEnd }: { side: 'A' | 'B'; option: CompareOption; lab: Lab; axisEnd: number | null }) {
  const time = useStore(lab.store, selectTime);
  const playback = useStore(lab.store, selectPlayback);
  const compare = useCompareStore();
  const chartTab = useCompare((s) => s.chartTab);
  const chartDetail = useCompare((s) => s.chartDetail);
  const headingId = `compare-${side.toLowerCase()}-heading`;
  return (
    <LabContext value={lab}>
      <section className={`compare-column compare-${side.toLowerCase()}`} aria-labelledby={headingId} data-testid={`compare-column-${side.toLowerCase()}`}>
        <header className="compare-column-head">
          <h2 id={headingId}>
            <span className="compare-side-mark">{side}</span>
            <span className="visually-hidden"> ·</span> {option.name}
          </h2>
          <p className="compare-clock" data-testid={`compare-clock-${side.toLowerCase()}`}>
            {time === null ? '–' : formatSeconds(time)} <span className="compare-state">{STATE_WORDS[playback]}</span>
          </p>
          {option.description ? <p className="compare-description">{option.description}</p> : null}
        </header>
        <div className="compare-notes">
          <Problems />
          <Narration />
        </div>
        <TopologyPanel />
        {/* The outcome before the charts: it answers the comparison's question, so it comes first on a short screen. */}
        <OutcomeTable />
        <ChartsPanel
          link={{
            tab: chartTab,
            detail: chartDetail,
            onTab: compare.getState().setChartTab,
            onDetail: compare.getState().setChartDetail,
            axisEnd,
          }}
        />
      </section>
    </LabContext>
  );
}
