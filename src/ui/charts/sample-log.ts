import type { DepthSample, RuntimeClient, SeriesSample } from '../../runtime/protocol';
import type { Scenario } from '../../scenario';
import { levelBrokers } from './depth-spec';
import { groupIds } from './group-lines';
import { metricsCsv } from './metrics-csv';

/** The chart samples of the current run so far, as the worker posted them. */
export interface RunSamples {
  runId: number;
  scenario: Scenario;
  /** Virtual seconds between samples. */
  interval: number;
  depth: DepthSample[];
  series: SeriesSample[];
}

export interface SampleLog {
  /** The current run's samples, or null before the first run is loaded. Grows in place as frames arrive. */
  current(): RunSamples | null;
  /** Stops listening to the client. */
  stop(): void;
}

/**
 * Keeps every sample of the current run for exports. The chart controllers keep only the values they
 * draw (smoothed, per line), so the raw samples are kept here once. A new run (`loaded`, which a
 * backward seek also sends) starts an empty log; frames of an older run are ignored.
 */
export function createSampleLog(client: RuntimeClient): SampleLog {
  let run: RunSamples | null = null;
  const stop = client.subscribe((message) => {
    if (message.type === 'loaded') {
      run = { runId: message.runId, scenario: message.scenario, interval: message.sampleInterval, depth: [], series: [] };
    } else if (message.type === 'frame' && run !== null && message.runId === run.runId) {
      run.depth.push(...message.samples);
      if (message.series) run.series.push(...message.series);
    }
  });
  return { current: () => run, stop };
}

/** The CSV of a run's samples, with the brokers and groups in the charts' order. */
export function runMetricsCsv(run: RunSamples): string {
  return metricsCsv({
    brokers: levelBrokers(run.scenario),
    groups: groupIds(run.scenario),
    interval: run.interval,
    depth: run.depth,
    series: run.series,
  });
}
