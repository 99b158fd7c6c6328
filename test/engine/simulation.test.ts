import { describe, expect, it } from 'vitest';
import { BudgetExceededError, Simulation } from '../../src/engine';

/** A log of [label, time] pairs, the way SimPy's tests assert exact traces. */
function recorder(sim: Simulation): { log: [string, number][]; mark: (label: string) => () => void } {
  const log: [string, number][] = [];
  return { log, mark: (label) => () => log.push([label, sim.now]) };
}

describe('Simulation ordering', () => {
  it('runs events in time order whatever order they were scheduled in', () => {
    const sim = new Simulation();
    const { log, mark } = recorder(sim);
    sim.schedule(3, mark('c'));
    sim.schedule(1, mark('a'));
    sim.schedule(2, mark('b'));
    sim.runUntil(10);
    expect(log).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('runs events due at the same time in the order they were scheduled', () => {
    const sim = new Simulation();
    const { log, mark } = recorder(sim);
    for (const label of ['first', 'second', 'third', 'fourth']) sim.schedule(5, mark(label));
    sim.scheduleAt(5, mark('fifth'));
    sim.runUntil(5);
    expect(log.map(([label]) => label)).toEqual(['first', 'second', 'third', 'fourth', 'fifth']);
  });

  it('runs an event scheduled with delay 0 after the events already due now', () => {
    const sim = new Simulation();
    const { log, mark } = recorder(sim);
    sim.schedule(1, () => {
      log.push(['parent', sim.now]);
      sim.schedule(0, mark('child'));
    });
    sim.schedule(1, mark('sibling'));
    sim.runUntil(2);
    expect(log).toEqual([
      ['parent', 1],
      ['sibling', 1],
      ['child', 1],
    ]);
  });

  it('passes the scheduled argument to the handler', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    const handler = (arg: number): void => void seen.push(arg);
    sim.schedule(2, handler, 20);
    sim.schedule(1, handler, 10);
    sim.schedule(3, handler);
    sim.runUntil(3);
    expect(seen).toEqual([10, 20, 0]);
  });

  it('produces an exact trace for processes that reschedule themselves', () => {
    const sim = new Simulation();
    const log: [string, number][] = [];
    // A clock ticking every 2 s and a worker that takes 3 s per job, three jobs, as in SimPy's examples.
    const tick = (): void => {
      log.push(['tick', sim.now]);
      sim.schedule(2, tick);
    };
    let jobs = 0;
    const work = (): void => {
      log.push([`job ${++jobs} done`, sim.now]);
      if (jobs < 3) sim.schedule(3, work);
    };
    sim.schedule(0, tick);
    sim.schedule(3, work);
    sim.runUntil(9);
    expect(log).toEqual([
      ['tick', 0],
      ['tick', 2],
      ['job 1 done', 3],
      ['tick', 4],
      ['job 2 done', 6],
      ['tick', 6],
      ['tick', 8],
      ['job 3 done', 9],
    ]);
    expect(sim.eventsProcessed).toBe(8);
    expect(sim.nextTime).toBe(10);
  });

  it('keeps time and seq order through thousands of events (heap growth)', () => {
    const sim = new Simulation();
    const order: number[] = [];
    // 5000 events over 50 distinct times, scheduled in a scrambled order.
    const handler = (arg: number): void => void order.push(arg);
    for (let i = 0; i < 5000; i++) {
      const k = (i * 7919) % 5000;
      sim.scheduleAt(k % 50, handler, k);
    }
    sim.runUntil(100);
    const expected = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 5000).sort((a, b) => (a % 50) - (b % 50));
    expect(order).toEqual(expected);
  });
});

describe('Simulation.cancel', () => {
  it('stops a pending event from running', () => {
    const sim = new Simulation();
    const { log, mark } = recorder(sim);
    const handle = sim.schedule(1, mark('cancelled'));
    sim.schedule(2, mark('kept'));
    sim.cancel(handle);
    sim.runUntil(5);
    expect(log).toEqual([['kept', 2]]);
    expect(sim.eventsProcessed).toBe(1);
  });

  it('does nothing to an event that already ran, nor to later events', () => {
    const sim = new Simulation();
    const { log, mark } = recorder(sim);
    const handle = sim.schedule(1, mark('ran'));
    sim.runUntil(1);
    sim.cancel(handle);
    sim.schedule(1, mark('later'));
    sim.runUntil(5);
    expect(log).toEqual([
      ['ran', 1],
      ['later', 2],
    ]);
  });

  it('is harmless when called twice for the same event', () => {
    const sim = new Simulation();
    const { log, mark } = recorder(sim);
    const handle = sim.schedule(1, mark('cancelled'));
    sim.schedule(1, mark('neighbour'));
    sim.cancel(handle);
    sim.cancel(handle);
    sim.runUntil(5);
    expect(log).toEqual([['neighbour', 1]]);
  });

  it('ignores handles that were never issued', () => {
    const sim = new Simulation();
    const { log, mark } = recorder(sim);
    sim.schedule(1, mark('a'));
    sim.cancel(-1);
    sim.cancel(99);
    sim.cancel(Number.NaN);
    sim.runUntil(5);
    expect(log).toEqual([['a', 1]]);
  });

  it('lets nextTime and step skip cancelled events at the front of the agenda', () => {
    const sim = new Simulation();
    const { log, mark } = recorder(sim);
    sim.cancel(sim.schedule(1, mark('gone')));
    sim.schedule(4, mark('next'));
    expect(sim.nextTime).toBe(4);
    expect(sim.step()).toBe(true);
    expect(log).toEqual([['next', 4]]);
    expect(sim.step()).toBe(false);
  });

  it('can cancel an event from inside another event at the same time', () => {
    const sim = new Simulation();
    const { log, mark } = recorder(sim);
    let victim = -1;
    sim.schedule(1, () => {
      log.push(['killer', sim.now]);
      sim.cancel(victim);
    });
    victim = sim.schedule(1, mark('victim'));
    sim.runUntil(2);
    expect(log).toEqual([['killer', 1]]);
  });

  it('keeps memory bounded when a model cancels many timers', () => {
    const sim = new Simulation();
    let fired = 0;
    // A timeout that is re-armed (cancel + schedule) at every event, as retry timers are.
    let timer = sim.schedule(10, () => fired++);
    const rearm = (n: number): void => {
      sim.cancel(timer);
      timer = sim.schedule(10, () => fired++);
      if (n < 100_000) sim.schedule(1, rearm, n + 1);
    };
    sim.schedule(1, rearm, 1);
    sim.runUntil(200_000);
    expect(fired).toBe(1);
    expect(sim.pending).toBe(0);
  });
});

describe('Simulation.runUntil and step', () => {
  it('runs events exactly at the boundary, moves now to the boundary and leaves later events pending', () => {
    const sim = new Simulation();
    const { log, mark } = recorder(sim);
    sim.schedule(1, mark('before'));
    sim.schedule(2, mark('at'));
    sim.schedule(2.000001, mark('after'));
    sim.runUntil(2);
    expect(log).toEqual([
      ['before', 1],
      ['at', 2],
    ]);
    expect(sim.now).toBe(2);
    expect(sim.pending).toBe(1);
    expect(sim.nextTime).toBe(2.000001);
  });

  it('advances now to the boundary even when no event is due', () => {
    const sim = new Simulation();
    sim.runUntil(7.5);
    expect(sim.now).toBe(7.5);
    expect(sim.eventsProcessed).toBe(0);
  });

  it('never moves time backwards', () => {
    const sim = new Simulation();
    sim.runUntil(10);
    sim.runUntil(3);
    expect(sim.now).toBe(10);
  });

  it('runs an event that an event schedules inside the window', () => {
    const sim = new Simulation();
    const { log, mark } = recorder(sim);
    sim.schedule(1, () => sim.schedule(1, mark('spawned')));
    sim.runUntil(2);
    expect(log).toEqual([['spawned', 2]]);
  });

  it('leaves now at the last event when run to Infinity', () => {
    const sim = new Simulation();
    sim.schedule(4, () => undefined);
    sim.runUntil(Infinity);
    expect(sim.now).toBe(4);
  });

  it('step on an empty agenda returns false and leaves now unchanged', () => {
    const sim = new Simulation();
    sim.runUntil(3);
    expect(sim.step()).toBe(false);
    expect(sim.now).toBe(3);
    expect(sim.eventsProcessed).toBe(0);
  });

  it('step runs exactly one event and moves now to its time', () => {
    const sim = new Simulation();
    const { log, mark } = recorder(sim);
    sim.schedule(1, mark('a'));
    sim.schedule(1, mark('b'));
    expect(sim.step()).toBe(true);
    expect(log).toEqual([['a', 1]]);
    expect(sim.now).toBe(1);
    expect(sim.eventsProcessed).toBe(1);
  });

  it('rejects a NaN boundary', () => {
    expect(() => new Simulation().runUntil(Number.NaN)).toThrow(RangeError);
  });
});

describe('Simulation.schedule validation', () => {
  it.each([-1, -Number.MIN_VALUE, Number.NaN, Infinity])('refuses delay %s with a RangeError naming the delay', (delay) => {
    const sim = new Simulation();
    expect(() => sim.schedule(delay, () => undefined)).toThrow(/schedule delay must be a finite number >= 0/);
    expect(sim.pending).toBe(0);
  });

  it('refuses scheduleAt in the past, at NaN or at Infinity', () => {
    const sim = new Simulation();
    sim.runUntil(5);
    expect(() => sim.scheduleAt(4.9, () => undefined)).toThrow(RangeError);
    expect(() => sim.scheduleAt(Number.NaN, () => undefined)).toThrow(RangeError);
    expect(() => sim.scheduleAt(Infinity, () => undefined)).toThrow(RangeError);
    expect(() => sim.scheduleAt(5, () => undefined)).not.toThrow();
  });

  it('refuses budgets that are not positive', () => {
    expect(() => new Simulation({ maxEvents: 0 })).toThrow(/maxEvents must be > 0/);
    expect(() => new Simulation({ maxWallMs: -1 })).toThrow(/maxWallMs must be > 0/);
  });
});

describe('Simulation budgets', () => {
  /** An event that reschedules itself every second, forever. */
  function runaway(sim: Simulation): { ran: number[] } {
    const ran: number[] = [];
    const again = (): void => {
      ran.push(sim.now);
      sim.schedule(1, again);
    };
    sim.schedule(1, again);
    return { ran };
  }

  it('throws BudgetExceededError naming the event limit and the virtual time reached', () => {
    const sim = new Simulation({ maxEvents: 5 });
    const { ran } = runaway(sim);
    let error: unknown;
    try {
      sim.runUntil(Infinity);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BudgetExceededError);
    const budgetError = error as BudgetExceededError;
    expect(budgetError.budget).toBe('events');
    expect(budgetError.limit).toBe(5);
    expect(budgetError.virtualTime).toBe(5);
    expect(budgetError.message).toMatch(/budget of 5 events at virtual time 5\.000 s/);
    expect(ran).toEqual([1, 2, 3, 4, 5]);
  });

  it('stays consistent after the event budget stops it: the unrun event is still pending at its time', () => {
    const sim = new Simulation({ maxEvents: 5 });
    runaway(sim);
    expect(() => sim.runUntil(Infinity)).toThrow(BudgetExceededError);
    expect(sim.eventsProcessed).toBe(5);
    expect(sim.now).toBe(5);
    expect(sim.nextTime).toBe(6);
  });

  it('applies the event budget to step() as well', () => {
    const sim = new Simulation({ maxEvents: 2 });
    runaway(sim);
    expect(sim.step()).toBe(true);
    expect(sim.step()).toBe(true);
    expect(() => sim.step()).toThrow(BudgetExceededError);
    expect(sim.eventsProcessed).toBe(2);
  });

  it('trips the wall-clock budget using the injected clock', () => {
    let wall = 0;
    const sim = new Simulation({ maxWallMs: 1000, wallClock: () => wall });
    // Each event "costs" 1 ms of fake wall time.
    const again = (): void => {
      wall += 1;
      sim.schedule(1, again);
    };
    sim.schedule(1, again);
    let error: unknown;
    try {
      sim.runUntil(Infinity);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as BudgetExceededError).budget).toBe('wall-clock');
    expect((error as BudgetExceededError).limit).toBe(1000);
    // The clock is read every few thousand events, so it trips at the first check past 1000 ms, not later.
    expect(sim.eventsProcessed).toBeGreaterThan(1000);
    expect(sim.eventsProcessed).toBeLessThanOrEqual(4096);
  });

  it('does not count wall time spent between calls (a paused host) against the budget', () => {
    let wall = 0;
    const sim = new Simulation({ maxWallMs: 1000, wallClock: () => wall });
    const again = (): void => {
      sim.schedule(0.001, again);
    };
    sim.schedule(0.001, again);
    for (let chunk = 1; chunk <= 10; chunk++) {
      wall += 10_000; // ten seconds pass while the host is paused
      expect(() => sim.runUntil(chunk * 10)).not.toThrow();
    }
    expect(sim.eventsProcessed).toBeGreaterThan(4096 * 10);
  });
});

describe('Simulation.runEvents', () => {
  it('runs at most the given number of due events, leaves the clock at the last one run, and says how many ran', () => {
    const sim = new Simulation();
    const ran: number[] = [];
    for (const t of [1, 2, 3, 4, 9]) sim.schedule(t, (at) => ran.push(at), t);
    expect(sim.runEvents(5, 2)).toBe(2);
    expect(ran).toEqual([1, 2]);
    expect(sim.now).toBe(2);
    expect(sim.runEvents(5, 10)).toBe(2);
    expect(ran).toEqual([1, 2, 3, 4]);
    expect(sim.now).toBe(4);
    expect(sim.runEvents(5, 10)).toBe(0);
  });
});
