import { BudgetExceededError, DEFAULT_MAX_EVENTS, type RunBudget } from './budget';
import { EventQueue, type EventHandler } from './event-queue';

/** Identifies a scheduled event so that it can be cancelled. */
export type EventHandle = number;

/** How often (in events) the wall clock is consulted; reading it every event would dominate the loop. */
const WALL_CHECK_INTERVAL = 4096;

/**
 * The discrete-event kernel: virtual time and an agenda of events ordered by (time, seq).
 *
 * Handlers take one numeric argument so that models can schedule a bound method with an index
 * (a slot, a message number) instead of allocating a closure per event.
 */
export class Simulation {
  private current = 0;
  private nextSeq = 0;
  private processed = 0;
  private readonly agenda = new EventQueue();
  private readonly cancelled = new Set<number>();
  private readonly maxEvents: number;
  private readonly maxWallMs: number;
  private readonly wallClock: (() => number) | undefined;
  /** Wall milliseconds spent inside runUntil/step so far; paused time in a host does not count. */
  private wallSpent = 0;
  private callStart = NaN;

  constructor(budget: RunBudget = {}) {
    this.maxEvents = budget.maxEvents ?? DEFAULT_MAX_EVENTS;
    this.maxWallMs = budget.maxWallMs ?? Infinity;
    this.wallClock = budget.wallClock;
    if (!(this.maxEvents > 0)) throw new RangeError(`maxEvents must be > 0, got ${this.maxEvents}`);
    if (!(this.maxWallMs > 0)) throw new RangeError(`maxWallMs must be > 0, got ${this.maxWallMs}`);
  }

  /** Current virtual time in seconds. */
  get now(): number {
    return this.current;
  }

  /** Events run so far (cancelled ones are not counted). */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Events waiting in the agenda, including cancelled ones not yet discarded. */
  get pending(): number {
    return this.agenda.size;
  }

  /** Time of the next event that will run, or +Infinity if none. */
  get nextTime(): number {
    this.discardCancelledHead();
    return this.agenda.peekTime();
  }

  /** Runs `handler(arg)` after `delay` virtual seconds (0 means "now, after what is already due now"). */
  schedule(delay: number, handler: EventHandler, arg = 0): EventHandle {
    if (!(delay >= 0) || delay === Infinity) {
      throw new RangeError(`schedule delay must be a finite number >= 0, got ${delay}`);
    }
    const seq = this.nextSeq++;
    this.agenda.push(this.current + delay, seq, handler, arg);
    return seq;
  }

  /** Runs `handler(arg)` at absolute virtual time `time`, which must not be in the past. */
  scheduleAt(time: number, handler: EventHandler, arg = 0): EventHandle {
    if (!(time >= this.current) || time === Infinity) {
      throw new RangeError(`scheduleAt time must be finite and >= now (${this.current}), got ${time}`);
    }
    const seq = this.nextSeq++;
    this.agenda.push(time, seq, handler, arg);
    return seq;
  }

  /**
   * Cancels a pending event. Cancelling one that already ran, or was already cancelled, does nothing.
   * Cancellation is lazy: the event stays in the agenda and is skipped when it reaches the front.
   */
  cancel(handle: EventHandle): void {
    if (!(handle >= 0 && handle < this.nextSeq)) return;
    this.cancelled.add(handle);
    // Handles of events that already ran would otherwise pile up: once the set outgrows the agenda,
    // keep only the handles still waiting in it.
    if (this.cancelled.size > 2 * this.agenda.size + 64) this.pruneCancelled();
  }

  /** Runs the next event, if any. Returns false when the agenda is empty. */
  step(): boolean {
    this.discardCancelledHead();
    const agenda = this.agenda;
    if (agenda.size === 0) return false;
    const handler = agenda.peekHandler()!;
    const arg = agenda.peekArg();
    this.startWallClock();
    try {
      // Count before taking the event, so a budget error leaves it pending and `now` at the last event run.
      this.countEvent();
      this.current = agenda.peekTime();
      agenda.pop();
      handler(arg);
    } finally {
      this.stopWallClock();
    }
    return true;
  }

  /**
   * Runs every event with time <= `until`, then advances `now` to `until`.
   * Throws BudgetExceededError when the event or wall-clock budget runs out.
   */
  runUntil(until: number): void {
    if (Number.isNaN(until)) throw new RangeError('runUntil needs a time, got NaN');
    const agenda = this.agenda;
    const cancelled = this.cancelled;
    this.startWallClock();
    try {
      this.runDue(until, Infinity, agenda, cancelled);
    } finally {
      this.stopWallClock();
    }
    if (until > this.current && until !== Infinity) this.current = until;
  }

  /**
   * Runs at most `maxEvents` of the events with time <= `until` and returns how many ran; unlike
   * runUntil it leaves `now` at the last event run. A host that must look at its own clock between
   * pieces of work runs batches this way rather than step by step (each call reads the wall clock,
   * when there is one, twice).
   */
  runEvents(until: number, maxEvents: number): number {
    if (Number.isNaN(until)) throw new RangeError('runEvents needs a time, got NaN');
    const before = this.processed;
    this.startWallClock();
    try {
      this.runDue(until, maxEvents, this.agenda, this.cancelled);
    } finally {
      this.stopWallClock();
    }
    return this.processed - before;
  }

  private runDue(until: number, maxEvents: number, agenda: EventQueue, cancelled: Set<number>): void {
    let ran = 0;
    for (;;) {
      if (agenda.size === 0 || ran >= maxEvents) break;
      const time = agenda.peekTime();
      if (time > until) break;
      if (cancelled.size > 0 && cancelled.delete(agenda.peekSeq())) {
        agenda.pop();
        continue;
      }
      const handler = agenda.peekHandler()!;
      const arg = agenda.peekArg();
      // Count before taking the event, so a budget error leaves it pending and `now` at the last event run.
      this.countEvent();
      this.current = time;
      agenda.pop();
      handler(arg);
      ran++;
    }
  }

  private countEvent(): void {
    const n = ++this.processed;
    if (n > this.maxEvents) {
      this.processed--;
      throw new BudgetExceededError('events', this.maxEvents, this.current);
    }
    if (this.wallClock !== undefined && n % WALL_CHECK_INTERVAL === 0) this.checkWallClock();
  }

  private startWallClock(): void {
    if (this.wallClock !== undefined) this.callStart = this.wallClock();
  }

  private stopWallClock(): void {
    if (this.wallClock !== undefined) this.wallSpent += this.wallClock() - this.callStart;
  }

  private checkWallClock(): void {
    if (this.wallSpent + this.wallClock!() - this.callStart > this.maxWallMs) {
      throw new BudgetExceededError('wall-clock', this.maxWallMs, this.current);
    }
  }

  private pruneCancelled(): void {
    const waiting = new Set<number>();
    this.agenda.forEachSeq((seq) => {
      if (this.cancelled.has(seq)) waiting.add(seq);
    });
    this.cancelled.clear();
    for (const seq of waiting) this.cancelled.add(seq);
  }

  private discardCancelledHead(): void {
    const agenda = this.agenda;
    while (agenda.size > 0 && this.cancelled.size > 0 && this.cancelled.delete(agenda.peekSeq())) agenda.pop();
  }
}
