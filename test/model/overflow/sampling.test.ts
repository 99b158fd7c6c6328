import { describe, expect, it } from 'vitest';
import { sampling } from '../../../src/model';
import { runScenario } from '../../../src/runtime';
import { expectInvariantsHold } from '../../helpers/guarded-run';
import { scenarioFrom } from '../../helpers/scenarios';
import { traceOf, tuples, type TraceTuple } from '../../helpers/trace';
import { oneQueue } from './fixtures';

describe('sampling keeps one message in N', () => {
  it('keeps the 1st, 4th and 7th of seven with keepOneIn 3 and drops the others at the door, for "sampled"', () => {
    const expected: TraceTuple[] = [
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'w#1'],
      ['published', 1, 2, ''],
      ['dropped', 1, 2, 'sampled'],
      ['published', 1, 3, ''],
      ['dropped', 1, 3, 'sampled'],
      ['published', 1, 4, ''],
      ['enqueued', 1, 4, ''],
      ['published', 1, 5, ''],
      ['dropped', 1, 5, 'sampled'],
      ['published', 1, 6, ''],
      ['dropped', 1, 6, 'sampled'],
      ['published', 1, 7, ''],
      ['enqueued', 1, 7, ''],
      ['acked', 2, 1, 'w#1'],
      ['delivered', 2, 4, 'w#1'],
      ['acked', 3, 4, 'w#1'],
      ['delivered', 3, 7, 'w#1'],
      ['acked', 4, 7, 'w#1'],
    ];
    expect(tuples(traceOf(oneQueue({ queue: { keepOneIn: 3 }, bursts: [{ at: 1, count: 7 }], seconds: 1 })))).toEqual(expected);
  });

  it('counts sampled messages per reason, and the auditor balances them', () => {
    const report = runScenario(oneQueue({ queue: { keepOneIn: 4, maxLength: 2 }, bursts: [{ at: 1, count: 40 }], seconds: 1, duration: 100 }));
    expect(report.brokers.q!.droppedBy.sampled).toBe(30);
    expect(report.brokers.q!.enqueued).toBe(10);
    expect(report.invariants.violations).toEqual([]);
    expect(report.invariants.ok).toBe(true);
  });

  it('drops at the door a copy an event bus retries into it after a refusal, and the auditor books it (found by the topology property)', () => {
    // q1 samples 1 in 2 and crashes past 1024 bytes; the bus retries the copy q1 refused while down.
    const scenario = scenarioFrom({"version": 1, "name": "topology property", "seed": 0, "duration": 2, "limits": {"maxEvents": 300000}, "producers": [{"id": "p0", "target": "e0", "rate": {"process": "poisson", "perSecond": 4.5265355}, "start": 0, "stop": 1.2, "eventType": "B"}], "brokers": [{"id": "q0", "kind": "queue", "onMaxDeliveries": "dead-letter", "deadLetterTo": "q1", "memoryLimitBytes": 1024, "restartSeconds": 0}, {"id": "q1", "kind": "queue", "lateAck": "ignore", "maxDeliveries": 1, "maxBytes": 0, "keepOneIn": 2, "memoryLimitBytes": 1024, "restartSeconds": 0}, {"id": "e0", "kind": "bus", "rules": [{"id": "r0", "targets": [{"to": "q0", "retry": {"attempts": 0, "backoff": {"base": 0, "multiplier": 1, "max": 0}}}]}, {"id": "r1", "targets": [{"to": "q0"}], "pattern": {"types": ["B"]}}, {"id": "r2", "targets": [{"to": "q0", "retry": {"attempts": 0, "backoff": {"base": 0, "multiplier": 1, "max": 0}}, "deadLetterTo": "q1"}, {"to": "q1"}]}]}], "dependencies": [{"id": "dep", "timeout": 0.05}], "consumers": [{"id": "g0", "reads": "q1", "instances": 2, "processing": {"type": "lognormal", "mean": 0.01, "cv": 0}, "concurrency": 1, "prefetch": 2}], "timeline": [{"at": 0, "action": "set-processing", "group": "g0", "processing": {"type": "lognormal", "mean": 0.01, "p99": 0.0101}}, {"at": 0, "action": "set-processing", "group": "g0", "processing": {"type": "normal", "mean": 0.09452541331999248, "stddev": 0}}, {"at": 0.602594, "action": "crash", "group": "g0", "instance": 1}]});
    const report = runScenario(scenario);
    expect(report.brokers.q1!.droppedBy.sampled).toBeGreaterThan(0);
    expect(report.brokers.q1!.crashes).toBeGreaterThan(0);
    expectInvariantsHold(report);
  });

  it('rejects a keepOneIn that is not a whole number of at least 1', () => {
    expect(() => sampling(0)).toThrow(RangeError);
    expect(() => sampling(2.5)).toThrow(/keepOneIn must be a whole number >= 1/);
  });
});
