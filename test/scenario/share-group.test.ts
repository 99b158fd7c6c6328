import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime';
import { validateScenario, type ScenarioError } from '../../src/scenario';
import { scenarioFrom } from '../helpers/scenarios';

type Data = {
  producers: Record<string, unknown>[];
  brokers: Record<string, unknown>[];
  consumers: Record<string, unknown>[];
  timeline: Record<string, unknown>[];
  [key: string]: unknown;
};

/**
 * A Redis-like stream trimmed to 20 entries, a fast shared group of two workers, a slow shared group
 * whose poison entries go to a queue of their own, and a plain queue for them.
 */
function shareData(): Data {
  return {
    version: 1,
    name: 'shared groups',
    seed: 7,
    duration: 60,
    producers: [{ id: 'api', target: 'events', rate: { process: 'poisson', perSecond: 4 }, stop: 40 }],
    brokers: [
      { id: 'events', kind: 'stream', maxEntries: 20 },
      { id: 'poison', kind: 'queue' },
    ],
    consumers: [
      {
        id: 'mailer',
        reads: 'events',
        instances: 2,
        startFrom: 'earliest',
        processing: { type: 'exponential', mean: 0.2 },
        share: { ackTimeout: 5 },
      },
      {
        id: 'audit',
        reads: 'events',
        instances: 1,
        startFrom: 'earliest',
        processing: { type: 'constant', value: 1 },
        failure: { probability: 0.4, action: 'requeue' },
        share: { ackTimeout: 5, maxDeliveries: 2, onMaxDeliveries: 'dead-letter', deadLetterTo: 'poison' },
      },
    ],
    timeline: [],
  };
}

function errorsAfter(change: (data: Data) => void): ScenarioError[] {
  const data = shareData();
  change(data);
  const result = validateScenario(data);
  if (result.ok) throw new Error('expected the scenario to be rejected, but it was accepted');
  return result.errors;
}

describe('shared consumer groups on a stream in the scenario format', () => {
  it('accepts the base scenario, so every rejection below is caused by the one change a test makes', () => {
    const result = validateScenario(shareData());
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('fills the share defaults: no claim, no delivery limit, keep, no dead-letter queue, crashed entries kept pending', () => {
    const data = shareData();
    data.consumers[0]!.share = {};
    expect(scenarioFrom(data).consumers[0]!.share).toEqual({ onMaxDeliveries: 'keep', onCrash: 'keep-pending' });
  });

  it('refuses each partition-owning field on a shared group, naming its path', () => {
    const fields: Record<string, unknown> = {
      commit: { mode: 'manual' },
      maxPollRecords: 10,
      assignment: 'range',
      rebalancePause: 1,
      sessionTimeout: 10,
    };
    for (const [field, value] of Object.entries(fields)) {
      const errors = errorsAfter((d) => (d.consumers[0]![field] = value));
      expect(errors).toEqual([expect.objectContaining({ path: `consumers[0].${field}`, message: expect.stringContaining('shared group (share)') })]);
    }
  });

  it('refuses share on a group that reads a queue', () => {
    const errors = errorsAfter((d) => (d.consumers[0]!.reads = 'poison'));
    expect(errors.map((e) => e.path)).toContain('consumers[0].share');
  });

  it('refuses a dead-letter limit without a target, and a target that is not a queue', () => {
    const noTarget = errorsAfter((d) => delete (d.consumers[1]!.share as Record<string, unknown>).deadLetterTo);
    expect(noTarget).toEqual([expect.objectContaining({ path: 'consumers[1].share.onMaxDeliveries', message: expect.stringContaining('needs share.deadLetterTo') })]);
    const stream = errorsAfter((d) => ((d.consumers[1]!.share as Record<string, unknown>).deadLetterTo = 'events'));
    expect(stream).toEqual([expect.objectContaining({ path: 'consumers[1].share.deadLetterTo', message: expect.stringContaining('is a stream') })]);
  });

  it('refuses a silent failure (no-ack) on a shared group that never claims', () => {
    const errors = errorsAfter((d) => {
      d.consumers[1]!.failure = { probability: 0.1, action: 'no-ack' };
      delete (d.consumers[1]!.share as Record<string, unknown>).ackTimeout;
    });
    expect(errors).toEqual([expect.objectContaining({ path: 'consumers[1].failure.action', message: expect.stringContaining('share.ackTimeout') })]);
  });

  it('refuses reset-offsets on a shared group, which has no offsets', () => {
    const errors = errorsAfter((d) => d.timeline.push({ at: 10, action: 'reset-offsets', group: 'audit', to: 'earliest' }));
    expect(errors).toEqual([expect.objectContaining({ path: 'timeline[0].group', message: expect.stringContaining('shared group') })]);
  });

  it('accepts queue-group fields on a shared group: concurrency, prefetch and set-prefetch', () => {
    const data = shareData();
    Object.assign(data.consumers[0]!, { concurrency: 2, prefetch: 4 });
    data.timeline.push({ at: 10, action: 'set-prefetch', group: 'mailer', prefetch: 2 });
    const result = validateScenario(data);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('runs through the normal path: each group gets every entry or skips it, poison entries reach the queue, the checks hold', () => {
    const report = runScenario(scenarioFrom(shareData()));
    const published = report.producers.api!.published;
    expect(published).toBeGreaterThan(100);
    const mailer = report.groups.mailer!;
    const audit = report.groups.audit!;
    // The fast group keeps up with the trimming; the slow one (1 s per entry against 4 a second) cannot.
    expect(mailer.skipped).toBe(0);
    expect(mailer.acked).toBe(published);
    expect(audit.skipped).toBeGreaterThan(0);
    // Every entry is, for the slow group, acked, dead-lettered, skipped, or still waiting (its lag).
    expect(audit.acked + audit.deadLettered + audit.skipped + audit.lag.final).toBe(published);
    expect(audit.deadLettered).toBeGreaterThan(0);
    expect(report.brokers.poison!.enqueued).toBe(audit.deadLettered);
    expect(report.brokers['events/audit']!.kind).toBe('subscription');
    expect([audit.shared, mailer.shared]).toEqual([true, true]);
    expect(report.invariants.violations).toEqual([]);
    expect(report.invariants.ok).toBe(true);
  });

  it('keeps the checks holding when members crash and their pending entries wait to be claimed, or are released', () => {
    for (const onCrash of ['keep-pending', 'release']) {
      const data = shareData();
      Object.assign(data.consumers[0]!, { crashes: { uptime: { type: 'exponential', mean: 5 }, downtime: { type: 'constant', value: 2 } } });
      (data.consumers[0]!.share as Record<string, unknown>).onCrash = onCrash;
      const report = runScenario(scenarioFrom(data));
      const mailer = report.groups.mailer!;
      expect(mailer.crashes).toBeGreaterThan(0);
      expect(mailer.redelivered).toBeGreaterThan(0);
      expect(report.brokers['events/mailer']!.requeuedBy[onCrash === 'release' ? 'crash' : 'lease-expired']).toBeGreaterThan(0);
      if (onCrash === 'keep-pending') expect(report.brokers['events/mailer']!.requeuedBy.crash).toBeUndefined();
      expect(report.invariants.violations).toEqual([]);
      expect(report.invariants.ok).toBe(true);
    }
  });

  it('scales a shared group on its depth, which counts the entries still unread in the log', () => {
    const data = shareData();
    data.consumers[1]!.autoscale = { minInstances: 1, maxInstances: 4, target: 5, interval: 5, cooldown: 5 };
    const report = runScenario(scenarioFrom(data));
    expect(report.groups.audit!.instances.max).toBeGreaterThan(1);
    expect(report.invariants.ok).toBe(true);
  });
});
