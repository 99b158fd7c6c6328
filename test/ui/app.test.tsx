import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario';
import { App } from '../../src/ui/App';
import type { FakeClient } from './fake-runtime';
import { mountLab, type MountedLab } from './mount-lab';

const TEXT = JSON.stringify({
  version: 1,
  name: 'Tiny queue',
  description: 'One producer, one queue, one consumer.',
  duration: 20,
  producers: [{ id: 'shop', target: 'jobs', bursts: [{ at: 5, count: 30 }] }],
  brokers: [{ id: 'jobs', kind: 'queue' }],
  consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 1 } }],
});

describe('the lab page', () => {
  let mounted: MountedLab;
  let container: HTMLDivElement;
  let client: FakeClient;

  beforeEach(async () => {
    mounted = await mountLab(<App initialScenario={TEXT} />, { listen: false });
    ({ container, client } = mounted);
  });

  afterEach(async () => {
    await mounted.unmount();
  });

  const loaded = async () => {
    const result = validateScenario(JSON.parse(TEXT));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const frame = { time: 0, events: 0, done: false, brokers: { jobs: { depth: 0, inflight: 0 } }, producers: { shop: { published: 0, rejected: 0 } }, groups: { workers: { delivered: 0, acked: 0 } } };
    await act(async () => {
      client.reply({ type: 'loaded', runId: 1, scenario: result.scenario, seed: 1, sampleInterval: 0.25, frame });
      client.reply({ type: 'frame', runId: 1, playback: 'paused', speed: 2, frame, samples: [{ time: 0, brokers: frame.brokers }] });
    });
  };

  const button = (name: string) => [...container.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);

  it('asks the runtime for its scenario on mount and shows its name and description once loaded', async () => {
    expect(client.sent[0]).toEqual({ type: 'load', text: TEXT });
    expect(button('Play')?.disabled).toBe(true);
    await loaded();
    expect(container.querySelector('h1')?.textContent).toBe('Tiny queue');
    expect(container.textContent).toContain('One producer, one queue, one consumer.');
    expect(button('Play')?.disabled).toBe(false);
    expect(container.querySelector('svg[role="img"]')?.getAttribute('aria-label')).toMatch(/Queue depth/);
  });

  it('sends play when the space bar is pressed on the page', async () => {
    await loaded();
    await act(async () => {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    });
    expect(client.sent.at(-1)).toEqual({ type: 'play' });
  });

  it('shows the live counters of the latest frame', async () => {
    await loaded();
    const frame = { time: 7.25, events: 40, done: false, brokers: { jobs: { depth: 27, inflight: 1 } }, producers: { shop: { published: 30, rejected: 0 } }, groups: { workers: { delivered: 3, acked: 2 } } };
    await act(async () => client.reply({ type: 'frame', runId: 1, playback: 'playing', speed: 2, frame, samples: [] }));
    expect(container.querySelector('[data-testid="virtual-clock"]')?.textContent).toBe('7.3 s');
    expect(container.querySelector('[data-testid="events"]')?.textContent).toBe('40');
    expect(container.querySelector('[data-testid="ready-jobs"]')?.textContent).toBe('27');
    expect(container.querySelector('[data-testid="consumer-workers-acked"]')?.textContent).toBe('2');
    expect(button('Pause')).toBeDefined();
  });
});
