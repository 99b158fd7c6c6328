import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { FrameMessage } from '../../runtime/protocol';
import { topologyGraph } from '../../runtime/topology-graph';
import { useLab, useLabActions, useLabContext } from '../lab-context';
import { usePresentFit } from '../narration/use-present-fit';
import { selectPresenting, selectScenario } from '../selectors';
import { eventColor, TOPOLOGY_COLORS } from '../topology/palette';
import { summarizeTopology, type SummaryLine } from '../topology/summary';
import { createTopologyCanvas } from '../topology/topology-canvas';

/** The text alternative changes at most this often, so a screen reader is not flooded. */
const SUMMARY_MS = 1000;

/**
 * The topology canvas: React mounts the container once; the canvas controller draws every frame
 * itself. Beside it, a legend, and a visually hidden summary of the nodes for screen readers.
 */
export function TopologyPanel() {
  const { client } = useLabContext();
  const { explain } = useLabActions();
  const container = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<ReturnType<typeof createTopologyCanvas> | null>(null);
  const [summary, setSummary] = useState<SummaryLine[]>([]);
  const presenting = useLab(selectPresenting);
  const relayout = useCallback(() => canvasRef.current?.resize(), []);
  usePresentFit(container, presenting, relayout);
  // Compare mode shows two topology panels (and the hidden main lab a third): each needs its own heading id.
  const titleId = useId();

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const canvas = createTopologyCanvas(el, { label: 'Topology: producers, brokers and consumer groups, with messages moving between them' });
    canvasRef.current = canvas;
    let graph: ReturnType<typeof topologyGraph> | null = null;
    let latest: FrameMessage | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const publish = (): void => {
      timer = null;
      if (graph) setSummary(summarizeTopology(graph, latest?.frame ?? null, latest?.topology));
    };
    // A click asks the "why" panel about the dot or the consumer under it.
    const onClick = (event: MouseEvent): void => {
      const target = canvas.pick(event.clientX, event.clientY);
      if (target) explain(target);
    };
    el.addEventListener('click', onClick);
    const unsubscribe = client.subscribe((message) => {
      if (message.type === 'loaded') {
        graph = topologyGraph(message.scenario);
        latest = null;
        canvas.load(message.scenario, message.runId);
        setSummary(summarizeTopology(graph, message.frame, undefined));
      } else if (message.type === 'frame') {
        canvas.update(message);
        latest = message;
        if (timer === null) timer = setTimeout(publish, SUMMARY_MS);
      }
    });
    return () => {
      el.removeEventListener('click', onClick);
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      canvasRef.current = null;
      canvas.destroy();
    };
  }, [client, explain]);

  return (
    <section className="panel topology-panel" aria-labelledby={titleId}>
      <div className="panel-head">
        <h2 id={titleId}>Topology</h2>
        <TopologyLegend />
      </div>
      <div className="topology" ref={container} data-testid="topology" />
      <ul className="visually-hidden" data-testid="topology-summary" aria-live="off">
        {summary.map((line) => (
          <li key={line.id}>{line.text}</li>
        ))}
      </ul>
    </section>
  );
}

const MARKS: { key: string; label: string; icon: ReactNode }[] = [
  { key: 'ready', label: 'ready', icon: <rect x="1" y="5" width="14" height="6" fill={TOPOLOGY_COLORS.ready} /> },
  { key: 'inflight', label: 'in flight / busy', icon: <rect x="1" y="5" width="14" height="6" fill={TOPOLOGY_COLORS.inflight} /> },
  {
    key: 'redelivered',
    label: 'redelivered',
    icon: (
      <>
        <circle cx="8" cy="8" r="3.5" fill={TOPOLOGY_COLORS.muted} />
        <circle cx="8" cy="8" r="6" fill="none" stroke={TOPOLOGY_COLORS.ink} strokeWidth="1.5" />
      </>
    ),
  },
  { key: 'dead-lettered', label: 'dead-lettered', icon: <path d="M8 2 L14 8 L8 14 L2 8 Z" fill={TOPOLOGY_COLORS.loss} /> },
  { key: 'dropped', label: 'dropped / refused', icon: <path d="M3 3 L13 13 M13 3 L3 13" stroke={TOPOLOGY_COLORS.loss} strokeWidth="2" /> },
  { key: 'expired', label: 'expired', icon: <circle cx="8" cy="8" r="5" fill="none" stroke={TOPOLOGY_COLORS.expired} strokeWidth="2" /> },
  { key: 'filtered', label: 'filtered out', icon: <circle cx="8" cy="8" r="4" fill="none" stroke={TOPOLOGY_COLORS.expired} strokeWidth="1.5" /> },
  {
    key: 'crashed',
    label: 'crashed',
    icon: (
      <>
        <rect x="2" y="2" width="12" height="12" fill={TOPOLOGY_COLORS.crashed} />
        <path d="M4 4 L12 12 M12 4 L4 12" stroke="#fff" strokeWidth="1.5" />
      </>
    ),
  },
  { key: 'idle', label: 'idle member', icon: <rect x="2.5" y="2.5" width="11" height="11" fill="none" stroke={TOPOLOGY_COLORS.muted} strokeDasharray="3 2" /> },
];

function TopologyLegend() {
  const scenario = useLab(selectScenario);
  const types = useMemo(() => (scenario ? topologyGraph(scenario).eventTypes : []), [scenario]);
  return (
    <ul className="legend topology-legend" aria-label="Legend of the topology">
      {types.map((type, i) => (
        <li key={`type:${type}`}>
          <svg width="16" height="16" aria-hidden="true">
            <circle cx="8" cy="8" r="4.5" fill={eventColor(i)} />
          </svg>
          {type}
        </li>
      ))}
      {MARKS.map((mark) => (
        <li key={mark.key}>
          <svg width="16" height="16" aria-hidden="true">
            {mark.icon}
          </svg>
          {mark.label}
        </li>
      ))}
    </ul>
  );
}
