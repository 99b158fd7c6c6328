import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RuntimeClient } from '../../runtime/protocol';
import type { Lab } from '../lab-context';
import { createLabStore } from '../store';
import type { ComparePair } from './compare-choice';
import { createCompareController, type CompareController } from './compare-controller';

/** A comparison under way: two labs of their own, one controller over both. */
export interface CompareSession {
  pair: ComparePair;
  /** The seed both run on. */
  seed: number;
  a: Lab;
  b: Lab;
  controller: CompareController;
  /** Opens both variants; called once the columns are mounted and listening (later calls do nothing). */
  start(): void;
}

/** What to compare: the scenario text as written, the seed, the two sides and the speed to start at. */
export interface CompareRequest {
  text: string;
  seed: number;
  pair: ComparePair;
  speed: number;
}

export interface CompareState {
  session: CompareSession | null;
  /** The chart tab and detail toggle, shared by both columns' charts. */
  chartTab: number;
  chartDetail: boolean;
}

export interface CompareActions {
  /** Pauses the main lab and starts a comparison (ending any comparison under way first). */
  enter(request: CompareRequest): void;
  /** Ends the comparison: both compared runtimes are terminated; the main lab is left as it was. */
  exit(): void;
  setChartTab(index: number): void;
  setChartDetail(on: boolean): void;
}

export type CompareStore = StoreApi<CompareState & CompareActions>;

/**
 * Compare mode's state, apart from the main lab's: on or off, the two sides and their labs. Each side
 * gets a runtime of its own from `createClient` (a Web Worker in the lab, a fake in tests); the main
 * lab keeps its run, paused, for when the comparison ends.
 */
export function createCompareStore(main: Lab, createClient: () => RuntimeClient): CompareStore {
  // Ends the session under way: kept out of the state, as nothing renders it.
  let teardown: (() => void) | null = null;
  return createStore<CompareState & CompareActions>()((set, get) => ({
    session: null,
    chartTab: 0,
    chartDetail: false,

    enter({ text, seed, pair, speed }) {
      get().exit();
      main.store.getState().pause();
      const open = (variant: string | undefined): { lab: Lab; stop: () => void; open: () => void } => {
        const client = createClient();
        const store = createLabStore(client);
        const stop = client.subscribe(store.getState().receive);
        store.getState().setSpeed(speed);
        return { lab: { store, client }, stop, open: () => void store.getState().open({ text, seed, ...(variant !== undefined ? { variant } : {}) }) };
      };
      const a = open(pair.a.variant);
      const b = open(pair.b.variant);
      // The controller listens after the stores, so it aligns on state that has taken the message in.
      const controller = createCompareController(a.lab, b.lab);
      let started = false;
      const session: CompareSession = {
        pair,
        seed,
        a: a.lab,
        b: b.lab,
        controller,
        start() {
          if (started) return;
          started = true;
          a.open();
          b.open();
        },
      };
      teardown = () => {
        controller.dispose();
        a.stop();
        b.stop();
        a.lab.client.terminate();
        b.lab.client.terminate();
      };
      set({ session });
    },

    exit() {
      if (get().session === null) return;
      teardown?.();
      teardown = null;
      set({ session: null });
    },

    setChartTab(index) {
      set({ chartTab: index });
    },

    setChartDetail(on) {
      set({ chartDetail: on });
    },
  }));
}
