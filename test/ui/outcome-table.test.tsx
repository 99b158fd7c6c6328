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

/** The same, with an audit group that a timeline action adds at 10 s. */
const LATE_GROUP = {
  ...SCENARIO,
  timeline: [{ at: 10, action: 'add-group', group: { id: 'audit', reads: 'own', processing: { type: 'constant', value: 0.1 } } }],
};

function scenario(data: unknown = SCENARIO): Scenario {
  const result = validateScenario(data);
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

  const show = async (report: LiveReport, playback: 'paused' | 'done' = 'done', { s = scenario(), time = 0 }: { s?: Scenario; time?: number } = {}) => {
    const frame = { time: 0, events: 0, done: false, brokers: {}, producers: {}, groups: {} };
    await act(async () => {
      client.reply({ type: 'loaded', runId: 1, scenario: s, seed: 1, sampleInterval: 1, frame });
      client.reply({ type: 'frame', runId: 1, playback, speed: 1, frame: { ...frame, time }, samples: [] });
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
    const section = container.querySelector('[data-testid="outcome"]')!;
    const heading = section.querySelector('h2');
    expect(heading?.textContent).toBe('Outcome so far');
    expect(document.getElementById(section.getAttribute('aria-labelledby')!)).toBe(heading);
  });

  it('shows a group that joins later as not there yet, without a ✖ or counts, until the clock reaches its time', async () => {
    const late = scenario(LATE_GROUP);
    const { series: _series, ...report } = runScenario(late);
    await show(report, 'paused', { s: late, time: 9.5 });
    const row = container.querySelector('tr[data-group="audit"]');
    expect(row?.getAttribute('data-joined')).toBe('later');
    expect(gets('audit')).toBe('joins at 10 s');
    expect(row?.textContent).not.toContain('✖');
    expect(row?.querySelectorAll('td.num.bad, td.num.warn')).toHaveLength(0);
    expect(gets('metrics')).toBe('✔ yes');

    await act(async () => {
      const frame = { time: 10, events: 0, done: false, brokers: {}, producers: {}, groups: {} };
      client.reply({ type: 'frame', runId: 1, playback: 'paused', speed: 1, frame, samples: [] });
    });
    expect(container.querySelector('tr[data-group="audit"]')?.hasAttribute('data-joined')).toBe(false);
    expect(gets('audit')).toMatch(/^(✔ yes|✖ \d+ %)$/);
  });
});

describe('two outcome tables on one page (compare mode)', () => {
  it('give each its own heading id, so each section is labelled by its own heading', async () => {
    const mounted = await mountLab(
      <>
        <OutcomeTable />
        <OutcomeTable />
      </>,
    );
    const s = scenario();
    const { series: _series, ...report } = runScenario(s);
    const frame = { time: 0, events: 0, done: false, brokers: {}, producers: {}, groups: {} };
    await act(async () => {
      mounted.client.reply({ type: 'loaded', runId: 1, scenario: s, seed: 1, sampleInterval: 1, frame });
      mounted.client.reply({ type: 'snapshot', runId: 1, report });
    });
    const sections = [...mounted.container.querySelectorAll('[data-testid="outcome"]')];
    expect(sections).toHaveLength(2);
    const ids = sections.map((section) => section.getAttribute('aria-labelledby'));
    expect(new Set(ids).size).toBe(2);
    sections.forEach((section, i) => expect(document.getElementById(ids[i]!)?.closest('section')).toBe(section));
    await mounted.unmount();
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
