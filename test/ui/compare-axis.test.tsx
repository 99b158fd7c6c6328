import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadScenarioText, type Scenario } from '../../src/scenario';
import { createTimeChart } from '../../src/ui/charts';
import { depthSpec } from '../../src/ui/charts/depth-spec';

function scenario(name: string): Scenario {
  const result = loadScenarioText(readFileSync(resolve('scenarios', name), 'utf8'));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.scenario;
}

describe('a chart on a shared time axis (compare mode)', () => {
  let el: HTMLElement;
  let frames: FrameRequestCallback[] = [];
  /** Runs the drawing the chart asked for, as the next animation frame would. */
  const nextFrame = () => {
    const due = frames;
    frames = [];
    for (const draw of due) draw(0);
  };

  beforeEach(() => {
    // jsdom lays nothing out and paints no frames: give the plot a size, and run the frames by hand.
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(300);
    vi.stubGlobal('requestAnimationFrame', (draw: FrameRequestCallback) => frames.push(draw));
    el = document.createElement('div');
    document.body.append(el);
  });

  afterEach(() => {
    el.remove();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  const lastTick = () => {
    nextFrame();
    return [...el.querySelectorAll('.axis-x .tick text')].at(-1)?.textContent;
  };

  it('runs the time axis to the longer run’s end when told, and back to its own duration when released', () => {
    const chart = createTimeChart(el, depthSpec);
    // checkout-burst lasts 60 s.
    chart.load({ runId: 1, scenario: scenario('checkout-burst.json'), interval: 1, markers: [] });
    expect(lastTick()).toBe('60');
    chart.setTimeAxis(120);
    expect(lastTick()).toBe('120');
    // Never shorter than the run itself.
    chart.setTimeAxis(30);
    expect(lastTick()).toBe('60');
    chart.setTimeAxis(null);
    expect(lastTick()).toBe('60');
    chart.destroy();
  });
});
