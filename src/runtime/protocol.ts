import type { RunReport } from '../metrics';
import type { Scenario, ScenarioError } from '../scenario';
import type { RunFrame } from './run';
import type { TopologyFrame } from './movement';
import type { InterestingEvent } from './interesting';
import type { Explanation, ExplainTarget } from './explain';

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
  | { type: 'finish' }
  /**
   * Moves the run to virtual time `time` (capped at the duration) and pauses there. Backward, the run is
   * re-simulated from the start (a new `loaded` run with the same scenario and seed); either way it advances
   * in bounded chunks with `seeking` frames, so what the lab shows is exactly what playing there shows.
   */
  | { type: 'seek'; time: number }
  /** Pauses, then runs until the next interesting trace record (see src/runtime/interesting.ts) or caption, or the end. */
  | { type: 'stepInteresting' }
  /** Pauses, then answers with the trace of the run so far as NDJSON (`trace`). */
  | { type: 'exportTrace' }
  /** Answers with the history of a message or a consumer instance up to now (`explanation`), for the "why" panel. */
  | { type: 'explain'; target: ExplainTarget }
  /**
   * A live change: `text` is the scenario on show with more timeline actions at `at` (the current virtual
   * time) or a different shape of the same workload. The worker validates it, re-simulates the new
   * scenario from the start to `at` with the run's seed (a `loaded` run, then `seeking` frames), and plays
   * on if `resume`. So what the lab shows after a change is exactly what replaying the saved scenario
   * shows. A rejected `text` leaves the run on show untouched and answers `changeRejected`.
   */
  | { type: 'change'; text: string; at: number; resume: boolean };

export type Playback = 'paused' | 'playing' | 'finishing' | 'seeking' | 'done';

/** Broker levels at one virtual time, for the depth chart. */
export interface DepthSample {
  time: number;
  brokers: Record<string, { depth: number; inflight: number }>;
}

/** An alerting rule fired or resolved (a trace `alert` record), for the charts' time axis. */
export interface AlertMark {
  time: number;
  name: string;
  firing: boolean;
  /** The group it watches ('' for a broker alert) and the broker it watches or the group reads. */
  group: string;
  broker: string;
  /** The value the rule read then (NaN if none). */
  value: number;
}

/**
 * What happened in the sample interval ending at `time` (counts, not rates: divide by the interval),
 * and each group's lag at `time`; taken at the same times as the DepthSamples (see ChartTap).
 */
export interface SeriesSample {
  time: number;
  published: number;
  acked: number;
  /** Dropped or expired: lost for good. */
  dropped: number;
  deadLettered: number;
  /** Deliveries after the first (duplicates a consumer may see). */
  redelivered: number;
  /** Retries with backoff, bus retries and producers' repeated publishes. */
  retried: number;
  /** By group id: acks and end-to-end latency percentiles (NaN without acks) of the interval, lag now (per partition on a stream). */
  groups: Record<string, { acked: number; p50: number; p95: number; p99: number; lag: number; partitions?: number[] }>;
  alerts: AlertMark[];
}

/** Worker → lab. */
export type FromWorker =
  /** The scenario was accepted and a new run (numbered `runId`) is ready at time 0, paused. */
  | { type: 'loaded'; runId: number; scenario: Scenario; seed: number; sampleInterval: number; frame: RunFrame }
  /** The scenario was rejected; nothing is loaded. */
  | { type: 'errors'; errors: ScenarioError[] }
  /** A `change` was rejected: the run on show goes on as it was. */
  | { type: 'changeRejected'; errors: ScenarioError[] }
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
      /** The charts' other series, one per DepthSample at the same times (absent from hosts that do not tap the trace). */
      series?: SeriesSample[];
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
  /** The answer to `explain`. */
  | { type: 'explanation'; runId: number; explanation: Explanation }
  /** The answer to `exportTrace`: the trace up to `until`, cut after `records` of `total` records when it is very long. */
  | { type: 'trace'; runId: number; text: string; records: number; total: number; until: number }
  /** Something went wrong while running (e.g. a budget was exceeded); the run is stopped. */
  | { type: 'error'; message: string }
  /**
   * Where a `stepInteresting` stopped: the interesting record (or caption) it stopped at, or null when
   * the run reached its end first. Sent after the frame at that moment.
   */
  | { type: 'interesting'; runId: number; event: InterestingEvent | null };

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
