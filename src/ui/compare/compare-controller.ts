import type { FromWorker } from '../../runtime/protocol';
import type { Lab } from '../lab-context';
import { isReady, type LabActions, type LabState } from '../store';
import { alignment, sideClock } from './align';

/** What the keyboard shortcuts drive: one lab's store, or both compared labs at once. */
export type PlaybackDriver = Pick<LabActions, 'togglePlay' | 'step' | 'stepInteresting' | 'setSpeed'> & { readonly speed: number };

/** One control bar for two labs: every command goes to both, and their clocks are kept aligned. */
export interface CompareController extends PlaybackDriver {
  play(): void;
  pause(): void;
  finish(): void;
  restart(): void;
  /** Seeks both to `time` (each stops at its own end if that comes first). */
  seek(time: number): void;
  /** Stops listening to both labs (their clients are the session's to terminate). */
  dispose(): void;
}

type Side = 'a' | 'b';

const isRunning = (s: LabState): boolean => s.playback === 'playing' || s.playback === 'finishing';

/**
 * Drives labs `a` and `b` as one: the same commands, the same speed, and after a pause, a step, a
 * seek or when one finishes first, the one behind is sought forward so both show the same virtual
 * time (see align.ts). It listens to both runtimes after their stores, so it reads updated state.
 */
export function createCompareController(a: Lab, b: Lab): CompareController {
  const labs: Record<Side, Lab> = { a, b };
  // Set when a command was sent that the worker answers with a settled frame: until it comes, the
  // store's clock is stale and aligning on it would seek the wrong way.
  const awaiting: Record<Side, boolean> = { a: false, b: false };
  const state = (side: Side): LabState & LabActions => labs[side].store.getState();
  const both = (act: (lab: LabState & LabActions, side: Side) => void): void => {
    act(state('a'), 'a');
    act(state('b'), 'b');
  };

  const align = (): void => {
    const move = alignment(sideClock(state('a'), awaiting.a), sideClock(state('b'), awaiting.b));
    if (move) state(move.side).seek(move.time);
  };

  const listen = (side: Side) => (message: FromWorker): void => {
    const settledFrame = message.type === 'frame' && (message.playback === 'paused' || message.playback === 'done');
    if (settledFrame || message.type === 'loaded' || message.type === 'error' || message.type === 'errors') awaiting[side] = false;
    if (message.type === 'frame' || message.type === 'loaded') align();
  };
  const unsubscribe = [a.client.subscribe(listen('a')), b.client.subscribe(listen('b'))];

  const controller: CompareController = {
    get speed() {
      return state('a').speed;
    },
    play() {
      // A run that is over stays over while the other plays on (it may be the longer one).
      both((lab) => lab.play());
    },
    pause() {
      both((lab, side) => {
        if (isRunning(lab)) awaiting[side] = true;
        lab.pause();
      });
    },
    togglePlay() {
      const [sa, sb] = [state('a'), state('b')];
      if (isRunning(sa) || isRunning(sb)) controller.pause();
      else if (sa.playback === 'done' && sb.playback === 'done') both((lab) => lab.togglePlay());
      else controller.play();
    },
    step() {
      both((lab, side) => {
        // The store sends the step (and the worker answers with a settled frame) only when the run is ready.
        if (isReady(lab)) awaiting[side] = true;
        lab.step();
      });
    },
    stepInteresting() {
      both((lab, side) => {
        if (isReady(lab)) awaiting[side] = true;
        lab.stepInteresting();
      });
    },
    finish() {
      both((lab) => lab.finish());
    },
    restart() {
      both((lab, side) => {
        awaiting[side] = false;
        lab.restart();
      });
    },
    seek(time) {
      both((lab) => lab.seek(time));
    },
    setSpeed(speed) {
      both((lab) => lab.setSpeed(speed));
    },
    dispose() {
      for (const stop of unsubscribe) stop();
    },
  };
  return controller;
}
