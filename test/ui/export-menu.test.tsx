import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FromWorker, SeriesSample } from '../../src/runtime/protocol';
import { validateScenario } from '../../src/scenario';
import { ExportMenu } from '../../src/ui/components/ExportMenu';
import type { FakeClient } from './fake-runtime';
import { mountLab, type MountedLab } from './mount-lab';

const DATA = {
  version: 1,
  name: 'Export, "metrics"',
  duration: 10,
  producers: [{ id: 'shop', target: 'orders', bursts: [{ at: 1, count: 3 }] }],
  brokers: [{ id: 'orders', kind: 'queue' }],
  consumers: [{ id: 'billing', reads: 'orders', processing: { type: 'constant', value: 1 } }],
};

const runFrame = { time: 0, events: 0, done: false, brokers: {}, producers: {}, groups: {} };

function series(time: number, published: number): SeriesSample {
  return { time, published, acked: 0, dropped: 0, deadLettered: 0, redelivered: 0, retried: 0, groups: {}, alerts: [] };
}

describe('the export menu’s metrics CSV', () => {
  let mounted: MountedLab;
  let client: FakeClient;
  /** What each download offered: the blob and the file name of the link clicked. */
  let downloads: { blob: Blob; name: string }[];
  const { createObjectURL, revokeObjectURL } = URL;

  const button = () => [...mounted.container.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Export metrics (CSV)')!;
  const status = () => mounted.container.querySelector('[data-testid="export-status"]')?.textContent;

  beforeEach(async () => {
    downloads = [];
    let pending: Blob | null = null;
    // jsdom has no object URLs and cannot follow a download link: keep what would have been saved.
    URL.createObjectURL = vi.fn((blob: Blob) => {
      pending = blob;
      return 'blob:test';
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ blob: pending!, name: this.download });
    });
    mounted = await mountLab(<ExportMenu />);
    client = mounted.client;
  });

  afterEach(async () => {
    await mounted.unmount();
    vi.restoreAllMocks();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
  });

  const load = async (): Promise<void> => {
    const result = validateScenario(DATA);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    await act(async () => client.reply({ type: 'loaded', runId: 1, scenario: result.scenario, seed: 1, sampleInterval: 0.5, frame: runFrame }));
  };

  const play = async (times: number[]): Promise<void> => {
    const message: FromWorker = {
      type: 'frame',
      runId: 1,
      playback: 'playing',
      speed: 1,
      frame: { ...runFrame, time: times[times.length - 1]! },
      samples: times.map((time) => ({ time, brokers: { orders: { depth: time * 2, inflight: 1 } } })),
      series: times.map((time) => series(time, time * 4)),
    };
    await act(async () => client.reply(message));
  };

  it('is disabled until a run is loaded', async () => {
    expect(button().disabled).toBe(true);
    await load();
    expect(button().disabled).toBe(false);
  });

  it('says there is nothing to export yet, and downloads nothing, before the first sample', async () => {
    await load();
    await act(async () => button().click());
    expect(downloads).toEqual([]);
    expect(status()).toBe('No samples yet: play or step the run first.');
  });

  it('downloads the run’s samples so far as a CSV named after the scenario and says how many up to when', async () => {
    await load();
    await play([0, 0.5]);
    await play([1]);
    await act(async () => button().click());
    expect(downloads.map((d) => d.name)).toEqual(['export-metrics-metrics.csv']);
    expect(downloads[0]!.blob.type).toBe('text/csv');
    const rows = (await downloads[0]!.blob.text()).split('\r\n');
    expect(rows[0]!.startsWith('time_s,orders_depth,orders_inflight,published_per_s,')).toBe(true);
    expect(rows.slice(1, 4).map((row) => row.split(',').slice(0, 4).join(','))).toEqual(['0,0,1,0', '0.5,1,1,4', '1,2,1,8']);
    expect(rows[4]).toBe('');
    expect(status()).toBe('Exported 3 samples up to 1.0 s.');
  });

  it('exports only the samples of the latest run after a reload', async () => {
    await load();
    await play([0, 0.5]);
    await load();
    await play([0]);
    await act(async () => button().click());
    expect(status()).toBe('Exported 1 sample up to 0.0 s.');
  });
});
