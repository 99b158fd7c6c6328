import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explain } from '../../src/runtime/explain';
import { validateScenario, type Scenario } from '../../src/scenario';
import { WhyPanel } from '../../src/ui/components/WhyPanel';
import { DotRing } from '../../src/ui/topology/dot-ring';
import { pickDot } from '../../src/ui/topology/motion';
import type { FakeClient } from './fake-runtime';
import { mountLab, type MountedLab } from './mount-lab';

const DATA = {
  version: 1,
  name: 'Why <b>not</b>',
  duration: 20,
  producers: [{ id: 'shop', target: 'orders', bursts: [{ at: 1, count: 3 }] }],
  brokers: [{ id: 'orders', kind: 'queue' }],
  consumers: [{ id: 'billing', reads: 'orders', instances: 2, processing: { type: 'constant', value: 1 } }],
};

function scenario(): Scenario {
  const result = validateScenario(DATA);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.scenario;
}

describe('the "why" panel', () => {
  let mounted: MountedLab;
  let container: HTMLDivElement;
  let client: FakeClient;

  beforeEach(async () => {
    mounted = await mountLab(<WhyPanel />);
    ({ container, client } = mounted);
    const frame = { time: 20, events: 0, done: false, brokers: {}, producers: {}, groups: {} };
    await act(async () => client.reply({ type: 'loaded', runId: 1, scenario: scenario(), seed: 1, sampleInterval: 1, frame }));
  });

  afterEach(async () => {
    await mounted.unmount();
  });

  const ask = async (text: string) => {
    const input = container.querySelector('input')!;
    await act(async () => {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setter.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => container.querySelector('form')!.requestSubmit());
  };

  it('asks the worker about a message by its number, then lists its story as sentences', async () => {
    await ask('m2');
    expect(client.sent.at(-1)).toEqual({ type: 'explain', target: { kind: 'message', id: 2 } });
    expect(container.textContent).toContain('Looking it up…');
    await act(async () => client.reply({ type: 'explanation', runId: 1, explanation: explain(scenario(), 1, 20, { kind: 'message', id: 2 }) }));
    const items = [...container.querySelectorAll('[data-testid="why-history"] li')].map((li) => li.textContent);
    expect(items[0]).toBe('1.00 s published by shop to orders');
    expect(items.at(-1)).toMatch(/acknowledged by billing#\d/);
  });

  it('refuses a message number that is not a whole number from 1, saying what would do', async () => {
    await ask('-4');
    expect(client.sent.some((m) => m.type === 'explain')).toBe(false);
    expect(container.querySelector('[role="alert"]')?.textContent).toMatch(/whole number from 1/);
  });

  it('offers every consumer instance to ask about', () => {
    expect([...container.querySelectorAll('option')].map((o) => o.value)).toEqual(['', 'billing#1', 'billing#2']);
  });
});

describe('picking a dot on the canvas', () => {
  it('finds the message of the dot nearest to the click, within the radius, and nothing further away', () => {
    const dots = new DotRing(8);
    dots.spawn(0, 0, 100, 0, 0, 1000, 0, 7);
    dots.spawn(0, 50, 100, 50, 0, 1000, 0, 9);
    // Halfway through, the first dot is at (50, 0), the second at (50, 50).
    expect(pickDot(dots, 500, 52, 3, 12)).toBe(7);
    expect(pickDot(dots, 500, 49, 47, 12)).toBe(9);
    expect(pickDot(dots, 500, 50, 25, 12)).toBe(0);
    expect(pickDot(dots, 1500, 100, 0, 12)).toBe(0);
  });
});
