import { describe, expect, it } from 'vitest';
import { QueueBroker, createModelContext } from '../../../src/model';
import { RandomSource, Simulation } from '../../../src/engine';
import { runScenario } from '../../../src/runtime';
import { expectInvariantsHold } from '../../helpers/guarded-run';
import { traceOf, tuples, type TraceTuple } from '../../helpers/trace';
import { oneQueue } from './fixtures';

// Three 100-byte messages at t = 1 into a broker that may hold 250 bytes; one consumer, 10 s each.
const crashing = (more: { at: number; count: number }[] = [], queue: Record<string, unknown> = {}) =>
  oneQueue({ queue: { memoryLimitBytes: 250, restartSeconds: 5, ...queue }, bursts: [{ at: 1, count: 3 }, ...more] });

describe('a broker past its memory limit crashes', () => {
  it('loses everything it holds, each message for a reason that says where it was, and refuses publishes until it restarts empty', () => {
    const expected: TraceTuple[] = [
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ['published', 1, 2, ''],
      ['enqueued', 1, 2, ''],
      // 300 bytes held (one in flight, two ready) > 250.
      ['published', 1, 3, ''],
      ['enqueued', 1, 3, ''],
      ['broker-crashed', 1, 0, 'memory-limit'],
      ['dropped', 1, 2, 'broker-crash'],
      ['dropped', 1, 3, 'broker-crash'],
      ['dropped', 1, 1, 'w#1'],
      ['rejected', 3, 4, 'broker-down'],
      ['broker-restarted', 6, 0, ''],
      ['published', 7, 5, ''],
      ['enqueued', 7, 5, ''],
      // The consumer finishes the lost delivery; the restarted broker ignores its ack.
      ['late-ack', 11, 1, 'w#1'],
      ['delivered', 11, 5, 'w#1'],
      ['acked', 21, 5, 'w#1'],
    ];
    const records = traceOf(crashing([{ at: 3, count: 1 }, { at: 7, count: 1 }]));
    expect(tuples(records)).toEqual(expected);
    expect(records.find((r) => r.kind === 'dropped' && r.message === 1)!.reason).toBe('broker-crash-inflight');
  });

  it('counts the crash and its losses per reason, and the auditor accounts for every lost message', () => {
    const report = runScenario(crashing([{ at: 3, count: 1 }, { at: 7, count: 1 }]));
    const q = report.brokers.q!;
    expect(q.crashes).toBe(1);
    expect(q.droppedBy).toEqual({ 'broker-crash': 2, 'broker-crash-inflight': 1 });
    expect(report.producers.p!.rejectedBy).toEqual({ 'broker-down': 1 });
    // 300 bytes for an instant at t = 1, then message 5 (100 bytes) from 7 to 21, over 60 s.
    expect(q.memory).toEqual({ mean: (100 * 14) / 60, max: 300, final: 0 });
    expectInvariantsHold(report);
  });

  it('also loses delayed and parked messages, each counted under its own reason', () => {
    // Every message waits 1 s before it is ready. Message 1 is delivered at 2; its 0.5 s lease runs out
    // and, with one delivery allowed, it is kept (parked). Messages 2 and 3 arrive at 3 and wait out
    // their delay: 300 bytes held > 250.
    const scenario = oneQueue({
      queue: { memoryLimitBytes: 250, deliveryDelay: 1, maxDeliveries: 1, onMaxDeliveries: 'keep', ackTimeout: 0.5 },
      bursts: [{ at: 1, count: 1 }, { at: 3, count: 2 }],
    });
    const report = runScenario(scenario);
    expect(report.brokers.q!.crashes).toBe(1);
    expect(report.brokers.q!.droppedBy).toEqual({ 'broker-crash-parked': 1, 'broker-crash-delayed': 2 });
    expectInvariantsHold(report);
  });

  it('is not crashed by a limit it never passes, and then reports what it held', () => {
    const report = runScenario(oneQueue({ queue: { memoryLimitBytes: 300 }, bursts: [{ at: 1, count: 3 }] }));
    expect(report.brokers.q!.crashes).toBe(0);
    expect(report.brokers.q!.memory!.max).toBe(300);
    expect(report.groups.w!.acked).toBe(3);
  });

  it('rejects a memory limit or restart time that makes no sense, naming the option', () => {
    const ctx = createModelContext(new Simulation(), new RandomSource(1));
    const base = { id: 'q', maxLength: undefined, overflow: 'drop-head', ackTimeout: undefined, lateAck: 'ignore', maxDeliveries: undefined, onMaxDeliveries: 'drop', messageTtl: undefined, deliveryDelay: 0 } as const;
    expect(() => new QueueBroker(ctx, { ...base, memoryLimitBytes: 0 })).toThrow(/memoryLimitBytes must be a whole number of bytes > 0/);
    expect(() => new QueueBroker(ctx, { ...base, memoryLimitBytes: 10, restartSeconds: -1 })).toThrow(/restartSeconds must be a finite number of seconds >= 0/);
    expect(() => new QueueBroker(ctx, { ...base, maxBytes: 1.5 })).toThrow(/maxBytes must be a whole number >= 0/);
  });
});
