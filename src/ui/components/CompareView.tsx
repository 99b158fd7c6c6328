import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { CompareSession } from '../compare/compare-store';
import { useCompareStore } from '../compare/compare-context';
import type { LabActions, LabState } from '../store';
import { CompareColumn } from './CompareColumn';
import { CompareControls } from './CompareControls';
import '../compare/compare.css';

const selectDuration = (s: LabState & LabActions) => s.scenario?.duration ?? null;

/**
 * Compare mode's main area: what is compared and the way out, one control bar for both, and the two
 * columns. Both sides start loading once the columns are mounted, so their charts see the first frame.
 */
export function CompareView({ session }: { session: CompareSession }) {
  const compare = useCompareStore();
  const durationA = useStore(session.a.store, selectDuration);
  const durationB = useStore(session.b.store, selectDuration);
  // Both charts on one time axis: the longer run's (variants may change the duration).
  const axisEnd = durationA === null || durationB === null ? null : Math.max(durationA, durationB);
  const head = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    session.start();
    head.current?.focus();
  }, [session]);

  return (
    <section className="compare" aria-labelledby="compare-title">
      <div className="compare-bar">
        <h2 id="compare-title" ref={head} tabIndex={-1}>
          Comparing <strong>A · {session.pair.a.name}</strong> with <strong>B · {session.pair.b.name}</strong>
          <span className="compare-seed"> on the same seed ({session.seed})</span>
        </h2>
        <button type="button" onClick={() => compare.getState().exit()} data-testid="exit-compare">
          Exit compare
        </button>
      </div>
      <CompareControls session={session} />
      <div className="compare-columns">
        <CompareColumn side="A" option={session.pair.a} lab={session.a} axisEnd={axisEnd} />
        <CompareColumn side="B" option={session.pair.b} lab={session.b} axisEnd={axisEnd} />
      </div>
    </section>
  );
}
