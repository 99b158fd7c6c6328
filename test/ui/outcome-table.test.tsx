import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveReport } from '../../src/runtime/protocol';
import { runScenario } from '../../src/runtime/run';
import { SnapshotPacer } from '../../src/runtime/snapshot-pacer';
import { validateScenario, type Scenario } from '../../src/scenario';
import { OutcomeTable } from '../../src/ui/components/OutcomeTable';
import type { FakeClient } from './fake-runtime';
import { mountLab, type MountedLab } from './mount-lab';

/** Two groups competing on one queue, and a third with a queue of its own that gets everything. */
const SCENARIO = {
  version: 1,
  name: 'Shares',
  duration: 30,
  producers: [
    { id: 'signup', target: 'shared', eventType: 'USER_CREATED', bursts: [{ at: 1, count: 40 }] },
    { id: 'signup-copy', target: 'own', eventType: 'USER_CREATED', bursts: [{ at: 1, count: 40 }] },
  ],
  brokers: [
    { id: 'shared', kind: 'queue' },
    { id: 'own', kind: 'queue' },
  ],
  consumers: [
    { id: 'email', reads: 'shared', processing: { type: 'constant', value: 0.1 } },
    { id: 'profile', reads: 'shared', processing: { type: 'constant', value: 0.1 } },
    { id: 'metrics', reads: 'own', processing: { type: 'constant', value: 0.1 } },
  ],
};

function scenario(): Scenario {
  const result = validateScenario(SCENARIO);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.scenario;
}

describe('the outcome table', () => {
  let mounted: MountedLab;
  let container: HTMLDivElement;
  let client: FakeClient;

  beforeEach(async () => {
    mounted = await mountLab(<OutcomeTable />);
    ({ container, client } = mounted);
  });

  afterEach(async () => {
    await mounted.unmount();
  });

  const show = async (report: LiveReport, playback: 'paused' | 'done' = 'done') => {
    const s = scenario();
    const frame = { time: 0, events: 0, done: false, brokers: {}, producers: {}, groups: {} };
    await act(async () => {
      client.reply({ type: 'loaded', runId: 1, scenario: s, seed: 1, sampleInterval: 1, frame });
      client.reply({ type: 'frame', runId: 1, playback, speed: 1, frame, samples: [] });
      client.reply({ type: 'snapshot', runId: 1, report });
    });
  };

  const gets = (group: string) => container.querySelector(`tr[data-group="${group}"] .gets`)?.textContent?.trim();

  it('says which group gets every event and which only a share, asking about the event type by name', async () => {
    const { series: _series, ...report } = runScenario(scenario());
    await show(report);
    expect(container.querySelector('thead')?.textContent).toContain('Gets every USER_CREATED?');
    expect(gets('metrics')).toBe('✔ yes');
    expect(gets('email')).toMatch(/^✖ \d+ %$/);
    expect(gets('profile')).toMatch(/^✖ \d+ %$/);
    const badge = container.querySelector('[data-testid="invariants-badge"]');
    expect(badge?.getAttribute('data-ok')).toBe('true');
    expect(badge?.textContent).toContain('Nothing lost without a cause');
  });

  it('lists each failing invariant with its detail, as text', async () => {
    const { series: _series, ...report } = runScenario(scenario());
    const failing: LiveReport = {
      ...report,
      invariants: {
        ok: false,
        violationCount: 2,
        violations: [],
        checks: [...report.invariants.checks, { name: 'no-lost', ok: false, detail: '<b>2</b> messages accepted and never seen again' }],
      },
    };
    await show(failing);
    const badge = container.querySelector('[data-testid="invariants-badge"]');
    expect(badge?.getAttribute('data-ok')).toBe('false');
    expect(badge?.textContent).toContain('2 invariant violations');
    expect(badge?.querySelector('li')?.textContent).toBe('no-lost: <b>2</b> messages accepted and never seen again');
    expect(badge?.querySelector('b')).toBeNull();
  });

  it('says "so far" until the run is done', async () => {
    const { series: _series, ...report } = runScenario(scenario());
    await show(report, 'paused');
    expect(container.querySelector('#outcome-title')?.textContent).toBe('Outcome so far');
  });
});

describe('snapshot pacing', () => {
  it('posts at most every interval while playing, and always when the playback has settled', () => {
    const pacer = new SnapshotPacer(250);
    expect(pacer.due(0, false)).toBe(true);
    expect(pacer.due(100, false)).toBe(false);
    expect(pacer.due(249, false)).toBe(false);
    expect(pacer.due(250, false)).toBe(true);
    expect(pacer.due(260, true)).toBe(true);
    pacer.reset();
    expect(pacer.due(261, false)).toBe(true);
  });
});
