import { RunMetrics, type QueueTheory, type RunReport } from '../metrics';
import type { TraceListener } from '../model';
import { build, closedFormOf, type BuiltModel, type Scenario } from '../scenario';
import { addModelState, observeModel } from './model-state';

export interface RunOptions {
  /** Replaces the scenario's seed. */
  seed?: number;
  /** Milliseconds from any origin (e.g. performance.now), for the wall-clock budget. */
  wallClock?: () => number;
  /** Receives every trace record (the object is reused: copy what you keep). */
  onTrace?: TraceListener;
}

/** Current levels and counters, cheap enough to read every animation frame. */
export interface RunFrame {
  time: number;
  events: number;
  done: boolean;
  brokers: Record<string, { depth: number; inflight: number }>;
  producers: Record<string, { published: number; rejected: number }>;
  groups: Record<string, { delivered: number; acked: number }>;
}

/**
 * One run of a scenario that can be advanced in pieces: the in-process host used by the CLI, the
 * tests and the lab's worker. The run ends at the scenario's duration.
 */
export class Run {
  readonly duration: number;
  private readonly model: BuiltModel;
  private readonly metrics: RunMetrics;
  /** The scenario's closed-form steady state, when it has one, for the report to show beside the simulation. */
  private readonly theory: QueueTheory | undefined;

  constructor(
    readonly scenario: Scenario,
    options: RunOptions = {},
  ) {
    this.duration = scenario.duration;
    this.theory = closedFormOf(scenario);
    this.model = build(scenario, {
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.wallClock ? { wallClock: options.wallClock } : {}),
    });
    this.metrics = new RunMetrics(this.model.topology, { sampleInterval: scenario.sampleInterval ?? scenario.duration / 500 });
    this.model.tracer.subscribe(this.metrics.observe);
    if (options.onTrace) this.model.tracer.subscribe(options.onTrace);
    this.model.start();
  }

  get now(): number {
    return this.model.sim.now;
  }

  get seed(): number {
    return this.model.seed;
  }

  get events(): number {
    return this.model.sim.eventsProcessed;
  }

  get done(): boolean {
    return this.model.sim.now >= this.duration;
  }

  /** Runs every event up to virtual time min(time, duration). */
  advanceTo(time: number): void {
    this.model.sim.runUntil(Math.min(time, this.duration));
  }

  /** Runs the single next event if it falls within the run; returns false when there is none. */
  step(): boolean {
    const sim = this.model.sim;
    if (sim.nextTime > this.duration) {
      sim.runUntil(this.duration);
      return false;
    }
    return sim.step();
  }

  /**
   * Adds a trace listener from now on (e.g. while stepping to the next interesting event); returns a
   * function that removes it. Records are reused objects, as with `onTrace`.
   */
  subscribe(listener: TraceListener): () => void {
    return this.model.tracer.subscribe(listener);
  }

  /** Runs at most `maxEvents` events with time <= min(time, duration); returns how many ran. */
  runEvents(time: number, maxEvents: number): number {
    return this.model.sim.runEvents(Math.min(time, this.duration), maxEvents);
  }

  /** Time of the next event within the run, or the duration when none is left. */
  get nextEventTime(): number {
    return Math.min(this.model.sim.nextTime, this.duration);
  }

  /** Each broker's ready depth and in-flight count now; cheaper than a whole frame. */
  brokerLevels(): RunFrame['brokers'] {
    return this.metrics.brokerLevels();
  }

  frame(): RunFrame {
    return { ...this.metrics.frame(), time: this.now, events: this.events, done: this.done };
  }

  /** The report at the current virtual time (call after the run is done for the final report). */
  report(): RunReport {
    const metrics = this.metrics.report(this.now, observeModel(this.model.probe));
    addModelState(metrics, this.model.probe);
    return {
      scenario: this.scenario.name,
      seed: this.seed,
      duration: this.duration,
      events: this.events,
      traceHash: metrics.traceHash,
      producers: metrics.producers,
      brokers: metrics.brokers,
      groups: metrics.groups,
      invariants: metrics.invariants,
      series: metrics.series,
      ...(this.theory !== undefined ? { theory: this.theory } : {}),
    };
  }
}

/** Runs a scenario to its end and returns the report. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunReport {
  const run = new Run(scenario, options);
  run.advanceTo(run.duration);
  return run.report();
}
