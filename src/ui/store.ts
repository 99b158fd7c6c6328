import { immer } from 'zustand/middleware/immer';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunReport } from '../metrics';
import type { ExplainTarget } from '../runtime/explain';
import type { FromWorker, LiveReport, Playback, RuntimeClient } from '../runtime/protocol';
import { MAX_SPEED, MIN_SPEED } from '../runtime/protocol';
import type { RunFrame } from '../runtime/run';
import type { Scenario, ScenarioError } from '../scenario';
import type { ScenarioSource } from './scenarios/source';
import type { InterestingEvent } from '../runtime/interesting';
import { INITIAL_LIVE, liveActions, receiveLive, type LiveActions, type LiveState } from './live/live-slice';

export const DEFAULT_SPEED = 2;

/**
 * The lab's coarse state. Per-frame drawing does not live here: the chart listens to the runtime
 * directly. What is here changes at most once per worker frame and is cheap to render.
 */
export interface LabState extends LiveState {
  /** The scenario text the current run came from (kept for restart; with the live changes written in). */
  scenarioText: string | null;
  /** What the user asked to run (text before its variant, the variant, the seed), once opened with `open`. */
  source: ScenarioSource | null;
  scenario: Scenario | null;
  /** Why the scenario was rejected, if it was. */
  scenarioErrors: ScenarioError[];
  /** A runtime failure (e.g. a budget exceeded), shown until the next load. */
  failure: string | null;
  playback: Playback | 'loading' | 'idle';
  speed: number;
  runId: number;
  frame: RunFrame | null;
  /** The final report, once the run is done. */
  report: RunReport | null;
  /** The report so far (the worker's latest snapshot), for the outcome table and the invariants badge. */
  live: LiveReport | null;
  /** The virtual time a seek is under way to, or null. */
  seekTarget: number | null;
  /** Where the last step to the next interesting event stopped (`event` null: at the end), or null. */
  interesting: { event: InterestingEvent | null } | null;
  /** Present mode: large type and narration for a projector. */
  presenting: boolean;
  /** What the "why" panel was last asked about, if anything. */
  explainTarget: ExplainTarget | null;
}

export interface LabActions extends LiveActions {
  load(text: string): void;
  /** Applies the source's variant and seed (as the CLI's --variant and --seed do), then loads it. */
  open(source: ScenarioSource): Promise<void>;
  restart(): void;
  play(): void;
  pause(): void;
  /** Space bar semantics: pause when running, restart when done, otherwise play. */
  togglePlay(): void;
  step(): void;
  finish(): void;
  /** Moves the run to virtual time `time` and pauses there (re-simulating when it goes back). */
  seek(time: number): void;
  /** Runs to the next interesting event (a drop, a crash, an alert, a caption…) and pauses. */
  stepInteresting(): void;
  setSpeed(speed: number): void;
  setPresenting(on: boolean): void;
  /** Asks the worker for the history of a message or consumer instance (the "why" panel shows it). */
  explain(target: ExplainTarget): void;
  /** Applies one message from the runtime. */
  receive(message: FromWorker): void;
}

export type LabStore = StoreApi<LabState & LabActions>;

const INITIAL: LabState = {
  scenarioText: null,
  source: null,
  scenario: null,
  scenarioErrors: [],
  failure: null,
  playback: 'idle',
  speed: DEFAULT_SPEED,
  runId: 0,
  frame: null,
  report: null,
  live: null,
  seekTarget: null,
  interesting: null,
  presenting: false,
  explainTarget: null,
  ...INITIAL_LIVE,
};

/** One store per lab instance, talking to the runtime through `client` (a worker, or a fake in tests). */
export function createLabStore(client: RuntimeClient): LabStore {
  return createStore<LabState & LabActions>()(
    immer((set, get) => ({
      ...INITIAL,

      ...liveActions(
        {
          moment() {
            const state = get();
            if (!isReady(state) || state.frame === null || state.scenarioText === null || state.seekTarget !== null || state.pendingChange !== null) return null;
            return { at: state.frame.time, text: state.scenarioText, playing: state.playback === 'playing' };
          },
          state: () => get(),
          update: (recipe) => set(recipe),
        },
        client,
      ),

      load(text) {
        set((s) => {
          s.scenarioText = text;
          s.scenarioErrors = [];
          s.failure = null;
          s.playback = 'loading';
          s.frame = null;
          s.report = null;
          s.live = null;
          s.explainTarget = null;
          s.seekTarget = null;
          s.interesting = null;
          s.pendingChange = null;
          s.changeErrors = [];
        });
        client.send({ type: 'load', text });
        client.send({ type: 'setSpeed', speed: get().speed });
      },

      async open(source) {
        // The variant machinery pulls in the schema, so it is fetched only when a variant or seed needs it.
        const prepared =
          source.variant === undefined && source.seed === undefined
            ? ({ ok: true, text: source.text } as const)
            : (await import('../scenario/variant-text')).applyVariantToText(source.text, source.variant, source.seed);
        set((s) => {
          s.source = source;
          // A new session: what the user opens already holds any changes an earlier session saved into it.
          s.opened = source;
          s.origin = source;
          s.changes = [];
        });
        if (prepared.ok) get().load(prepared.text);
        else get().receive({ type: 'errors', errors: prepared.errors });
      },

      restart() {
        const text = get().scenarioText;
        if (text !== null) get().load(text);
      },

      play() {
        if (isReady(get())) client.send({ type: 'play' });
      },

      pause() {
        client.send({ type: 'pause' });
      },

      togglePlay() {
        const { playback } = get();
        if (playback === 'playing' || playback === 'finishing') get().pause();
        else if (playback === 'done') {
          get().restart();
          client.send({ type: 'play' });
        } else get().play();
      },

      step() {
        if (!isReady(get())) return;
        // A step during a seek ends it where it got to.
        set((s) => {
          s.seekTarget = null;
        });
        client.send({ type: 'step' });
      },

      finish() {
        if (isReady(get())) client.send({ type: 'finish' });
      },

      seek(time) {
        const state = get();
        if (state.scenario === null || state.failure !== null || state.playback === 'loading' || !Number.isFinite(time)) return;
        const target = Math.min(Math.max(time, 0), state.scenario.duration);
        set((s) => {
          s.seekTarget = target;
          s.interesting = null;
        });
        client.send({ type: 'seek', time: target });
      },

      stepInteresting() {
        if (!isReady(get())) return;
        set((s) => {
          s.seekTarget = null;
        });
        client.send({ type: 'stepInteresting' });
      },

      explain(target) {
        set((s) => {
          s.explainTarget = target;
        });
        client.send({ type: 'explain', target });
      },

      setPresenting(on) {
        set((s) => {
          s.presenting = on;
        });
      },

      setSpeed(speed) {
        const clamped = Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
        set((s) => {
          s.speed = clamped;
        });
        client.send({ type: 'setSpeed', speed: clamped });
      },

      receive(message) {
        set((s) => {
          const committed = receiveLive(s, message);
          if (committed !== null) {
            // The changed session is shown from the moment the change was made (the worker is seeking there).
            s.scenarioText = committed.text;
            s.source = committed.source;
            s.seekTarget = committed.at;
            s.interesting = null;
            s.explainTarget = null;
          }
          switch (message.type) {
            case 'loaded':
              s.scenario = message.scenario;
              s.runId = message.runId;
              s.frame = message.frame;
              s.playback = 'paused';
              // A seek back starts a fresh run: the old final report no longer describes what is shown.
              s.report = null;
              break;
            case 'interesting':
              if (message.runId === s.runId) s.interesting = { event: message.event };
              break;
            case 'errors':
              s.scenario = null;
              s.scenarioErrors = message.errors;
              s.playback = 'idle';
              break;
            case 'frame':
              // Frames of a replaced run can still be in flight after a restart.
              if (s.playback === 'loading' || message.runId !== s.runId) break;
              s.frame = message.frame;
              s.playback = message.playback;
              // A paused frame at another time can be one posted before the seek was asked for (e.g. after setSpeed).
              if (message.playback !== 'seeking' && (message.playback !== 'paused' || message.frame.time === s.seekTarget)) s.seekTarget = null;
              break;
            case 'report':
              if (message.runId === s.runId) s.report = message.report;
              break;
            case 'snapshot':
              if (s.playback !== 'loading' && message.runId === s.runId) s.live = message.report;
              break;
            case 'error':
              s.failure = message.message;
              s.playback = 'idle';
              break;
          }
        });
      },
    })),
  );
}

/** Whether the run takes playback commands (play, step, a live change): loaded, not failed, not over. */
export function isReady(state: LabState): boolean {
  return state.scenario !== null && state.failure === null && state.playback !== 'loading' && state.playback !== 'done';
}
