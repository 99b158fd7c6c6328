import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { CHART_SPECS, createTimeChart, type TimeChart } from '../charts';
import { burstMarkers } from '../format';
import { useLab, useLabContext } from '../lab-context';
import { selectScenario } from '../selectors';
import { SaveChartMenu } from './SaveChartMenu';

/**
 * The lab's charts on the virtual clock, one tab each (one large chart reads better on a projector
 * than many small ones). React mounts the containers once; each chart's d3 controller takes every
 * frame from the runtime itself, so hidden tabs keep their history and draw when shown.
 */
export function ChartsPanel({ link }: { link?: ChartsLink } = {}) {
  const { client } = useLabContext();
  const containers = useRef<(HTMLDivElement | null)[]>([]);
  const charts = useRef<TimeChart[]>([]);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const [ownTab, setOwnTab] = useState(0);
  const [ownDetail, setOwnDetail] = useState(false);
  const selected = link?.tab ?? ownTab;
  const setSelected = link?.onTab ?? setOwnTab;
  const detail = link?.detail ?? ownDetail;
  const axisEnd = link?.axisEnd ?? null;
  // Unique per panel: compare mode shows two.
  const ids = useId();

  useEffect(() => {
    const created = CHART_SPECS.map((spec, i) => createTimeChart(containers.current[i]!, spec));
    charts.current = created;
    const unsubscribe = client.subscribe((message) => {
      if (message.type === 'loaded') {
        const run = { runId: message.runId, scenario: message.scenario, interval: message.sampleInterval, markers: burstMarkers(message.scenario) };
        for (const chart of created) chart.load(run);
      } else if (message.type === 'frame') {
        for (const chart of created) chart.update(message);
      }
    });
    return () => {
      unsubscribe();
      for (const chart of created) chart.destroy();
      charts.current = [];
    };
  }, [client]);

  // After the effect above: follow the detail toggle and the axis end, whoever owns them.
  useEffect(() => {
    for (const chart of charts.current) chart.setDetail(detail);
  }, [client, detail]);
  useEffect(() => {
    for (const chart of charts.current) chart.setTimeAxis(axisEnd);
  }, [client, axisEnd]);

  /** Arrow keys, Home and End move between tabs, as in the WAI-ARIA tabs pattern. */
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>): void => {
    const last = CHART_SPECS.length - 1;
    const moves: Record<string, number> = { ArrowRight: selected + 1, ArrowLeft: selected - 1, Home: 0, End: last };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = (target + CHART_SPECS.length) % CHART_SPECS.length;
    setSelected(next);
    tabs.current[next]?.focus();
  };

  const toggleDetail = link?.onDetail ?? setOwnDetail;

  const current = CHART_SPECS[selected]!;
  const scenario = useLab(selectScenario);
  // Offered only where there is detail to show (lag per partition needs a stream group).
  const hasDetail = useMemo(
    () => current.detailLabel !== undefined && scenario !== null && current.lines(scenario).some((line) => line.detail),
    [current, scenario],
  );
  return (
    <section className="panel chart-panel" aria-labelledby={`${ids}chart-title`}>
      <div className="panel-head">
        <h2 id={`${ids}chart-title`} className="visually-hidden">
          Charts over virtual time
        </h2>
        <div className="chart-tabs" role="tablist" aria-label="Charts over virtual time">
          {CHART_SPECS.map((spec, i) => (
            <button
              key={spec.id}
              ref={(el) => {
                tabs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`${ids}chart-tab-${spec.id}`}
              aria-selected={i === selected}
              aria-controls={`${ids}chart-${spec.id}`}
              tabIndex={i === selected ? 0 : -1}
              className="chart-tab"
              onClick={() => setSelected(i)}
              onKeyDown={onTabKey}
            >
              {spec.title}
            </button>
          ))}
        </div>
        {hasDetail && (
          <label className="chart-detail">
            <input type="checkbox" checked={detail} onChange={(e) => toggleDetail(e.target.checked)} /> {current.detailLabel}
          </label>
        )}
        <SaveChartMenu chart={() => containers.current[selected] ?? null} chartId={current.id} chartTitle={current.title} />
      </div>
      {CHART_SPECS.map((spec, i) => (
        <div
          key={spec.id}
          id={`${ids}chart-${spec.id}`}
          role="tabpanel"
          aria-labelledby={`${ids}chart-tab-${spec.id}`}
          hidden={i !== selected}
          className="chart"
          data-testid={`${spec.id}-chart`}
          ref={(el) => {
            containers.current[i] = el;
          }}
        />
      ))}
    </section>
  );
}

/**
 * Drives a panel's tab and detail toggle from outside (compare mode links two panels) and stretches its
 * time axis to `axisEnd` (the longer of two runs); without it the panel keeps its own.
 */
export interface ChartsLink {
  tab: number;
  detail: boolean;
  onTab(index: number): void;
  onDetail(on: boolean): void;
  axisEnd: number | null;
}
