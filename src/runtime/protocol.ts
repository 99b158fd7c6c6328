import type { RunReport } from '../metrics';
import type { Scenario, ScenarioError } from '../scenario';
import type { RunFrame } from './run';
import type { TopologyFrame } from './movement';

/**
 * The typed messages between the lab and the Web Worker that owns a run. Everything here is plain
 * structured-clone data, so the same protocol can be driven by a fake in tests.
 */

/** Lab → worker. */
export type ToWorker =
  /** Replaces the current run. `text` goes through the scenario boundary in the worker; `scenario` must already be validated. */
  | { type: 'load'; text: string; seed?: number }
  | { type: 'load'; scenario: Scenario; seed?: number }
  /** Advances on virtual time at the current speed until paused or done. */
  | { type: 'play' }
  | { type: 'pause' }
  /** Pauses, then runs exactly one event (or moves the clock to the end when none is left). */
  | { type: 'step' }
  /** Virtual seconds per wall second; also applies while playing. */
  | { type: 'setSpeed'; speed: number }
  /** Runs to the end as fast as the machine allows, still in bounded chunks that post frames. */
  | { type: 'finish' };

export type Playback = 'paused' | 'playing' | 'finishing' | 'done';

/** Broker levels at one virtual time, for the depth chart. */
export interface DepthSample {
  time: number;
  brokers: Record<string, { depth: number; inflight: number }>;
}

/** Worker → lab. */
export type FromWorker =
  /** The scenario was accepted and a new run (numbered `runId`) is ready at time 0, paused. */
  | { type: 'loaded'; runId: number; scenario: Scenario; seed: number; sampleInterval: number; frame: RunFrame }
  /** The scenario was rejected; nothing is loaded. */
  | { type: 'errors'; errors: ScenarioError[] }
  /**
   * Progress of run `runId`. `samples` holds the chart samples taken since the previous frame
   * (every `sampleInterval` virtual seconds), so a listener that keeps them has the whole history.
   */
  | {
      type: 'frame';
      runId: number;
      playback: Playback;
      speed: number;
      frame: RunFrame;
      samples: DepthSample[];
      /** What moved since the previous frame and the instance/partition levels, for the topology canvas (typed arrays, transferred). */
      topology?: TopologyFrame;
    }
  /** The run reached its duration; sent once per run, after its last frame. */
  | { type: 'report'; runId: number; report: RunReport }
  /**
   * The report so far, without its time series, for the outcome table and the invariants badge:
   * sent a few times a second while playing, and after every load, pause and step.
   */
  | { type: 'snapshot'; runId: number; report: LiveReport }
  /** Something went wrong while running (e.g. a budget was exceeded); the run is stopped. */
  | { type: 'error'; message: string };

/** A report taken mid-run: everything but the sampled series, which the charts already have. */
export type LiveReport = Omit<RunReport, 'series'>;

export type FrameMessage = Extract<FromWorker, { type: 'frame' }>;
export type LoadedMessage = Extract<FromWorker, { type: 'loaded' }>;

/** Speeds the lab offers, in virtual seconds per wall second. */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] as const;
export const MIN_SPEED = SPEEDS[0];
export const MAX_SPEED = SPEEDS[SPEEDS.length - 1]!;

/** A host for a run behind the protocol: the Web Worker in the lab, a fake in tests. */
export interface RuntimeClient {
  send(message: ToWorker): void;
  /** Returns a function that removes the listener. */
  subscribe(listener: (message: FromWorker) => void): () => void;
  terminate(): void;
}
