import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { progressLine, runToEnd } from '../../src/cli/progress';
import { BudgetExceededError } from '../../src/engine';
import { Run, runScenario } from '../../src/runtime';
import { loadScenarioText, type Scenario } from '../../src/scenario';

function checkoutBurst(overrides: string[] = []): Scenario {
  const result = loadScenarioText(readFileSync(new URL('../../scenarios/checkout-burst.json', import.meta.url), 'utf8'), overrides);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.scenario;
}

/** A wall clock that moves `stepMs` each time it is read, so "a long run" takes no real time. */
function fakeClock(stepMs: number): () => number {
  let now = 0;
  return () => (now += stepMs);
}

function recordingTerminal(columns = 100): { write: (text: string) => void; columns: number; writes: string[] } {
  const writes: string[] = [];
  return { write: (text) => void writes.push(text), columns, writes };
}

describe('progressLine', () => {
  it('draws a bar with the share of virtual time done, the time and the event rate', () => {
    expect(progressLine({ time: 15, duration: 60, eventsPerSecond: 1_250_000 }, 100)).toBe(
      '[########......................]  25% 15.00/60 s virtual · 1.25M events/s',
    );
  });

  it('drops the bar, then cuts the text, to fit a narrow terminal', () => {
    expect(progressLine({ time: 60, duration: 60, eventsPerSecond: 10 }, 40)).toBe('100% 60.00/60 s virtual · 10 events/s');
    expect(progressLine({ time: 60, duration: 60, eventsPerSecond: 10 }, 11)).toBe('100% 60.00');
  });
});

describe('runToEnd', () => {
  it('draws nothing without a terminal and nothing during the first second', () => {
    const terminal = recordingTerminal();
    const run = new Run(checkoutBurst());
    runToEnd(run, { clock: fakeClock(0.5), terminal });
    expect(run.done).toBe(true);
    expect(terminal.writes).toEqual([]);
  });

  it('redraws one line on a terminal once the run has lasted a second, then erases it', () => {
    const terminal = recordingTerminal();
    const run = new Run(checkoutBurst());
    runToEnd(run, { clock: fakeClock(50), terminal });
    expect(run.done).toBe(true);
    const draws = terminal.writes.slice(0, -1);
    expect(draws.length).toBeGreaterThan(10);
    const ERASE_TO_END = '\x1b[K';
    for (const draw of draws) {
      expect(draw.endsWith(ERASE_TO_END)).toBe(true);
      expect(draw.slice(0, -ERASE_TO_END.length)).toMatch(/^\r\[[#.]+\] +\d+% [\d.]+\/60 s virtual · [\d.]+[kM]? events\/s$/);
    }
    expect(terminal.writes.at(-1)).toBe('\r\x1b[2K');
  });

  it('gives the same run as advancing in one piece', () => {
    const sliced = new Run(checkoutBurst());
    runToEnd(sliced, { clock: fakeClock(50), terminal: recordingTerminal() });
    const whole = runScenario(checkoutBurst());
    expect(sliced.report().traceHash).toBe(whole.traceHash);
    expect(sliced.report().events).toBe(whole.events);
  });

  it('erases the bar and lets the error through when a budget stops the run', () => {
    const terminal = recordingTerminal();
    const run = new Run(checkoutBurst(['limits.maxEvents=100']));
    expect(() => runToEnd(run, { clock: fakeClock(200), terminal })).toThrow(BudgetExceededError);
    expect(terminal.writes.length).toBeGreaterThan(1);
    expect(terminal.writes.at(-1)).toBe('\r\x1b[2K');
  });
});
