import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PaceNotice } from '../../src/ui/components/PaceNotice';
import { PaceMeter } from '../../src/ui/pace/pace-meter';
import type { FakeClient } from './fake-runtime';
import { mountLab, type MountedLab } from './mount-lab';

describe('the pace meter', () => {
  it('measures virtual seconds per wall second over its window, once the window is mostly covered', () => {
    const meter = new PaceMeter(2000);
    meter.add(0, 0);
    meter.add(1000, 300);
    expect(meter.achieved()).toBeNull();
    meter.add(2000, 600);
    expect(meter.achieved()).toBe(300);
    // Older frames slide out of the window.
    meter.add(3000, 1600);
    expect(meter.achieved()).toBe(650);
    meter.reset();
    expect(meter.achieved()).toBeNull();
  });
});

describe('the pace notice', () => {
  let mounted: MountedLab;
  let container: HTMLDivElement;
  let client: FakeClient;
  let now = 0;

  beforeEach(async () => {
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    mounted = await mountLab(<PaceNotice />);
    ({ container, client } = mounted);
    mounted.store.getState().setSpeed(1000);
  });

  afterEach(async () => {
    await mounted.unmount();
    vi.restoreAllMocks();
  });

  const play = async (virtualPerWallSecond: number, playback: 'playing' | 'paused' = 'playing') => {
    for (let i = 0; i <= 30; i++) {
      now += 100;
      const frame = { time: (now / 1000) * virtualPerWallSecond, events: 0, done: false, brokers: {}, producers: {}, groups: {} };
      await act(async () => client.reply({ type: 'frame', runId: 0, playback, speed: 1000, frame, samples: [] }));
    }
  };

  it('says the run is behind when it reaches less than 90 % of the speed asked for', async () => {
    await play(240);
    expect(container.querySelector('[data-testid="pace-notice"]')?.textContent).toBe('Running at ×240 of ×1000: this scenario is too heavy for this machine at that speed.');
  });

  it('stays silent when the run keeps pace, and when it is paused', async () => {
    await play(950);
    expect(container.querySelector('[data-testid="pace-notice"]')).toBeNull();
    await play(10, 'paused');
    expect(container.querySelector('[data-testid="pace-notice"]')).toBeNull();
  });
});
