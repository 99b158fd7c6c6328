import type { Draft } from 'immer';
import type { FromWorker, RuntimeClient } from '../../runtime/protocol';
import type { ScenarioError } from '../../scenario/errors';
import type { TimelineAction } from '../../scenario/schema';
import type { ScenarioSource } from '../scenarios/source';

/** A timeline action as a live change gives it: everything but its time, which is "now". */
export type ActionAtNow = TimelineAction extends infer A ? (A extends TimelineAction ? Omit<A, 'at'> : never) : never;

/** A change made live in the lab, recorded as timeline actions at the virtual time it was made. */
export interface LiveChange {
  at: number;
  /** What the user did, in words ("email: 3 instances"). */
  label: string;
  actions: TimelineAction[];
}

/** A change sent to the worker and not yet answered. */
interface PendingChange {
  origin: ScenarioSource;
  changes: LiveChange[];
  text: string;
  at: number;
}

/**
 * The live-change slice of the lab store. A session is what was opened (`origin`: text, variant, seed)
 * plus the changes made since, in order. Every change recomposes the scenario from that and has the
 * worker re-simulate it to "now", so the session on screen is always exactly its saved scenario.
 */
export interface LiveState {
  /** What was opened, as the user opened it: the shapes of its workload are worked out from it. */
  opened: ScenarioSource | null;
  /** What the session runs (what was opened, or another shape of it) before the live changes; null until something is opened. */
  origin: ScenarioSource | null;
  changes: LiveChange[];
  /** Why the last change was refused (the run on show went on as it was). */
  changeErrors: ScenarioError[];
  pendingChange: PendingChange | null;
}

export interface LiveActions {
  /** Records `actions` at the current virtual time and applies them (re-simulating to now). */
  change(label: string, actions: ActionAtNow[]): Promise<void>;
  /** Runs the same session (its changes included) from `source`, another shape of the workload, up to now. */
  reshape(source: ScenarioSource): Promise<void>;
  /** Takes the last change back. */
  undoChange(): Promise<void>;
}

export const INITIAL_LIVE: LiveState = { opened: null, origin: null, changes: [], changeErrors: [], pendingChange: null };

/** What the slice needs from the rest of the store. */
export interface LiveHost {
  /** The current virtual time, the text on show and whether the run is playing; null when a change cannot be made now. */
  moment(): { at: number; text: string; playing: boolean } | null;
  state(): LiveState;
  update(recipe: (s: Draft<LiveState> & { seekTarget: number | null }) => void): void;
}

/** The slice's actions, bound to the store's host and the runtime. */
export function liveActions(host: LiveHost, client: RuntimeClient): LiveActions {
  const submit = async (origin: ScenarioSource, changes: LiveChange[]): Promise<void> => {
    const moment = host.moment();
    if (moment === null) return;
    const text = await composeSession(origin, changes);
    if (!text.ok) {
      host.update((s) => {
        s.changeErrors = text.errors;
      });
      return;
    }
    host.update((s) => {
      s.pendingChange = { origin, changes, text: text.text, at: moment.at };
      s.changeErrors = [];
    });
    client.send({ type: 'change', text: text.text, at: moment.at, resume: moment.playing });
  };
  const originOf = (): ScenarioSource | null => {
    const moment = host.moment();
    return host.state().origin ?? (moment !== null ? { text: moment.text } : null);
  };
  return {
    async change(label, actions) {
      const moment = host.moment();
      const origin = originOf();
      if (moment === null || origin === null || actions.length === 0) return;
      const stamped = actions.map((a) => ({ ...a, at: moment.at }) as TimelineAction);
      await submit(origin, [...host.state().changes, { at: moment.at, label, actions: stamped }]);
    },
    async reshape(source) {
      await submit(source, host.state().changes);
    },
    async undoChange() {
      const origin = originOf();
      const changes = host.state().changes;
      if (origin === null || changes.length === 0) return;
      await submit(origin, changes.slice(0, -1));
    },
  };
}

/**
 * The slice's part of the store's `receive`: a `loaded` answering a pending change commits it (the
 * session becomes the changed one, shown from the time it was made); `changeRejected` drops it.
 * Returns the committed session's text and source, for the store's own fields.
 */
export function receiveLive(s: Draft<LiveState>, message: FromWorker): { text: string; source: ScenarioSource; at: number } | null {
  if (message.type === 'changeRejected') {
    s.changeErrors = message.errors;
    s.pendingChange = null;
    return null;
  }
  if (message.type !== 'loaded' || s.pendingChange === null) return null;
  const { origin, changes, text, at } = s.pendingChange;
  s.origin = origin;
  s.changes = changes;
  s.pendingChange = null;
  // With changes, the session is its composed text (variant and seed written in), which is what Save and Copy link must carry.
  return { text, source: changes.length === 0 ? origin : { text }, at };
}

/** The scenario text of a session: the origin with its variant and seed applied, then every change's actions. */
export async function composeSession(origin: ScenarioSource, changes: readonly LiveChange[]): Promise<{ ok: true; text: string } | { ok: false; errors: ScenarioError[] }> {
  // Loaded on demand, as the store's open does: the variant machinery pulls in the schema.
  const [{ applyVariantToText }, { withTimelineActions }] = await Promise.all([import('../../scenario/variant-text'), import('../../scenario/timeline-text')]);
  const varied = applyVariantToText(origin.text, origin.variant, origin.seed);
  if (!varied.ok || changes.length === 0) return varied;
  return withTimelineActions(varied.text, changes.flatMap((c) => c.actions));
}
