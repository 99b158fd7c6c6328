import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/model';
import { runScenario } from '../../src/runtime';
import { validateScenario } from '../../src/scenario';
import { scenarioFrom } from '../helpers/scenarios';
import { traceOf } from '../helpers/trace';

/** Two bursts at t = 1: two 100-byte messages, then one of 5,000 bytes. */
const producer = (target: string): object => ({
  id: 'app',
  target,
  bursts: [{ at: 1, count: 3 }],
  payloadBytes: { type: 'choice', options: [{ value: 100, weight: 2 }, { value: 5000, weight: 1 }] },
});

/** A record as [kind, time, message, broker, consumer, reason]. */
const row = (r: TraceRecord): [string, number, number, string, string, string] => [r.kind, r.time, r.message, r.broker, r.consumer, r.reason];

describe('a broker’s maximum message size', () => {
  it('rejects a publish larger than a queue takes, with reason oversize, and counts it for the queue and its group', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'oversize queue',
      duration: 5,
      seed: 3,
      producers: [producer('jobs')],
      brokers: [{ id: 'jobs', kind: 'queue', maxMessageBytes: 1024 }],
      consumers: [{ id: 'workers', reads: 'jobs', processing: { type: 'constant', value: 0.1 } }],
    });
    const records = traceOf(scenario);
    const sizes = records.filter((r) => r.kind === 'rejected' || r.kind === 'published').map((r) => [r.kind, r.message, r.reason]);
    const report = runScenario(scenario);
    const rejected = sizes.filter(([kind]) => kind === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every(([, , reason]) => reason === 'oversize')).toBe(true);
    expect(report.producers.app!.rejectedBy).toEqual({ oversize: rejected.length });
    expect(report.brokers.jobs!.oversizeRejected).toBe(rejected.length);
    expect(report.groups.workers!.oversizeRejected).toBe(rejected.length);
    expect(report.groups.workers!.acked).toBe(3 - rejected.length);
    expect(report.invariants.ok).toBe(true);
  });

  it('drops only the copy a small subscription cannot take, while a larger one gets it', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'oversize subscription',
      duration: 5,
      producers: [{ id: 'app', target: 'events', bursts: [{ at: 1, count: 1 }], payloadBytes: { type: 'constant', value: 2000 } }],
      brokers: [{ id: 'events', kind: 'topic', subscriptions: [{ id: 'small', maxMessageBytes: 1000 }, { id: 'large' }] }],
    });
    expect(traceOf(scenario).map(row)).toEqual([
      ['published', 1, 1, 'events', '', ''],
      ['routed', 1, 1, 'events', 'small', ''],
      ['dropped', 1, 1, 'small', '', 'oversize'],
      ['routed', 1, 1, 'events', 'large', ''],
      ['enqueued', 1, 1, 'large', '', ''],
    ]);
    const report = runScenario(scenario);
    expect(report.brokers.events!.subscriptions).toEqual({ small: { routed: 1, filtered: 0, refused: 1 }, large: { routed: 1, filtered: 0, refused: 0 } });
    expect(report.brokers.small!.oversizeRejected).toBe(1);
    expect(report.invariants.ok).toBe(true);
  });

  it('gives up at once on a bus target too small for the event, instead of retrying in vain', () => {
    const scenario = scenarioFrom({
      version: 1,
      name: 'oversize bus target',
      duration: 5,
      producers: [{ id: 'app', target: 'bus', bursts: [{ at: 1, count: 1 }], payloadBytes: { type: 'constant', value: 2000 } }],
      brokers: [
        { id: 'small', kind: 'queue', maxMessageBytes: 1000 },
        { id: 'parking', kind: 'queue' },
        { id: 'bus', kind: 'bus', rules: [{ id: 'all', targets: [{ to: 'small', deadLetterTo: 'parking' }] }] },
      ],
    });
    expect(traceOf(scenario).map(row)).toEqual([
      ['published', 1, 1, 'bus', '', ''],
      ['routed', 1, 1, 'bus', 'small', 'all'],
      ['dead-lettered', 1, 1, 'bus', 'small', 'oversize'],
      ['enqueued', 1, 1, 'parking', '', ''],
    ]);
    expect(runScenario(scenario).invariants.ok).toBe(true);
  });

  it('rejects a record larger than a stream takes, and one larger than a bus or topic takes', () => {
    for (const kind of ['stream', 'topic', 'bus']) {
      const scenario = scenarioFrom({
        version: 1,
        name: `oversize ${kind}`,
        duration: 5,
        producers: [{ id: 'app', target: 'b', bursts: [{ at: 1, count: 1 }], payloadBytes: { type: 'constant', value: 2000 } }],
        brokers: [{ id: 'b', kind, maxMessageBytes: 1999 }],
      });
      expect(runScenario(scenario).producers.app!.rejectedBy, kind).toEqual({ oversize: 1 });
    }
  });

  it('refuses a size limit that is not a whole number of bytes', () => {
    const result = validateScenario({
      version: 1,
      name: 'bad limit',
      duration: 5,
      producers: [{ id: 'app', target: 'jobs', bursts: [{ at: 1, count: 1 }] }],
      brokers: [{ id: 'jobs', kind: 'queue', maxMessageBytes: -1 }],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([{ path: 'brokers[0].maxMessageBytes', message: 'must be >= 0, got -1' }]);
  });
});
