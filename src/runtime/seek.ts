import { captionsOf } from '../scenario';
import { InterestingWatch, type InterestingEvent } from './interesting';
import type { FromWorker } from './protocol';
import type { SampledRun } from './worker-sampled-run';

/**
 * Wall milliseconds one seek chunk may run. Longer than a playing chunk: nothing animates while
 * seeking, and fewer, longer chunks waste less on the timer between them, yet the worker still reads
 * its messages (a pause, another seek) within a twentieth of a second.
 */
export const SEEK_CHUNK_MS = 50;

/** Steps between two looks at the wall clock while stepping to an interesting event. */
const STEPS_PER_CLOCK_CHECK = 256;

/** What the driver needs from the host that owns the run (WorkerHost). */
export interface SeekHost {
  /** The run on show, or null when nothing is loaded. */
  current(): SampledRun | null;
  /**
   * The run a seek to `target` should start from: the run on show, or (going back, or when a parked
   * checkpoint run is closer) another run of the same scenario and seed put on show as a load does (a
   * `loaded` message, so every view starts over). Null if that failed.
   */
  startFrom(target: number): SampledRun | null;
  /** Stops whatever the host is doing (playing, finishing). */
  halt(): void;
  /** Stops (true) or resumes (false) collecting movements for the canvas: nobody watches a seek's history move. */
  quiet(on: boolean): void;
  /** Posts a frame of the run so far with playback `seeking`. */
  progress(): void;
  /** The jump is over: posts a paused (or done) frame, the snapshot, and the report at the end. */
  settle(): void;
  /** The run threw (e.g. its budget): stop and tell the lab. */
  fail(error: unknown): void;
  post(message: FromWorker): void;
  runId(): number;
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** Why `time` cannot be sought to, or null when it can (anything past the end means the end). */
export function seekTimeError(time: unknown): string | null {
  if (typeof time !== 'number' || !Number.isFinite(time)) return `seek time must be a finite number of virtual seconds, got ${String(time)}`;
  if (time < 0) return `seek time must be 0 or more virtual seconds, got ${time}`;
  return null;
}

/** One chunk of a jump: true when it is over. */
type Chunk = (sampled: SampledRun, deadline: number) => boolean;

/**
 * Jumps on virtual time for the lab: seeking to any time, and stepping to the next interesting event.
 * A Run's state cannot be copied, but it is deterministic: a seek backward starts a run of the same
 * scenario and seed from 0, or from a checkpoint run the host parked earlier (checkpoints.ts), and plays it to the target, so charts, topology and reports come out exactly
 * as if the run had been played there. Both jumps run in wall-time-bounded chunks with a progress
 * frame after each, so the worker stays responsive and the lab sees how far it got.
 */
export class SeekDriver {
  private timer: unknown = null;
  private chunk: Chunk | null = null;
  private cleanup: (() => void) | null = null;
  /** Said once the jump has settled (after its final frame). */
  private after: (() => void) | null = null;

  constructor(private readonly host: SeekHost) {}

  /** Moves to virtual time `time` (capped at the duration) and pauses there; `then` runs once it has settled. */
  seek(time: number, then: (() => void) | null = null): void {
    const error = seekTimeError(time);
    if (error !== null) {
      this.host.post({ type: 'error', message: error });
      return;
    }
    let sampled = this.host.current();
    if (!sampled) return;
    this.host.halt();
    const target = Math.min(time, sampled.run.duration);
    sampled = this.host.startFrom(target);
    if (!sampled) return;
    // Ends a jump under way first, so its cleanup cannot undo the quiet below.
    this.cancel();
    this.host.quiet(true);
    this.begin(
      (run, deadline) => run.advance(target, deadline, this.host.now),
      () => this.host.quiet(false),
      then,
    );
  }

  /** Runs until the next interesting trace record or caption (see interesting.ts), or the end, then pauses. */
  stepInteresting(): void {
    const sampled = this.host.current();
    if (!sampled || sampled.run.done) return;
    this.host.halt();
    const run = sampled.run;
    const caption = captionsOf(run.scenario.timeline).find((c) => c.at > run.now && c.at <= run.duration);
    const watch = new InterestingWatch();
    let stoppedAt: InterestingEvent | null = null;
    const found = (event: InterestingEvent | null): true => {
      stoppedAt = event;
      return true;
    };
    this.begin(
      (current, deadline) => {
        for (let steps = 1; ; steps++) {
          if (watch.event) return found(watch.event);
          if (current.run.done) return found(null);
          if (caption && current.run.nextEventTime > caption.at) {
            current.advance(caption.at, Infinity, this.host.now);
            return found({ kind: 'caption', time: caption.at, text: `caption: ${caption.text}` });
          }
          current.step();
          if (steps % STEPS_PER_CLOCK_CHECK === 0 && !watch.event && this.host.now() >= deadline) return false;
        }
      },
      run.subscribe(watch.observe),
      () => this.host.post({ type: 'interesting', runId: this.host.runId(), event: stoppedAt }),
    );
  }

  /** Abandons the jump under way, if any, leaving the run where it got to. */
  cancel(): void {
    if (this.timer !== null) this.host.clearTimer(this.timer);
    this.timer = null;
    this.chunk = null;
    this.after = null;
    this.cleanup?.();
    this.cleanup = null;
  }

  private begin(chunk: Chunk, cleanup: (() => void) | null = null, after: (() => void) | null = null): void {
    this.cancel();
    this.chunk = chunk;
    this.cleanup = cleanup;
    this.after = after;
    this.runChunk();
  }

  private runChunk(): void {
    this.timer = null;
    const chunk = this.chunk;
    const sampled = this.host.current();
    if (!chunk || !sampled) return;
    let over: boolean;
    try {
      over = chunk(sampled, this.host.now() + SEEK_CHUNK_MS);
    } catch (error) {
      this.cancel();
      this.host.fail(error);
      return;
    }
    if (over) {
      // Cleared before settling: the host's settle must see no jump under way.
      const { cleanup, after } = this;
      this.cleanup = null;
      this.after = null;
      this.chunk = null;
      cleanup?.();
      this.host.settle();
      after?.();
      return;
    }
    this.host.progress();
    this.timer = this.host.setTimer(() => this.runChunk(), 0);
  }
}
