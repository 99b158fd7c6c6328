import { describe, expect, it } from 'vitest';
import { RandomSource, Simulation } from '../../../src/engine';
import { CircuitBreaker, createModelContext, type CircuitBreakerOptions, type CircuitState } from '../../../src/model';

const OPTIONS: CircuitBreakerOptions = {
  failureRate: 0.5,
  slowCallSeconds: Infinity,
  slowCallRate: 1,
  windowSeconds: 10,
  minCalls: 4,
  openSeconds: 30,
  halfOpenProbes: 2,
};

/** A breaker on a real simulation; `changes` lists every state change with the virtual time it happened. */
function setup(overrides: Partial<CircuitBreakerOptions> = {}) {
  const sim = new Simulation();
  const ctx = createModelContext(sim, new RandomSource(1));
  const changes: [CircuitState, number][] = [];
  const breaker = new CircuitBreaker(ctx, { ...OPTIONS, ...overrides }, (state) => changes.push([state, sim.now]));
  /** One call through the breaker: allowed, then recorded. */
  const call = (ok: boolean, seconds = 0.1): void => {
    expect(breaker.allow()).toBe(true);
    breaker.record(ok, seconds);
  };
  return { sim, breaker, changes, call };
}

describe('CircuitBreaker while closed', () => {
  it('stays closed below minCalls even when every call fails', () => {
    const { breaker, changes, call } = setup();
    for (let i = 0; i < 3; i++) call(false);
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual([]);
  });

  it('opens on the call that brings the window to minCalls with the failure rate reached (2 of 4 at 0.5)', () => {
    const { breaker, changes, call } = setup();
    call(true);
    call(true);
    call(false);
    expect(breaker.state).toBe('closed');
    call(false);
    expect(breaker.state).toBe('open');
    expect(changes).toEqual([['open', 0]]);
  });

  it('stays closed while the failure share is below the rate, and opens when it reaches it', () => {
    const { breaker, call } = setup();
    call(true);
    call(true);
    call(true);
    call(false); // 1 of 4
    call(false); // 2 of 5 < 2.5
    expect(breaker.state).toBe('closed');
    call(false); // 3 of 6
    expect(breaker.state).toBe('open');
  });

  it('judges only the calls inside the window: old failures slide out', () => {
    const { sim, breaker, call } = setup();
    call(false);
    call(false);
    call(false);
    sim.runUntil(10); // the three failures of bucket [0, 1) leave at t = 10
    call(false);
    call(true);
    call(true);
    expect(breaker.state).toBe('closed'); // 3 calls in the window < minCalls
    call(true); // 1 failure of 4
    expect(breaker.state).toBe('closed');
  });

  it('opens on slow calls when their share reaches slowCallRate, though every call succeeded', () => {
    const { breaker, changes, call } = setup({ slowCallSeconds: 2, slowCallRate: 0.5 });
    call(true, 3);
    call(true, 1);
    call(true, 2); // exactly slowCallSeconds is not slow
    expect(breaker.state).toBe('closed');
    call(true, 2.5); // 2 slow of 4
    expect(breaker.state).toBe('open');
    expect(changes).toEqual([['open', 0]]);
  });
});

describe('CircuitBreaker open and half-open', () => {
  /** Opens the breaker at t = 5 with four failures. */
  function opened(overrides: Partial<CircuitBreakerOptions> = {}) {
    const s = setup(overrides);
    s.sim.runUntil(5);
    for (let i = 0; i < 4; i++) s.call(false);
    expect(s.breaker.state).toBe('open');
    return s;
  }

  it('refuses every call while open, and ignores outcomes of calls that started before it opened', () => {
    const { breaker, sim } = opened();
    sim.runUntil(20);
    expect([breaker.allow(), breaker.allow(), breaker.allow()]).toEqual([false, false, false]);
    breaker.record(true, 0.1);
    breaker.record(true, 0.1);
    expect(breaker.state).toBe('open');
  });

  it('moves to half-open exactly openSeconds after opening, by its own timer', () => {
    const { breaker, sim, changes } = opened();
    sim.runUntil(34.999);
    expect(breaker.state).toBe('open');
    sim.runUntil(35);
    expect(breaker.state).toBe('half-open');
    expect(changes).toEqual([
      ['open', 5],
      ['half-open', 35],
    ]);
  });

  it('lets exactly halfOpenProbes calls through while half-open', () => {
    const { breaker, sim } = opened();
    sim.runUntil(35);
    expect([breaker.allow(), breaker.allow(), breaker.allow()]).toEqual([true, true, false]);
  });

  it('closes after halfOpenProbes successful probes, with a fresh window', () => {
    const { breaker, sim, changes, call } = opened();
    sim.runUntil(35);
    call(true);
    expect(breaker.state).toBe('half-open');
    call(true);
    expect(breaker.state).toBe('closed');
    // The window restarted empty: three failures right away are below minCalls.
    call(false);
    call(false);
    call(false);
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual([
      ['open', 5],
      ['half-open', 35],
      ['closed', 35],
    ]);
  });

  it('reopens on a failed probe, and half-opens again openSeconds later', () => {
    const { breaker, sim, changes, call } = opened();
    sim.runUntil(35);
    call(true);
    sim.runUntil(36);
    call(false);
    expect(breaker.state).toBe('open');
    expect(breaker.allow()).toBe(false);
    sim.runUntil(65.9);
    expect(breaker.state).toBe('open');
    sim.runUntil(66);
    expect(breaker.state).toBe('half-open');
    call(true);
    call(true);
    expect(changes).toEqual([
      ['open', 5],
      ['half-open', 35],
      ['open', 36],
      ['half-open', 66],
      ['closed', 66],
    ]);
  });

  it('reopens on a slow probe', () => {
    const { breaker, sim, call } = opened({ slowCallSeconds: 1 });
    sim.runUntil(35);
    call(true, 1.5);
    expect(breaker.state).toBe('open');
  });

  it('gives a half-open probe slot back when the probe is abandoned without an outcome, so the next call probes', () => {
    const { breaker, sim, changes, call } = opened({ halfOpenProbes: 1 });
    sim.runUntil(35);
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(false);
    breaker.abandon(); // the probe's instance crashed
    call(true);
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual([
      ['open', 5],
      ['half-open', 35],
      ['closed', 35],
    ]);
  });

  it('ignores an abandoned call while closed or open, and never hands out more probe slots than were taken', () => {
    const { breaker, sim } = opened({ halfOpenProbes: 1 });
    breaker.abandon(); // open: nothing to give back
    sim.runUntil(35);
    breaker.abandon(); // half-open, no probe out yet
    expect([breaker.allow(), breaker.allow()]).toEqual([true, false]);
    breaker.record(true, 0.1);
    expect(breaker.state).toBe('closed');
    breaker.abandon();
    expect(breaker.state).toBe('closed');
  });

  it('schedules exactly one half-open timer per opening: nothing else is left on the agenda', () => {
    const { sim } = opened();
    expect(sim.pending).toBe(1);
    sim.runUntil(35);
    expect(sim.pending).toBe(0);
  });
});

describe('CircuitBreaker validation', () => {
  const ctx = () => createModelContext(new Simulation(), new RandomSource(1));
  const make = (overrides: Partial<CircuitBreakerOptions>) => () => new CircuitBreaker(ctx(), { ...OPTIONS, ...overrides }, () => undefined);

  it('refuses out-of-range options with a RangeError naming the option', () => {
    expect(make({ failureRate: 0 })).toThrow(new RangeError('breaker.failureRate must be a share in (0, 1], got 0'));
    expect(make({ slowCallRate: 1.5 })).toThrow(new RangeError('breaker.slowCallRate must be a share in (0, 1], got 1.5'));
    expect(make({ slowCallSeconds: 0 })).toThrow(new RangeError('breaker.slowCallSeconds must be a number of seconds > 0, got 0'));
    expect(make({ minCalls: 0 })).toThrow(new RangeError('breaker.minCalls must be a whole number >= 1, got 0'));
    expect(make({ minCalls: 2.5 })).toThrow(/breaker\.minCalls/);
    expect(make({ openSeconds: Infinity })).toThrow(new RangeError('breaker.openSeconds must be a finite number of seconds > 0, got Infinity'));
    expect(make({ halfOpenProbes: 0 })).toThrow(new RangeError('breaker.halfOpenProbes must be a whole number >= 1, got 0'));
    expect(make({ windowSeconds: 0 })).toThrow(RangeError);
  });
});
