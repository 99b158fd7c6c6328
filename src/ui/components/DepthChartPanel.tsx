import { useEffect, useRef } from 'react';
import { createDepthChart } from '../depth-chart';
import { burstMarkers, formatCount } from '../format';
import { useLab, useLabContext } from '../lab-context';
import { selectFrame, selectScenario } from '../selectors';
import { SERIES_COLORS } from '../theme';

const DASH_NAMES = ['solid', 'dashed', 'dotted', 'dash-dot'];

/** The depth chart: React mounts the container once; the d3 controller draws every frame itself. */
export function DepthChartPanel() {
  const { client } = useLabContext();
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const chart = createDepthChart(el, {
      label: 'Queue depth (ready) and in-flight messages per broker over virtual time',
      colors: SERIES_COLORS,
    });
    const unsubscribe = client.subscribe((message) => {
      if (message.type === 'loaded') {
        const { scenario, runId } = message;
        chart.load({ runId, duration: scenario.duration, brokers: scenario.brokers.map((b) => b.id), markers: burstMarkers(scenario) });
      } else if (message.type === 'frame') chart.update(message);
    });
    return () => {
      unsubscribe();
      chart.destroy();
    };
  }, [client]);

  return (
    <section className="panel chart-panel" aria-labelledby="chart-title">
      <div className="panel-head">
        <h2 id="chart-title">Queue depth over virtual time</h2>
        <Legend />
      </div>
      <div className="chart" ref={container} data-testid="depth-chart" />
    </section>
  );
}

function Legend() {
  const scenario = useLab(selectScenario);
  const frame = useLab(selectFrame);
  if (!scenario) return null;
  const many = scenario.brokers.length > 1;
  return (
    <ul className="legend">
      {scenario.brokers.flatMap((broker, i) => {
        const levels = frame?.brokers[broker.id];
        const suffix = many ? ` in ${broker.id} (${DASH_NAMES[i % DASH_NAMES.length]})` : '';
        return [
          <li key={`${broker.id}:ready`}>
            <span className="swatch" style={{ background: SERIES_COLORS.ready }} aria-hidden="true" />
            Ready (waiting){suffix}: <strong data-testid={`ready-${broker.id}`}>{formatCount(levels?.depth ?? 0)}</strong>
          </li>,
          <li key={`${broker.id}:inflight`}>
            <span className="swatch" style={{ background: SERIES_COLORS.inflight }} aria-hidden="true" />
            In flight (being processed){suffix}: <strong data-testid={`inflight-${broker.id}`}>{formatCount(levels?.inflight ?? 0)}</strong>
          </li>,
        ];
      })}
    </ul>
  );
}
