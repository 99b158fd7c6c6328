import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateScenario, type Scenario } from '../../src/scenario';
import { App } from '../../src/ui/App';
import { captionAt, captionsOf } from '../../src/ui/narration/caption-at';
import type { FakeClient } from './fake-runtime';
import { mountLab, type MountedLab } from './mount-lab';

const DATA = {
  version: 1,
  name: 'Narrated',
  duration: 60,
  producers: [{ id: 'p', target: 'q', rate: { perSecond: 1 } }],
  brokers: [{ id: 'q', kind: 'queue' }],
  consumers: [{ id: 'g', reads: 'q', processing: { type: 'constant', value: 0.1 } }],
  timeline: [
    { at: 30, action: 'caption', text: 'Second: <em>not markup</em>' },
    { at: 5, action: 'caption', text: 'First' },
    { at: 30, action: 'caption', text: 'Second, corrected' },
  ],
};

function scenario(): Scenario {
  const result = validateScenario(DATA);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.scenario;
}

describe('captions as narration', () => {
  it('shows nothing before the first caption, then each caption until the next, the later one winning at equal times', () => {
    const captions = captionsOf(scenario());
    expect(captionAt(captions, 4.9)).toBeNull();
    expect(captionAt(captions, 5)?.text).toBe('First');
    expect(captionAt(captions, 29.9)?.text).toBe('First');
    expect(captionAt(captions, 30)?.text).toBe('Second, corrected');
    expect(captionAt(captions, 60)?.text).toBe('Second, corrected');
  });
});

describe('the narration line and present mode', () => {
  let mounted: MountedLab;
  let container: HTMLDivElement;
  let client: FakeClient;

  beforeEach(async () => {
    mounted = await mountLab(<App initialScenario={JSON.stringify(DATA)} />, { listen: false });
    ({ container, client } = mounted);
  });

  afterEach(async () => {
    await mounted.unmount();
  });

  const at = async (time: number) => {
    const frame = { time, events: 0, done: false, brokers: { q: { depth: 0, inflight: 0 } }, producers: { p: { published: 0, rejected: 0 } }, groups: { g: { delivered: 0, acked: 0 } } };
    await act(async () => {
      if (time === 0) client.reply({ type: 'loaded', runId: 1, scenario: scenario(), seed: 1, sampleInterval: 1, frame });
      client.reply({ type: 'frame', runId: 1, playback: 'paused', speed: 1, frame, samples: [] });
    });
  };

  const narration = () => container.querySelector('[data-testid="narration"]');

  it('follows the virtual clock, announcing each caption politely and as plain text', async () => {
    await at(0);
    expect(narration()?.getAttribute('aria-live')).toBe('polite');
    expect(narration()?.textContent).toBe('Press play: the narration starts at 5.0 s.');
    await at(12);
    expect(narration()?.textContent).toBe('5.0 sFirst');
    await at(31);
    expect(narration()?.textContent).toBe('30.0 sSecond, corrected');
    expect(narration()?.querySelector('em')).toBeNull();
  });

  it('switches present mode on and off with its button', async () => {
    await at(0);
    const button = container.querySelector<HTMLButtonElement>('[data-testid="present-toggle"]')!;
    expect(button.getAttribute('aria-pressed')).toBe('false');
    await act(async () => button.click());
    expect(container.querySelector('.lab')?.classList.contains('present')).toBe(true);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(button.textContent).toBe('Leave present mode');
    await act(async () => button.click());
    expect(container.querySelector('.lab')?.classList.contains('present')).toBe(false);
  });
});
