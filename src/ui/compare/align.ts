import type { LabState } from '../store';

/** What the alignment rule needs to know about one side's clock. */
export interface SideClock {
  playback: LabState['playback'];
  /** Virtual time now; null before the first frame. */
  time: number | null;
  duration: number;
  /** A seek is under way (its target not reached yet). */
  seeking: boolean;
  /** A command was sent whose answering frame has not arrived yet (a pause, a step). */
  awaiting: boolean;
  failed: boolean;
}

/** Seek `side` forward to `time`. */
export interface Alignment {
  side: 'a' | 'b';
  time: number;
}

/** The clock of a lab store's state, as the alignment rule reads it. */
export function sideClock(state: LabState, awaiting: boolean): SideClock {
  return {
    playback: state.playback,
    time: state.frame?.time ?? null,
    duration: state.scenario?.duration ?? 0,
    seeking: state.seekTarget !== null || state.playback === 'seeking',
    awaiting,
    failed: state.failure !== null || state.scenario === null,
  };
}

const settled = (c: SideClock): boolean => (c.playback === 'paused' || c.playback === 'done') && !c.seeking && !c.awaiting;
const running = (c: SideClock): boolean => (c.playback === 'playing' || c.playback === 'finishing') && !c.seeking;

/**
 * Keeps two compared runs on one clock: never shown paused at different times. When both have
 * settled (paused or done) at different times, the one behind is sought forward to the other's
 * time (or to its own end, if that comes first). When one has finished while the other still plays
 * behind it towards the same end (a heavier run that cannot keep the pace), the other jumps to its
 * end too. Only ever forward: a seek back re-simulates from the start. Null: nothing to do.
 */
export function alignment(a: SideClock, b: SideClock): Alignment | null {
  if (a.failed || b.failed || a.time === null || b.time === null || a.time === b.time) return null;
  const [behindSide, behind, ahead] = a.time < b.time ? (['a', a, b] as const) : (['b', b, a] as const);
  if (behind.playback === 'done' || behind.time === null || ahead.time === null) return null;
  const target = Math.min(ahead.time, behind.duration);
  if (target <= behind.time) return null;
  if (settled(a) && settled(b)) return { side: behindSide, time: target };
  if (ahead.playback === 'done' && settled(ahead) && running(behind) && behind.duration <= ahead.time) return { side: behindSide, time: behind.duration };
  return null;
}

/**
 * The one time to show for both: the earliest clock among the runs still going (what both have
 * reached), or, once both are done, the later end. Null before both have a frame.
 */
export function sharedTime(a: SideClock, b: SideClock): number | null {
  if (a.time === null || b.time === null) return null;
  const going = [a, b].filter((c) => c.playback !== 'done').map((c) => c.time!);
  return going.length > 0 ? Math.min(...going) : Math.max(a.time, b.time);
}
