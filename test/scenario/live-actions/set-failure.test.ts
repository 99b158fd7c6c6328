import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../../src/model';
import { runWithTrace, expectInvariantsHold } from '../../helpers/guarded-run';
import { traceOf } from '../../helpers/trace';
import { switchScenario } from '../policy-actions/fixtures';

type Row = [kind: string, time: number, message: number, reason: string, attempt: number];

const rows = (records: readonly TraceRecord[]): Row[] =>
  records.filter((r) => !['published', 'enqueued'].includes(r.kind)).map((r) => [r.kind, r.time, r.message, r.reason, r.attempt]);

/** Four messages at 0 s for group "w" (one worker, 1 s each, no failure model of its own) and the timeline under test. */
const fourMessages = (timeline: Record<string, unknown>[], group: Record<string, unknown> = {}) =>
  switchScenario({ producer: { bursts: [{ at: 0, count: 4 }] }, group: { processing: { type: 'constant', value: 1 }, ...group }, duration: 8, timeline });

describe('set-failure', () => {
  it('gives a group without a failure model one with its default action (requeue), and taking the probability back to 0 ends the failures', () => {
    const trace = traceOf(
      fourMessages([
        { at: 2.5, action: 'set-failure', group: 'w', probability: 1 },
        { at: 5.5, action: 'set-failure', group: 'w', probability: 0 },
      ]),
    );
    expect(rows(trace)).toEqual([
      ['delivered', 0, 1, '', 1],
      ['acked', 1, 1, '', 1],
      ['delivered', 1, 2, '', 1],
      ['acked', 2, 2, '', 1],
      ['delivered', 2, 3, '', 1],
      ['policy', 2.5, 0, 'set-failure', 0],
      // The attempt running at the switch draws its outcome when it ends, with the new model.
      ['failed', 3, 3, 'transient', 0],
      ['requeued', 3, 3, 'nack', 0],
      ['delivered', 3, 3, 'nack', 2],
      ['failed', 4, 3, 'transient', 0],
      ['requeued', 4, 3, 'nack', 0],
      ['delivered', 4, 3, 'nack', 3],
      ['failed', 5, 3, 'transient', 0],
      ['requeued', 5, 3, 'nack', 0],
      ['delivered', 5, 3, 'nack', 4],
      ['policy', 5.5, 0, 'set-failure', 0],
      ['acked', 6, 3, '', 4],
      ['delivered', 6, 4, '', 1],
      ['acked', 7, 4, '', 1],
    ]);
    expect(trace.find((r) => r.kind === 'policy')).toMatchObject({ group: 'w', broker: 'q', consumer: '' });
  });

  it('uses the retry policy as the default action of a group that has one: a fatal failure is rejected at once', () => {
    const trace = traceOf(
      fourMessages([{ at: 0, action: 'set-failure', group: 'w', fatal: 1 }], { retry: { backoff: 'fixed', delay: 1, maxRetries: 3 } }),
    );
    expect(rows(trace).slice(0, 4)).toEqual([
      // The timeline runs after the model's own events due at the same time: the first delivery.
      ['delivered', 0, 1, '', 1],
      ['policy', 0, 0, 'set-failure', 0],
      ['failed', 1, 1, 'fatal', 0],
      ['dropped', 1, 1, 'fatal', 0],
    ]);
  });

  it('a field left out keeps its value: setting fatal keeps the probability an earlier switch gave', () => {
    const trace = traceOf(
      fourMessages([
        { at: 0, action: 'set-failure', group: 'w', probability: 1 },
        { at: 0, action: 'set-failure', group: 'w', fatal: 0 },
      ]),
    );
    expect(trace.filter((r) => r.kind === 'failed').map((r) => [r.time, r.reason])).toEqual(
      Array.from({ length: 8 }, (_, i) => [i + 1, 'transient']),
    );
  });

  it('makes the same messages poison as a group configured with that poison share from the start', () => {
    const retry = { backoff: 'fixed', delay: 1, maxRetries: 2 };
    const busy = { producer: { rate: { perSecond: 2 } }, duration: 60, seed: 7 };
    const configured = switchScenario({ ...busy, group: { processing: { type: 'constant', value: 0.1 }, retry, failure: { probability: 0, poison: 0.3 } } });
    const switched = switchScenario({
      ...busy,
      group: { processing: { type: 'constant', value: 0.1 }, retry },
      timeline: [{ at: 0, action: 'set-failure', group: 'w', probability: 0, poison: 0.3 }],
    });
    const poisoned = (records: readonly TraceRecord[]) => records.filter((r) => r.kind === 'failed' && r.reason === 'fatal').map((r) => r.message);
    const expected = poisoned(traceOf(configured));
    expect(expected.length).toBeGreaterThan(10);
    expect(poisoned(traceOf(switched))).toEqual(expected);
  });

  it('turned off and on again, poison strikes the same messages as if it had stayed on', () => {
    const retry = { backoff: 'fixed', delay: 1, maxRetries: 2 };
    const scenario = (timeline: Record<string, unknown>[]) =>
      switchScenario({ producer: { rate: { perSecond: 2 } }, duration: 60, group: { processing: { type: 'constant', value: 0.1 }, retry, failure: { probability: 0, poison: 0.3 } }, timeline });
    const fatal = (records: readonly TraceRecord[]) => new Set(records.filter((r) => r.kind === 'failed' && r.reason === 'fatal').map((r) => r.message));
    const always = fatal(traceOf(scenario([])));
    const { report, records } = runWithTrace(
      scenario([
        { at: 20, action: 'set-failure', group: 'w', poison: 0 },
        { at: 40, action: 'set-failure', group: 'w', poison: 0.3 },
      ]),
    );
    expectInvariantsHold(report);
    const toggled = fatal(records);
    expect(toggled.size).toBeGreaterThan(5);
    for (const message of toggled) expect(always.has(message)).toBe(true);
    expect(records.some((r) => r.kind === 'failed' && r.time > 20.1 && r.time < 40)).toBe(false);
  });
});
