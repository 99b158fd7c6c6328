import { useState } from 'react';
import './export-menu.css';
import { chartImage, chartPng } from '../charts/chart-image';
import { formatSeconds } from '../format';
import { useLab } from '../lab-context';
import { downloadBlob, downloadText, slugFor } from '../scenarios/scenario-file';
import { selectFrame, selectScenario } from '../selectors';

type ImageFormat = 'SVG' | 'PNG';

export interface SaveChartMenuProps {
  /** The container of the chart on show (its legend and plot), or null before it is mounted. */
  chart: () => HTMLElement | null;
  /** The chart's id, for the file name (`<scenario>-<chart>.svg`). */
  chartId: string;
  /** The chart's name, for the image's heading. */
  chartTitle: string;
}

/**
 * Saves the chart on show as an image file: SVG (standalone, styles written in, with a heading and
 * the legend) or PNG (that SVG at twice the size, for slides and documents).
 */
export function SaveChartMenu({ chart, chartId, chartTitle }: SaveChartMenuProps) {
  const scenario = useLab(selectScenario);
  const frame = useLab(selectFrame);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (format: ImageFormat): Promise<void> => {
    const container = chart();
    if (!container || !scenario) return;
    const heading = { title: scenario.name, subtitle: `${chartTitle}, virtual time ${formatSeconds(0)} to ${formatSeconds(frame?.time ?? 0)}` };
    const fileName = `${slugFor(scenario.name)}-${slugFor(chartId)}.${format.toLowerCase()}`;
    setBusy(true);
    try {
      const image = chartImage(container, heading);
      if (format === 'SVG') downloadText(image.svg, fileName, 'image/svg+xml');
      else downloadBlob(await chartPng(image), fileName);
      setStatus(`Saved the ${chartTitle.toLowerCase()} chart as ${format}.`);
    } catch (error) {
      setStatus(`Could not save the chart: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="export-menu save-chart" role="group" aria-label="Save chart">
      <span className="group-caption" aria-hidden="true">
        Save chart
      </span>
      {(['SVG', 'PNG'] as const).map((format) => (
        <button key={format} type="button" aria-label={`Save chart as ${format}`} disabled={scenario === null || busy} onClick={() => void save(format)}>
          {format}
        </button>
      ))}
      {status !== null ? (
        <span className="export-status" role="status" data-testid="save-chart-status">
          {status}
        </span>
      ) : null}
    </div>
  );
}
