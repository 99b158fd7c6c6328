import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../../src/model';
import { runScenario } from '../../../src/runtime';
import { scenarioFrom } from '../../helpers/scenarios';
import { traceOf } from '../../helpers/trace';

type Row = [time: number, broker: string, group: string, name: string, firing: number, value: number];

const alertRows = (records: readonly TraceRecord[]): Row[] =>
  records.filter((r) => r.kind === 'alert').map((r) => [r.time, r.broker, r.group, r.reason, r.attempt, r.offset]);

/** One producer publishing exactly one message per second (at 1 s, 2 s, …) into queue q, which nobody reads. */
function unreadQueue(alert: Record<string, unknown>) {
  return scenarioFrom({
    version: 1,
    name: 'unread queue',
    duration: 60,
    producers: [{ id: 'p', target: 'q', rate: { process: 'constant', perSecond: 1 } }],
    brokers: [{ id: 'q', kind: 'queue' }],
    alerts: [alert],
  });
}

/**
 * Payments: 2 messages/s (at 0.5 s, 1 s, …) each taking 0.5 s, calling dependency "payments", which
 * is down from 30 s to 50 s: calls started then hang for the 2 s timeout and fail, and each failed
 * message is rejected to the DLQ.
 */
function paymentsOutage(alerts: unknown[]) {
  return scenarioFrom({
    version: 1,
    name: 'payments outage',
    duration: 70,
    producers: [{ id: 'shop', target: 'payments', rate: { process: 'constant', perSecond: 2 } }],
    brokers: [
      { id: 'payments', kind: 'queue', deadLetterTo: 'payments-dlq' },
      { id: 'payments-dlq', kind: 'queue' },
    ],
    dependencies: [{ id: 'payment-provider', timeout: 2 }],
    consumers: [
      { id: 'charger', reads: 'payments', concurrency: 8, processing: { type: 'constant', value: 0.5 }, dependency: 'payment-provider', failure: { probability: 0, action: 'reject' } },
    ],
    timeline: [{ at: 30, action: 'outage', dependency: 'payment-provider', duration: 20 }],
    alerts,
  });
}

describe('alerts in a run', () => {
  it('fires a depth alert exactly `for` seconds after the first evaluation that saw the depth above the threshold', () => {
    // Evaluations every 5 s read the depth before that instant's publish: 9 at 10 s, 14 at 15 s (> 10,
    // pending), so the alert fires at 15 + 20 = 35 s, reading 34 messages.
    const trace = traceOf(unreadQueue({ name: 'backlog', metric: 'depth', broker: 'q', above: 10, for: 20 }));
    expect(alertRows(trace)).toEqual([[35, 'q', '', 'backlog', 1, 34]]);
  });

  it('puts the firing in the report of the broker it watches, with no resolve time while it still fires at the end', () => {
    const report = runScenario(unreadQueue({ name: 'backlog', metric: 'depth', broker: 'q', above: 10, for: 20 }));
    expect(report.brokers.q!.alerts).toEqual([{ name: 'backlog', at: 35, value: 34 }]);
    expect(report.invariants.ok).toBe(true);
  });

  it('emits no alert record and reports an empty list when the metric stays at or below the threshold', () => {
    const scenario = unreadQueue({ name: 'backlog', metric: 'depth', broker: 'q', above: 60, for: 0 });
    expect(alertRows(traceOf(scenario))).toEqual([]);
    expect(runScenario(scenario).brokers.q!.alerts).toEqual([]);
  });

  it('resolves a lag alert at the first evaluation after the group caught up below the threshold', () => {
    // 30 messages at 0 s, one consumer taking 1 s each: the lag read at 5 s, 10 s, … is 25, 20, 15, 10.
    const scenario = scenarioFrom({
      version: 1,
      name: 'draining backlog',
      duration: 40,
      producers: [{ id: 'p', target: 'q', bursts: [{ at: 0, count: 30 }] }],
      brokers: [{ id: 'q', kind: 'queue' }],
      consumers: [{ id: 'worker', reads: 'q', processing: { type: 'constant', value: 1 } }],
      alerts: [{ name: 'worker-behind', metric: 'lag', group: 'worker', above: 10, for: 5 }],
    });
    expect(alertRows(traceOf(scenario))).toEqual([
      [10, 'q', 'worker', 'worker-behind', 1, 20],
      [20, 'q', 'worker', 'worker-behind', 0, 10],
    ]);
    expect(runScenario(scenario).groups.worker!.alerts).toEqual([{ name: 'worker-behind', at: 10, value: 20, until: 20 }]);
  });

  it('fires an error-rate alert during a dependency outage and resolves it once calls succeed again', () => {
    // 30–35 s: one success (started at 29.5 s) and 6 timeouts (started 30–32.5 s): 6/7, pending.
    // 45 s: every attempt failed for 10 s: fires at 1. 55 s: 4 last timeouts and 9 successes: 4/13, resolved.
    const trace = traceOf(paymentsOutage([{ name: 'payments-failing', metric: 'error-rate', group: 'charger', above: 0.5, for: 10 }]));
    expect(alertRows(trace)).toEqual([
      [45, 'payments', 'charger', 'payments-failing', 1, 1],
      [55, 'payments', 'charger', 'payments-failing', 0, 4 / 13],
    ]);
  });

  it('fires a dlq-growth alert while failed messages pour into the dead-letter queue, and puts it in that queue\'s report', () => {
    // Dead letters arrive at 2/s from 32 s to 51.5 s: 6 by 35 s (1.2/s), 10 per interval after, 4 in 50–55 s (0.8/s).
    const scenario = paymentsOutage([{ name: 'dead-letters', metric: 'dlq-growth', broker: 'payments-dlq', above: 1 }]);
    expect(alertRows(traceOf(scenario))).toEqual([
      [35, 'payments-dlq', '', 'dead-letters', 1, 1.2],
      [55, 'payments-dlq', '', 'dead-letters', 0, 0.8],
    ]);
    const report = runScenario(scenario);
    expect(report.brokers['payments-dlq']!.alerts).toEqual([{ name: 'dead-letters', at: 35, value: 1.2, until: 55 }]);
    expect(report.brokers.payments!.alerts).toEqual([]);
    expect(report.groups.charger!.alerts).toEqual([]);
  });

  it('watches a stream group\'s lag in records and in seconds', () => {
    // One record per second (offset n appended at n + 1 s) into one partition; the reader takes 3 s per
    // record and commits on its polls. Its commits (checked below) put the committed offset at 3 from
    // 10 s and at 9 from 28 s. At 20 s: 19 appended − 3 committed = 16 > 10, the lag alert fires. The
    // oldest uncommitted record is then offset 3 (16 s old); at 30 s offset 9 (20 s old, not above 20);
    // at 40 s still offset 9, 30 s old: the lag-seconds alert fires.
    const scenario = scenarioFrom({
      version: 1,
      name: 'slow stream reader',
      duration: 45,
      producers: [{ id: 'p', target: 'events', rate: { process: 'constant', perSecond: 1 } }],
      brokers: [{ id: 'events', kind: 'stream', partitions: 1 }],
      consumers: [{ id: 'reader', reads: 'events', startFrom: 'earliest', processing: { type: 'constant', value: 3 }, commit: { mode: 'auto', intervalSeconds: 1 } }],
      alerts: [
        { name: 'reader-lag', metric: 'lag', group: 'reader', above: 10, interval: 10 },
        { name: 'reader-late', metric: 'lag-seconds', group: 'reader', above: 20, interval: 10 },
      ],
    });
    const trace = traceOf(scenario);
    expect(trace.filter((r) => r.kind === 'committed').map((r) => [r.time, r.offset])).toEqual([
      [4, 1],
      [10, 3],
      [28, 9],
    ]);
    expect(alertRows(trace)).toEqual([
      [20, 'events', 'reader', 'reader-lag', 1, 16],
      [40, 'events', 'reader', 'reader-late', 1, 30],
    ]);
  });

  it('reads nothing from a group until a timeline action adds it, then watches it like any other', () => {
    // Nobody reads q until "late" joins at 30 s: the evaluations up to 25 s find no group, although the
    // queue holds 24 messages at 25 s. The join comes before the 30 s evaluation (the action was
    // scheduled at the start, the evaluation only at 25 s): 29 published, 1 taken, so a lag of 28.
    const scenario = scenarioFrom({
      ...unreadQueueData(),
      timeline: [{ at: 30, action: 'add-group', group: { id: 'late', reads: 'q', processing: { type: 'constant', value: 100 } } }],
      alerts: [{ name: 'late-behind', metric: 'lag', group: 'late', above: 10 }],
    });
    expect(alertRows(traceOf(scenario))).toEqual([[30, 'q', 'late', 'late-behind', 1, 28]]);
  });

  it('adds no event to a run without alerts', () => {
    const withAlert = runScenario(unreadQueue({ name: 'backlog', metric: 'depth', broker: 'q', above: 1000, interval: 5 }));
    const without = runScenario(scenarioFrom({ ...unreadQueueData(), alerts: [] }));
    // 12 evaluations in 60 s (5 s, …, 60 s).
    expect(withAlert.events - without.events).toBe(12);
    expect(withAlert.traceHash).toBe(without.traceHash);
  });
});

function unreadQueueData() {
  return {
    version: 1,
    name: 'unread queue',
    duration: 60,
    producers: [{ id: 'p', target: 'q', rate: { process: 'constant', perSecond: 1 } }],
    brokers: [{ id: 'q', kind: 'queue' }],
  };
}
