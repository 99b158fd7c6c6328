import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/model';
import { runScenario } from '../../src/runtime';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf } from '../helpers/trace';

/** [kind, time, message, broker, consumer, reason, attempt]: enough to pin down every lifecycle step. */
type Step = [string, number, number, string, string, string, number];

function steps(records: readonly TraceRecord[]): Step[] {
  return records.map((r) => [r.kind, r.time, r.message, r.broker, r.consumer, r.reason, r.attempt]);
}

/** One message published at t = 1 into `jobs`, read by `workers`; the test supplies the knobs. */
function oneMessage(broker: Record<string, unknown>, group: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return scenarioFrom({
    version: 1,
    name: 'one message',
    duration: 30,
    producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: 1 }] }],
    brokers: [{ id: 'jobs', kind: 'queue', ...broker }, { id: 'dlq', kind: 'queue' }],
    consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 8 }, ...group }],
    ...extra,
  });
}

describe('queue delivery lifecycle: exact traces', () => {
  it('redelivers a message whose lease expires to another instance, and ignores the first consumer’s late ack', () => {
    const scenario = oneMessage({ ackTimeout: 5 }, { instances: 2 });
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['published', 1, 1, 'jobs', '', '', 0],
      ['enqueued', 1, 1, 'jobs', '', '', 0],
      ['delivered', 1, 1, 'jobs', 'workers#1', '', 1],
      ['requeued', 6, 1, 'jobs', 'workers#1', 'lease-expired', 0],
      ['delivered', 6, 1, 'jobs', 'workers#2', 'lease-expired', 2],
      ['late-ack', 9, 1, 'jobs', 'workers#1', 'ignored', 2],
      ['requeued', 11, 1, 'jobs', 'workers#2', 'lease-expired', 0],
      ['delivered', 11, 1, 'jobs', 'workers#1', 'lease-expired', 3],
      ['late-ack', 14, 1, 'jobs', 'workers#2', 'ignored', 3],
      ['requeued', 16, 1, 'jobs', 'workers#1', 'lease-expired', 0],
      ['delivered', 16, 1, 'jobs', 'workers#2', 'lease-expired', 4],
      ['late-ack', 19, 1, 'jobs', 'workers#1', 'ignored', 4],
      ['requeued', 21, 1, 'jobs', 'workers#2', 'lease-expired', 0],
      ['delivered', 21, 1, 'jobs', 'workers#1', 'lease-expired', 5],
      ['late-ack', 24, 1, 'jobs', 'workers#2', 'ignored', 5],
      ['requeued', 26, 1, 'jobs', 'workers#1', 'lease-expired', 0],
      ['delivered', 26, 1, 'jobs', 'workers#2', 'lease-expired', 6],
      ['late-ack', 29, 1, 'jobs', 'workers#1', 'ignored', 6],
    ]);
  });

  it('accepts a late ack when told to, removing the message that was waiting again', () => {
    // One instance: after the lease runs out at t = 6 the message waits (the only instance is busy with it);
    // the instance finishes at t = 9 and the broker takes that ack.
    const scenario = oneMessage({ ackTimeout: 5, lateAck: 'accept' }, {});
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['published', 1, 1, 'jobs', '', '', 0],
      ['enqueued', 1, 1, 'jobs', '', '', 0],
      ['delivered', 1, 1, 'jobs', 'workers#1', '', 1],
      ['requeued', 6, 1, 'jobs', 'workers#1', 'lease-expired', 0],
      ['acked', 9, 1, 'jobs', 'workers#1', 'late', 1],
    ]);
    const report = runScenario(scenario);
    expect(report.invariants.ok).toBe(true);
    expect(report.brokers.jobs!.depth.final).toBe(0);
  });

  it('dead-letters a message on the delivery after its last allowed one, where the DLQ holds it', () => {
    const scenario = oneMessage(
      { maxDeliveries: 3, deadLetterTo: 'dlq' },
      { processing: { type: 'constant', value: 1 }, failure: { probability: 1, action: 'requeue' } },
    );
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['published', 1, 1, 'jobs', '', '', 0],
      ['enqueued', 1, 1, 'jobs', '', '', 0],
      ['delivered', 1, 1, 'jobs', 'workers#1', '', 1],
      ['failed', 2, 1, 'jobs', 'workers#1', 'transient', 0],
      ['requeued', 2, 1, 'jobs', 'workers#1', 'nack', 0],
      ['delivered', 2, 1, 'jobs', 'workers#1', 'nack', 2],
      ['failed', 3, 1, 'jobs', 'workers#1', 'transient', 0],
      ['requeued', 3, 1, 'jobs', 'workers#1', 'nack', 0],
      ['delivered', 3, 1, 'jobs', 'workers#1', 'nack', 3],
      ['failed', 4, 1, 'jobs', 'workers#1', 'transient', 0],
      ['dead-lettered', 4, 1, 'jobs', 'workers#1', 'delivery-limit', 0],
      ['enqueued', 4, 1, 'dlq', '', '', 0],
    ]);
    const report = runScenario(scenario);
    expect(report.brokers.jobs).toMatchObject({ requeued: 2, requeuedBy: { nack: 2 }, deadLettered: 1, deadLetteredBy: { 'delivery-limit': 1 } });
    expect(report.brokers.dlq!.depth.final).toBe(1);
    expect(report.groups.workers).toMatchObject({ delivered: 3, redelivered: 2, duplicates: 1, duplicatesBy: { nack: 1 } });
    expect(report.invariants.ok).toBe(true);
  });

  it('sends a rejected message straight to the dead-letter queue, or drops it when there is none', () => {
    const reject = { processing: { type: 'constant', value: 1 }, failure: { probability: 1, action: 'reject' } };
    expect(steps(traceOf(oneMessage({ deadLetterTo: 'dlq' }, reject))).slice(3)).toEqual<Step[]>([
      ['failed', 2, 1, 'jobs', 'workers#1', 'transient', 0],
      ['dead-lettered', 2, 1, 'jobs', 'workers#1', 'rejected', 0],
      ['enqueued', 2, 1, 'dlq', '', '', 0],
    ]);
    expect(steps(traceOf(oneMessage({}, reject))).slice(3)).toEqual<Step[]>([
      ['failed', 2, 1, 'jobs', 'workers#1', 'transient', 0],
      ['dropped', 2, 1, 'jobs', 'workers#1', 'rejected', 0],
    ]);
  });

  it('keeps and flags a message that used up its deliveries when the policy is keep', () => {
    const scenario = oneMessage(
      { maxDeliveries: 1, onMaxDeliveries: 'keep' },
      { processing: { type: 'constant', value: 1 }, failure: { probability: 1, action: 'requeue' } },
    );
    expect(steps(traceOf(scenario)).slice(3)).toEqual<Step[]>([
      ['failed', 2, 1, 'jobs', 'workers#1', 'transient', 0],
      ['flagged', 2, 1, 'jobs', 'workers#1', 'delivery-limit', 0],
    ]);
    const report = runScenario(scenario);
    expect(report.brokers.jobs!.flagged).toBe(1);
    expect(report.invariants.checks.find((c) => c.name === 'conservation')!.detail).toContain('parked 1');
  });

  it('requeues what a crashed instance held and hands it to a live one, marked as a crash redelivery', () => {
    const scenario = oneMessage({}, { instances: 2 }, { timeline: [{ at: 3, action: 'crash', group: 'workers', instance: 1 }] });
    expect(steps(traceOf(scenario))).toEqual<Step[]>([
      ['published', 1, 1, 'jobs', '', '', 0],
      ['enqueued', 1, 1, 'jobs', '', '', 0],
      ['delivered', 1, 1, 'jobs', 'workers#1', '', 1],
      ['crashed', 3, 0, 'jobs', 'workers#1', '', 0],
      ['requeued', 3, 1, 'jobs', 'workers#1', 'crash', 0],
      ['delivered', 3, 1, 'jobs', 'workers#2', 'crash', 2],
      ['acked', 11, 1, 'jobs', 'workers#2', '', 2],
    ]);
  });

  it('gives a restarted instance new work only after it restarts', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'restart',
      duration: 10,
      producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 2, count: 1 }] }],
      brokers: [{ id: 'jobs', kind: 'queue' }],
      consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 1 } }],
      timeline: [
        { at: 1, action: 'crash', group: 'workers', instance: 1 },
        { at: 4, action: 'restart', group: 'workers', instance: 1 },
      ],
    });
    expect(steps(traceOf(scenario)).map(([kind, time]) => [kind, time])).toEqual([
      ['crashed', 1],
      ['published', 2],
      ['enqueued', 2],
      ['restarted', 4],
      ['delivered', 4],
      ['acked', 5],
    ]);
  });

  it('expires a message at the head of the queue when its TTL runs out, even with nobody reading', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'ttl',
      duration: 10,
      producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: 2, spread: 1 }] }],
      brokers: [{ id: 'jobs', kind: 'queue', messageTtl: 3 }],
    });
    expect(steps(traceOf(scenario)).map(([kind, time, message]) => [kind, time, message])).toEqual([
      ['published', 1, 1],
      ['enqueued', 1, 1],
      ['published', 2, 2],
      ['enqueued', 2, 2],
      ['expired', 4, 1],
      ['expired', 5, 2],
    ]);
    expect(runScenario(scenario).brokers.jobs).toMatchObject({ expired: 2, depth: { final: 0 } });
  });

  it('holds a delayed message back for the delivery delay before anyone can receive it', () => {
    const scenario = oneMessage({ deliveryDelay: 2.5 }, { processing: { type: 'constant', value: 1 } });
    expect(steps(traceOf(scenario)).map(([kind, time]) => [kind, time])).toEqual([
      ['published', 1],
      ['delayed', 1],
      ['enqueued', 3.5],
      ['delivered', 3.5],
      ['acked', 4.5],
    ]);
  });

  it('redrives a dead-letter queue back into the working queue on a timeline action', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'redrive',
      duration: 20,
      producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: 2 }] }],
      brokers: [
        { id: 'jobs', kind: 'queue', deadLetterTo: 'dlq' },
        { id: 'dlq', kind: 'queue' },
      ],
      consumers: [
        { id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 1 }, failure: { probability: 1, action: 'reject' } },
      ],
      timeline: [
        { at: 5, action: 'set-processing', group: 'workers', processing: { type: 'constant', value: 2 } },
        { at: 10, action: 'redrive', from: 'dlq', to: 'jobs', limit: 1 },
      ],
    });
    const trace = steps(traceOf(scenario));
    expect(trace.filter(([kind]) => kind === 'redriven')).toEqual<Step[]>([['redriven', 10, 1, 'dlq', '', '', 0]]);
    // The redriven message starts a fresh life in jobs: attempt 1 again, then it is rejected back to the DLQ.
    expect(trace.filter(([, time]) => time >= 10)).toEqual<Step[]>([
      ['redriven', 10, 1, 'dlq', '', '', 0],
      ['enqueued', 10, 1, 'jobs', '', '', 0],
      ['delivered', 10, 1, 'jobs', 'workers#1', '', 1],
      ['failed', 12, 1, 'jobs', 'workers#1', 'transient', 0],
      ['dead-lettered', 12, 1, 'jobs', 'workers#1', 'rejected', 0],
      ['enqueued', 12, 1, 'dlq', '', '', 0],
    ]);
    const report = runScenario(scenario);
    expect(report.brokers.dlq).toMatchObject({ redriven: 1, depth: { final: 2 } });
    expect(report.invariants.ok).toBe(true);
  });

  it('scales a group out and in: new instances take work at once, removed ones hand theirs back', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'scale',
      duration: 20,
      producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: 3 }] }],
      brokers: [{ id: 'jobs', kind: 'queue' }],
      consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 4 } }],
      timeline: [
        { at: 2, action: 'scale', group: 'workers', instances: 3 },
        { at: 3, action: 'scale', group: 'workers', instances: 1 },
      ],
    });
    const trace = steps(traceOf(scenario)).filter(([, time]) => time >= 2);
    expect(trace).toEqual<Step[]>([
      ['scaled', 2, 0, 'jobs', 'workers#2', 'up', 0],
      ['scaled', 2, 0, 'jobs', 'workers#3', 'up', 0],
      ['delivered', 2, 2, 'jobs', 'workers#2', '', 1],
      ['delivered', 2, 3, 'jobs', 'workers#3', '', 1],
      ['scaled', 3, 0, 'jobs', 'workers#3', 'down', 0],
      ['requeued', 3, 3, 'jobs', 'workers#3', 'scale-in', 0],
      ['scaled', 3, 0, 'jobs', 'workers#2', 'down', 0],
      ['requeued', 3, 2, 'jobs', 'workers#2', 'scale-in', 0],
      ['acked', 5, 1, 'jobs', 'workers#1', '', 1],
      // Returned together, they go back in publish order: 2 before 3.
      ['delivered', 5, 2, 'jobs', 'workers#1', 'scale-in', 2],
      ['acked', 9, 2, 'jobs', 'workers#1', '', 2],
      ['delivered', 9, 3, 'jobs', 'workers#1', 'scale-in', 2],
      ['acked', 13, 3, 'jobs', 'workers#1', '', 2],
    ]);
  });

  it('changes a producer’s rate on a timeline action, and a rate of 0 stops it', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'rate',
      duration: 10,
      producers: [{ id: 'app', target: 'jobs', rate: { process: 'constant', perSecond: 1 } }],
      brokers: [{ id: 'jobs', kind: 'queue' }],
      timeline: [
        { at: 3.5, action: 'set-rate', producer: 'app', perSecond: 2 },
        { at: 6, action: 'set-rate', producer: 'app', perSecond: 0 },
      ],
    });
    const published = traceOf(scenario).filter((r) => r.kind === 'published').map((r) => r.time);
    // At t = 6 the stop (scheduled when the run began) comes before the arrival scheduled at 5.5: ties go by
    // scheduling order, so no message is published at 6.
    expect(published).toEqual([1, 2, 3, 4, 4.5, 5, 5.5]);
  });
});
