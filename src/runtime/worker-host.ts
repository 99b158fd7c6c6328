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

  /** Seeks and steps to the next interesting event (src/runtime/seek.ts). */
  private readonly jumps: SeekDriver;

  constructor(
    private readonly env: HostEnvironment,
    private readonly pacing: HostPacing = DEFAULT_PACING,
  ) {
    this.jumps = new SeekDriver({
      current: () => this.sampled,
      rebuild: () => {
        const run = this.sampled?.run;
        if (run) this.load({ ok: true, scenario: run.scenario }, run.seed);
        return this.sampled;
      },
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
          this.postFrame();
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
    if (!result.ok) {
      this.env.post({ type: 'errors', errors: result.errors });
      return;
    }
    const scenario = result.scenario;
    let run: Run;
    let charts: ChartTap;
    try {
      const tap = new TopologyTap(scenario);
      charts = new ChartTap(scenario);
      const onTrace: TraceListener = (record) => {
        tap.observe(record);
        charts.observe(record);
      };
      run = new Run(scenario, { ...(seed !== undefined ? { seed } : {}), wallClock: () => this.env.now(), onTrace });
      this.tap = tap;
    } catch (error) {
      this.fail(error);
      return;
    }
    const interval = chartSampleInterval(scenario.duration, scenario.sampleInterval);
    this.sampled = new SampledRun(run, interval, charts);
    this.runId++;
    this.playback = 'paused';
    this.reported = false;
    this.snapshots.reset();
    this.env.post({ type: 'loaded', runId: this.runId, scenario, seed: run.seed, sampleInterval: interval, frame: run.frame() });
    this.postFrame();
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

  /** Posts the new frame, and the report once the run has reached its end. */
  private afterProgress(): void {
    const sampled = this.sampled;
    if (!sampled) return;
    if (sampled.run.done) this.playback = 'done';
    this.postFrame();
    if (this.playback === 'done' && !this.reported) {
      this.reported = true;
      this.env.post({ type: 'report', runId: this.runId, report: sampled.run.report() });
    }
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
    this.playback = 'paused';
    this.env.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }

  private schedule(ms: number): void {
    this.timer = this.env.setTimer(() => this.tick(), ms);
  }

  private stopTimer(): void {
    if (this.timer !== null) this.env.clearTimer(this.timer);
    this.timer = null;
    this.jumps.cancel();
  }
}
