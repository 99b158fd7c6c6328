import type { Distribution, RandomStream } from '../engine';
import type { Dependency } from './dependency';

/**
 * Handler styles: a consumer's work on one message as a list of downstream calls (an HTTP request,
 * a database query, a sleep), each with its own latency, instead of one processing-time draw.
 *
 * - sequential: the calls run one after another and the message holds its worker slot for the sum
 *   (synchronous code, or async code that awaits each call in turn);
 * - concurrent: the calls all start at once and the handler ends when the last one returns (await all),
 *   so it holds its slot for the longest.
 *
 * A call marked `blocking` is synchronous work on the instance's event loop (requests.get or
 * time.sleep inside an async handler): an async instance with concurrency N is one loop running N
 * handlers, and while a blocking call runs none of the others can take a step.
 *
 * The model of the loop (the simplification): the loop is a first-come-first-served server of
 * handler steps. A step is the start of a handler, its resumption after a non-blocking call returns,
 * or its completion (the ack). A step that becomes ready at time t runs at max(t, loop free time). A
 * blocking call occupies the loop for its latency and the handler runs on without yielding, so a run
 * of blocking calls is one occupation; a non-blocking call is a wait that occupies nothing and
 * overlaps freely with everything else. Steps take no loop time themselves (the CPU cost of a
 * handler is modelled only by its blocking calls). Steps queue for the loop in the order they become
 * ready, which is the engine's event order, so the loop is never reserved out of order.
 *
 * A handler without blocking calls never touches the loop: its time is one draw (the sum or the max
 * of the latencies), so it costs one event per message, like plain `processing`.
 */

export type HandlerStyle = 'sequential' | 'concurrent';

export const HANDLER_STYLES: readonly HandlerStyle[] = ['sequential', 'concurrent'];

/** One downstream call of a handler. */
export interface HandlerCall {
  /** Names the call in errors and in the scenario, e.g. "payments-api". */
  readonly name: string;
  /** How long the call takes, in virtual seconds. */
  readonly latency: Distribution;
  /** Synchronous work that holds the instance's event loop while it runs; default false (an awaited wait). */
  readonly blocking?: boolean | undefined;
  /** The downstream service it calls: while that is down, the call hangs for the dependency's timeout and fails. */
  readonly dependency?: Dependency | undefined;
}

export interface HandlerSpec {
  readonly style: HandlerStyle;
  /** At least one call; in a sequential handler, in the order they run. */
  readonly calls: readonly HandlerCall[];
}

/** Where one message's handler stands; the consumer keeps it in the worker that runs the message. */
export interface HandlerProgress {
  /**
   * The next call to start (0 … calls − 1), or `calls` once every call has returned and only the
   * completion is left, which must wait for the loop, or HANDLER_DONE: the handler ends at the
   * wake-up `advance` returned, holding the loop (or after waiting for it), and needs no further step.
   */
  step: number;
  /** Set to FAULT_OUTAGE when a call failed because its dependency was down (the handler stops there); else left alone. */
  fault: number;
}

/** HandlerProgress.fault: no call failed. */
export const FAULT_NONE = 0;
/** HandlerProgress.fault: a call's dependency was down, the call timed out and the handler failed. */
export const FAULT_OUTAGE = 1;

/** The event loop of one consumer instance. */
export interface EventLoop {
  /** Virtual time at which the loop is free: the end of the last blocking occupation granted. */
  loopFreeAt: number;
}

export const HANDLER_DONE = -1;

/**
 * A handler spec compiled once: latencies in an array and blocking flags in a typed array, so running
 * it allocates nothing. One program serves every message of a group; the per-message state lives in
 * a HandlerProgress and the per-instance state in an EventLoop.
 */
export class HandlerProgram {
  readonly style: HandlerStyle;
  readonly names: readonly string[];
  /** True if some call blocks: then messages run step by step through `advance`; otherwise `duration` gives the whole time at once. */
  readonly usesLoop: boolean;
  private readonly latencies: readonly Distribution[];
  private readonly dependencies: readonly (Dependency | undefined)[];
  /** True if some call has a dependency, so call start times must be checked against its outages. */
  private readonly hasDependencies: boolean;
  private readonly blocking: Uint8Array;
  private readonly count: number;

  constructor(spec: HandlerSpec) {
    if (!HANDLER_STYLES.includes(spec.style)) {
      throw new RangeError(`handler style must be one of ${HANDLER_STYLES.join(', ')}, got ${JSON.stringify(spec.style)}`);
    }
    if (spec.calls.length === 0) throw new RangeError('handler calls must list at least one call, got none');
    this.style = spec.style;
    this.count = spec.calls.length;
    this.names = spec.calls.map((call) => call.name);
    this.latencies = spec.calls.map((call) => call.latency);
    this.dependencies = spec.calls.map((call) => call.dependency);
    this.hasDependencies = this.dependencies.some((dependency) => dependency !== undefined);
    this.blocking = Uint8Array.from(spec.calls, (call) => (call.blocking === true ? 1 : 0));
    this.usesLoop = this.blocking.includes(1);
  }

  /** The number of calls. */
  get calls(): number {
    return this.count;
  }

  /**
   * The whole handler time of a program without blocking calls, for a message starting at `start`: the
   * sum (sequential) or the max (concurrent) of one draw per call. A call whose dependency is down when
   * it starts takes the dependency's timeout and fails: a sequential handler stops there, an await-all
   * ends when the first failing call gives up. `progress.fault` says so.
   */
  duration(rng: RandomStream, start = 0, progress?: HandlerProgress): number {
    let total = 0;
    const sequential = this.style === 'sequential';
    let failedAt = Infinity;
    for (let i = 0; i < this.count; i++) {
      const latency = this.latencies[i]!.sample(rng);
      if (this.hasDependencies && this.callDown(i, sequential ? start + total : start)) {
        const timeout = this.dependencies[i]!.timeout;
        if (progress !== undefined) progress.fault = FAULT_OUTAGE;
        if (sequential) return total + timeout;
        failedAt = Math.min(failedAt, timeout);
        continue;
      }
      total = sequential ? total + latency : Math.max(total, latency);
    }
    return Math.min(total, failedAt);
  }

  /** Whether call `i`, starting at `t`, hits its dependency while that is down. */
  private callDown(i: number, t: number): boolean {
    const dependency = this.dependencies[i];
    return dependency !== undefined && dependency.isDown(t);
  }

  /** Call `i`'s latency when it starts at `t`: its dependency's timeout (and a fault) if that is down. */
  private callLatency(i: number, t: number, progress: HandlerProgress, rng: RandomStream): number {
    // The draw is taken either way, so an outage does not shift the draws of later calls.
    const latency = this.latencies[i]!.sample(rng);
    if (!this.callDown(i, t)) return latency;
    progress.fault = FAULT_OUTAGE;
    return this.dependencies[i]!.timeout;
  }

  /**
   * Runs the step of `progress` that became ready at `now` on `loop` as far as it goes without
   * waiting, and returns the virtual time (>= now) of the next wake-up: a non-blocking call's return,
   * the end of an await-all, or the completion. Updates `progress.step` and, for blocking calls,
   * `loop.loopFreeAt`. Start a message with `progress.step = 0`; once `progress.step` is HANDLER_DONE
   * the message is finished at the returned time.
   */
  advance(progress: HandlerProgress, loop: EventLoop, now: number, rng: RandomStream): number {
    const t = Math.max(now, loop.loopFreeAt);
    if (progress.step === this.count) {
      // Every call returned; the completion runs when the loop lets it.
      progress.step = HANDLER_DONE;
      return t;
    }
    return this.style === 'sequential' ? this.advanceSequential(progress, loop, t, rng) : this.startConcurrent(progress, loop, t, rng);
  }

  private advanceSequential(progress: HandlerProgress, loop: EventLoop, start: number, rng: RandomStream): number {
    let t = start;
    let i = progress.step;
    // Consecutive blocking calls run back to back without giving the loop up; a failed one ends the handler.
    while (i < this.count && this.blocking[i] === 1 && progress.fault === FAULT_NONE) t += this.callLatency(i++, t, progress, rng);
    if (i > progress.step) loop.loopFreeAt = t;
    if (i === this.count || progress.fault !== FAULT_NONE) {
      progress.step = HANDLER_DONE;
      return t;
    }
    // Call i is a wait: it starts now, on the loop's time, and the handler resumes when it returns (or
    // when it gives up on a dead dependency, after which nothing more is called).
    const end = t + this.callLatency(i, t, progress, rng);
    progress.step = progress.fault !== FAULT_NONE ? this.count : i + 1;
    return end;
  }

  /** Issues every call in list order: blocking ones hold the loop in turn, non-blocking ones start at the moment they are issued. */
  private startConcurrent(progress: HandlerProgress, loop: EventLoop, start: number, rng: RandomStream): number {
    let t = start;
    let end = start;
    let blocked = false;
    let failedAt = Infinity;
    for (let i = 0; i < this.count; i++) {
      const fails = this.callDown(i, t);
      const latency = this.callLatency(i, t, progress, rng);
      if (this.blocking[i] === 1) {
        t += latency;
        blocked = true;
        end = Math.max(end, t);
        if (fails) failedAt = Math.min(failedAt, t);
      } else {
        end = Math.max(end, t + latency);
        if (fails) failedAt = Math.min(failedAt, t + latency);
      }
    }
    if (blocked) loop.loopFreeAt = t;
    // An await-all that failed ends when its first failing call gives up (the loop may still be held).
    if (failedAt < end) end = Math.max(failedAt, start);
    // If the last blocking call is also the last to finish, the handler still holds the loop and completes then.
    progress.step = blocked && end === t ? HANDLER_DONE : this.count;
    return end;
  }
}
