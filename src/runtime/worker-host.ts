import type { TraceListener } from '../model';
import { loadScenarioText, validateScenario, type LoadResult } from '../scenario';
import { MAX_SPEED, MIN_SPEED, type FromWorker, type Playback, type ToWorker } from './protocol';
import { Run } from './run';
import { SnapshotPacer } from './snapshot-pacer';
import { explain, type ExplainTarget } from './explain';
import { exportTrace } from './trace-export';
import { transferablesOf } from './movement';
import { TopologyTap } from './topology-tap';
import { ChartTap } from './chart-tap';
import { chartSampleInterval, SampledRun } from './worker-sampled-run';
import { SeekDriver, seekTimeError } from './seek';
import { Checkpoints, type LabRun } from './checkpoints';
import type { Scenario } from '../scenario';

/** What the host needs from its surroundings; the worker passes the real ones, tests pass fakes. */
export interface HostEnvironment {
  /** `transfer` lists buffers the message gives away (postMessage's transfer list); fakes may ignore it. */
  post(message: FromWorker, transfer?: ArrayBuffer[]): void;
  /** Wall milliseconds from any fixed origin (performance.now in the worker). */
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface HostPacing {
  /** Wall milliseconds between chunks while playing (~one display frame). */
  tickMs: number;
  /** Wall milliseconds one chunk may run before it yields, so the worker stays responsive. */
  chunkBudgetMs: number;
  /** A longer gap between ticks (a throttled tab, a slow chunk) counts as this much, so playback never leaps. */
  maxGapMs: number;
}

export const DEFAULT_PACING: HostPacing = { tickMs: 16, chunkBudgetMs: 10, maxGapMs: 100 };

/** Wall milliseconds of checkpoint building per idle chunk, and the pause before each: short enough that a click is answered at once. */
const IDLE_CHUNK_MS = 20;
const IDLE_GAP_MS = 4;

const DEFAULT_SPEED = 1;

/**
 * The lab's simulation host: owns one Run at a time and plays it on virtual time, answering the
 * runtime protocol. At speed s, each wall second of playing advances s virtual seconds, in chunks
 * bounded by `chunkBudgetMs`; when the machine cannot keep up, the run simply falls behind the
 * requested speed rather than piling up work. It never loops without yielding to the event loop.
 */
export class WorkerHost {
  private sampled: SampledRun | null = null;
  private runId = 0;
  private playback: Playback = 'paused';
  private speed = DEFAULT_SPEED;
  private lastTick = 0;
  private timer: unknown = null;
  private reported = false;
  private readonly snapshots = new SnapshotPacer();
  /** Feeds the topology canvas from the current run's trace. */
  private tap: TopologyTap | null = null;
  /** Runs of the current scenario parked at checkpoint times, built while idle (src/runtime/checkpoints.ts). */
  private checkpoints: Checkpoints | null = null;
  private idleTimer: unknown = null;

  /** Seeks and steps to the next interesting event (src/runtime/seek.ts). */
  private readonly jumps: SeekDriver;

  constructor(
    private readonly env: HostEnvironment,
    private readonly pacing: HostPacing = DEFAULT_PACING,
  ) {
    this.jumps = new SeekDriver({
      current: () => this.sampled,
      startFrom: (target) => this.startFrom(target),
      halt: () => this.stopTimer(),
      quiet: (on) => {
        if (this.tap) this.tap.moving = !on;
      },
      progress: () => {
        this.playback = 'seeking';
        this.postFrame();
      },
      settle: () => {
        this.playback = 'paused';
        this.afterProgress();
      },
      fail: (error) => this.fail(error),
      post: (message) => this.env.post(message),
      runId: () => this.runId,
      now: () => this.env.now(),
      setTimer: (callback, ms) => this.env.setTimer(callback, ms),
      clearTimer: (handle) => this.env.clearTimer(handle),
    });
  }

  handle(message: ToWorker): void {
    switch (message.type) {
      case 'load':
        this.load('text' in message ? loadScenarioText(message.text) : validateScenario(message.scenario), message.seed);
        return;
      case 'play':
        this.start('playing');
        return;
      case 'finish':
        this.start('finishing');
        return;
      case 'exportTrace':
        this.exportTrace();
        return;
      case 'explain':
        this.explain(message.target);
        return;
      case 'change':
        this.change(message.text, message.at, message.resume);
        return;
      case 'pause':
        if (this.playback === 'playing' || this.playback === 'finishing') {
          this.stopTimer();
          this.playback = 'paused';
          if (this.sampled) this.checkpoints?.reached(this.sampled.run.now);
          this.postFrame();
          this.scheduleIdleWork();
        }
        return;
      case 'step':
        this.step();
        return;
      case 'seek':
        this.jumps.seek(message.time);
        return;
      case 'stepInteresting':
        this.jumps.stepInteresting();
        return;
      case 'setSpeed':
        if (!Number.isFinite(message.speed)) {
          this.env.post({ type: 'error', message: `speed must be a finite number, got ${String(message.speed)}` });
          return;
        }
        this.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, message.speed));
        if (this.sampled) this.postFrame();
        return;
      default: {
        const unknown: never = message;
        this.env.post({ type: 'error', message: `unknown message ${JSON.stringify(unknown)}` });
      }
    }
  }

  private load(result: LoadResult, seed: number | undefined): void {
    this.stopTimer();
    this.sampled = null;
    this.checkpoints = null;
    if (!result.ok) {
      this.env.post({ type: 'errors', errors: result.errors });
      return;
    }
    const scenario = result.scenario;
    let first: LabRun;
    try {
      first = this.createRun(scenario, seed);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.checkpoints = new Checkpoints(scenario.duration, () => {
      try {
        const parked = this.createRun(scenario, first.sampled.run.seed);
        // Nobody watches a checkpoint being built move.
        parked.tap.moving = false;
        return parked;
      } catch {
        return null;
      }
    });
    this.show(first);
  }

  /** A fresh run of `scenario` at time 0 with its chart and canvas taps. */
  private createRun(scenario: Scenario, seed: number | undefined): LabRun {
    const tap = new TopologyTap(scenario);
    const charts = new ChartTap(scenario);
    const onTrace: TraceListener = (record) => {
      tap.observe(record);
      charts.observe(record);
    };
    const run = new Run(scenario, { ...(seed !== undefined ? { seed } : {}), wallClock: () => this.env.now(), onTrace });
    return { sampled: new SampledRun(run, chartSampleInterval(scenario.duration, scenario.sampleInterval), charts), tap };
  }

  /**
   * Puts `entry` on show as a new run (a `loaded` message, so every view starts over), paused where
   * it is; its first frame carries every chart sample it has taken, from 0 on.
   */
  private show(entry: LabRun): void {
    const { run, interval } = entry.sampled;
    this.sampled = entry.sampled;
    this.tap = entry.tap;
    this.runId++;
    this.playback = 'paused';
    this.reported = false;
    this.snapshots.reset();
    this.env.post({ type: 'loaded', runId: this.runId, scenario: run.scenario, seed: run.seed, sampleInterval: interval, frame: run.frame() });
    this.postFrame();
  }

  /**
   * The run a seek to `target` starts from: a parked checkpoint run closer to it than the run on show
   * (which then replaces it), else a fresh run when going back, else the run on show.
   */
  private startFrom(target: number): SampledRun | null {
    const current = this.sampled;
    if (!current || !this.checkpoints) return current;
    const back = target < current.run.now;
    const parked = this.checkpoints.take(target, back ? -Infinity : current.run.now);
    if (parked) this.show(parked);
    else if (back) {
      try {
        this.show(this.createRun(current.run.scenario, current.run.seed));
      } catch (error) {
        this.fail(error);
        return null;
      }
    }
    return this.sampled;
  }

  /** The virtual times of the checkpoint runs parked so far (for tests and the seek benchmark). */
  checkpointTimes(): number[] {
    return this.checkpoints?.times() ?? [];
  }

  /** Builds checkpoints in short chunks while the run is paused or over; anything the user does stops it (stopTimer). */
  private scheduleIdleWork(): void {
    if (this.idleTimer !== null || !this.checkpoints) return;
    // Measured here, when the run rests, rather than on every playing tick.
    if (this.sampled) this.checkpoints.holding(heldBy(this.sampled));
    if (!this.checkpoints.pending) return;
    this.idleTimer = this.env.setTimer(() => {
      this.idleTimer = null;
      const checkpoints = this.checkpoints;
      if (!checkpoints || (this.playback !== 'paused' && this.playback !== 'done')) return;
      const now = (): number => this.env.now();
      if (!checkpoints.work(now() + IDLE_CHUNK_MS, now)) this.scheduleIdleWork();
    }, IDLE_GAP_MS);
  }

  /**
   * Replaces the run with the changed scenario, re-simulated to `at` with the same seed, so the lab
   * shows what a replay of the saved scenario shows; a rejected text leaves the run as it was.
   */
  private change(text: string, at: number, resume: boolean): void {
    const current = this.sampled;
    if (!current) {
      this.env.post({ type: 'changeRejected', errors: [{ path: '', message: 'nothing is loaded to change; open a scenario first' }] });
      return;
    }
    const timeError = seekTimeError(at);
    if (timeError !== null) {
      this.env.post({ type: 'changeRejected', errors: [{ path: 'at', message: timeError }] });
      return;
    }
    const result = loadScenarioText(text);
    if (!result.ok) {
      this.env.post({ type: 'changeRejected', errors: result.errors });
      return;
    }
    this.load(result, current.run.seed);
    if (this.sampled) this.jumps.seek(at, resume ? () => this.start('playing') : null);
  }

  private start(mode: 'playing' | 'finishing'): void {
    if (!this.sampled || this.playback === 'done' || this.playback === mode) return;
    this.stopTimer();
    this.playback = mode;
    this.lastTick = this.env.now();
    this.postFrame();
    this.schedule(mode === 'finishing' ? 0 : this.pacing.tickMs);
  }

  private step(): void {
    const sampled = this.sampled;
    if (!sampled || this.playback === 'done') return;
    this.stopTimer();
    this.playback = 'paused';
    try {
      sampled.step();
    } catch (error) {
      this.fail(error);
      return;
    }
    this.afterProgress();
  }

  private tick(): void {
    this.timer = null;
    const sampled = this.sampled;
    if (!sampled || (this.playback !== 'playing' && this.playback !== 'finishing')) return;
    const now = this.env.now();
    const gap = Math.min(Math.max(now - this.lastTick, 0), this.pacing.maxGapMs);
    this.lastTick = now;
    const run = sampled.run;
    const target = this.playback === 'finishing' ? run.duration : run.now + (gap / 1000) * this.speed;
    try {
      sampled.advance(target, now + this.pacing.chunkBudgetMs, () => this.env.now());
    } catch (error) {
      this.fail(error);
      return;
    }
    this.afterProgress();
    if (this.playback === 'playing') this.schedule(this.pacing.tickMs);
    else if (this.playback === 'finishing') this.schedule(0);
  }

  /** Posts the new frame, and the report once the run has reached its end; once it rests, checkpoint building resumes. */
  private afterProgress(): void {
    const sampled = this.sampled;
    if (!sampled) return;
    if (sampled.run.done) this.playback = 'done';
    this.checkpoints?.reached(sampled.run.now);
    this.postFrame();
    if (this.playback === 'done' && !this.reported) {
      this.reported = true;
      this.env.post({ type: 'report', runId: this.runId, report: sampled.run.report() });
    }
    if (this.playback === 'paused' || this.playback === 'done') this.scheduleIdleWork();
  }

  private postFrame(): void {
    const sampled = this.sampled;
    if (!sampled) return;
    const topology = this.tap?.take(sampled.run.now);
    this.env.post(
      {
        type: 'frame',
        runId: this.runId,
        playback: this.playback,
        speed: this.speed,
        frame: sampled.run.frame(),
        samples: sampled.takeSamples(),
        series: sampled.takeSeries(),
        ...(topology ? { topology } : {}),
      },
      topology ? transferablesOf(topology) : [],
    );
    this.postSnapshot();
  }

  /** The report so far, paced by SnapshotPacer (always when the playback has settled). */
  private postSnapshot(): void {
    const sampled = this.sampled;
    // A seek's progress frames are paced like playing ones: the settled frame at the target gets its snapshot.
    const settled = this.playback !== 'playing' && this.playback !== 'finishing' && this.playback !== 'seeking';
    if (!sampled || !this.snapshots.due(this.env.now(), settled)) return;
    const { series: _series, ...report } = sampled.run.report();
    this.env.post({ type: 'snapshot', runId: this.runId, report });
  }

  /** Posts the history of a message or consumer up to now, re-simulated from the start; playback goes on. */
  private explain(target: ExplainTarget): void {
    const sampled = this.sampled;
    if (!sampled) return;
    const { run } = sampled;
    const valid = target.kind === 'message' ? Number.isSafeInteger(target.id) && target.id > 0 : typeof target.id === 'string' && target.id !== '';
    if (!valid) {
      this.env.post({ type: 'error', message: `explain: a message id is a whole number > 0 and a consumer id a name like "email#1", got ${JSON.stringify(target)}` });
      return;
    }
    try {
      this.env.post({ type: 'explanation', runId: this.runId, explanation: explain(run.scenario, run.seed, run.now, target) });
    } catch (error) {
      this.fail(error);
    }
  }

  /** Pauses and posts the trace so far, re-simulated from the start (the run is deterministic). */
  private exportTrace(): void {
    const sampled = this.sampled;
    if (!sampled) return;
    this.handle({ type: 'pause' });
    const { run } = sampled;
    try {
      const trace = exportTrace(run.scenario, run.seed, run.now);
      this.env.post({ type: 'trace', runId: this.runId, ...trace });
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.stopTimer();
    this.sampled = null;
    this.checkpoints = null;
    this.playback = 'paused';
    this.env.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }

  private schedule(ms: number): void {
    this.timer = this.env.setTimer(() => this.tick(), ms);
  }

  private stopTimer(): void {
    if (this.timer !== null) this.env.clearTimer(this.timer);
    this.timer = null;
    if (this.idleTimer !== null) this.env.clearTimer(this.idleTimer);
    this.idleTimer = null;
    this.jumps.cancel();
  }
}

/** Messages the run's brokers hold now (ready, in flight, retained). */
function heldBy(sampled: SampledRun): number {
  let held = 0;
  for (const level of Object.values(sampled.run.brokerLevels())) held += level.depth + level.inflight;
  return held;
}
