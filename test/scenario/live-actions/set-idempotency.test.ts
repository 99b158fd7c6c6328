import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../../src/model';
import { expectInvariantsHold, runWithTrace } from '../../helpers/guarded-run';
import { traceOf } from '../../helpers/trace';
import { switchScenario } from '../policy-actions/fixtures';

type Row = [kind: string, time: number, reason: string];

const rows = (records: readonly TraceRecord[]): Row[] =>
  records.filter((r) => ['effect', 'acked', 'late-ack', 'policy'].includes(r.kind)).map((r) => [r.kind, r.time, r.reason]);

/**
 * One message at 0 s; its 1.5 s processing outlasts the queue's 1 s lease, so the broker hands it to the
 * instance's second worker every second and each finished processing applies the side effect.
 */
const racing = (sideEffect: Record<string, unknown>, timeline: Record<string, unknown>[]) =>
  switchScenario({
    producer: { bursts: [{ at: 0, count: 1 }] },
    queue: { ackTimeout: 1 },
    group: { processing: { type: 'constant', value: 1.5 }, concurrency: 2, sideEffect },
    duration: 8,
    timeline,
  });

describe('set-idempotency', () => {
  it('switched on for a group without a store, creates one with the defaults: the next redelivery is skipped after a 0.002 s lookup', () => {
    const trace = traceOf(racing({ name: 'charges' }, [{ at: 4.2, action: 'set-idempotency', group: 'w', enabled: true }]));
    expect(rows(trace)).toEqual([
      ['effect', 1.5, 'applied'],
      ['late-ack', 1.5, 'ignored'],
      ['effect', 2.5, 'duplicate'],
      ['late-ack', 2.5, 'ignored'],
      ['effect', 3.5, 'duplicate'],
      ['late-ack', 3.5, 'ignored'],
      ['policy', 4.2, 'set-idempotency'],
      // Started at 3 s, before the store existed: it applies, and writes the key.
      ['effect', 4.5, 'duplicate'],
      ['late-ack', 4.5, 'ignored'],
      // Delivered again at 5 s: the lookup finds the key.
      ['effect', 5.002, 'avoided'],
      ['acked', 5.002, ''],
      ['effect', 5.5, 'avoided'],
      ['late-ack', 5.5, 'ignored'],
    ]);
    expect(trace.find((r) => r.kind === 'policy')).toMatchObject({ group: 'w', broker: 'q', consumer: '', attempt: 0 });
  });

  it('switched off, lets duplicates apply the side effect again; switched back on, the keys it held from before still guard', () => {
    const trace = traceOf(
      racing({ name: 'charges', idempotency: { lookupLatency: 0.002 } }, [
        { at: 1.9, action: 'set-idempotency', group: 'w', enabled: false },
        { at: 4.2, action: 'set-idempotency', group: 'w', enabled: true },
      ]),
    );
    expect(rows(trace)).toEqual([
      ['effect', 1.502, 'applied'],
      ['late-ack', 1.502, 'ignored'],
      ['policy', 1.9, 'set-idempotency'],
      // Off: the delivery at 2 s makes no lookup (1.5 s, not 1.502 s) and applies again.
      ['effect', 2.502, 'duplicate'],
      ['late-ack', 2.502, 'ignored'],
      ['effect', 3.5, 'duplicate'],
      ['late-ack', 3.5, 'ignored'],
      ['policy', 4.2, 'set-idempotency'],
      // On: the key written at 1.502 s is still held (ttl one day), at the end of an attempt and at the next lookup.
      ['effect', 4.5, 'avoided'],
      ['late-ack', 4.5, 'ignored'],
      ['effect', 5.002, 'avoided'],
      ['acked', 5.002, ''],
      ['effect', 5.5, 'avoided'],
      ['late-ack', 5.5, 'ignored'],
    ]);
  });

  it('the report counts the duplicates of the time the store was off, and the books balance', () => {
    const scenario = switchScenario({
      producer: { rate: { perSecond: 4 } },
      queue: { ackTimeout: 1 },
      group: { processing: { type: 'exponential', mean: 0.5 }, instances: 2, concurrency: 2, sideEffect: { name: 'charges', idempotency: { key: 'message-id' } } },
      duration: 120,
      timeline: [
        { at: 40, action: 'set-idempotency', group: 'w', enabled: false },
        { at: 80, action: 'set-idempotency', group: 'w', enabled: true },
      ],
    });
    const { report, records } = runWithTrace(scenario);
    expectInvariantsHold(report);
    const duplicates = records.filter((r) => r.kind === 'effect' && r.reason === 'duplicate');
    expect(duplicates.length).toBeGreaterThan(10);
    // Only attempts that ran while the store was off (started before 80 s, lasting seconds at most) duplicate.
    expect(duplicates.every((r) => r.time > 40 && r.time < 90)).toBe(true);
    expect(report.groups.w!.sideEffects.duplicates).toBe(duplicates.length);
  });
});
