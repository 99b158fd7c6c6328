import { describe, expect, it } from 'vitest';
import { NetworkLink } from '../../../src/model';
import { scenarioFrom } from '../../helpers/scenarios';
import { traceOf } from '../../helpers/trace';

describe('NetworkLink', () => {
  it('delivers a message after its bytes at the bandwidth plus the latency', () => {
    const link = new NetworkLink({ bandwidthBytesPerSecond: 1000, latency: 0.5 });
    expect(link.transfer(10, 2000)).toBe(12.5);
  });

  it('sends one message after another, so a large one delays the small one behind it', () => {
    const link = new NetworkLink({ bandwidthBytesPerSecond: 1000, latency: 0 });
    expect(link.transfer(0, 5000)).toBe(5);
    expect(link.transfer(1, 100)).toBe(5.1);
    // Once the wire is idle again, a transfer starts when it is handed over.
    expect(link.transfer(20, 100)).toBe(20.1);
  });

  it('starts afresh after a reset, as a new connection does', () => {
    const link = new NetworkLink({ bandwidthBytesPerSecond: 1000, latency: 0 });
    link.transfer(0, 5000);
    link.reset();
    expect(link.transfer(1, 1000)).toBe(2);
  });

  it('refuses a bandwidth of zero and a negative latency, naming the field', () => {
    expect(() => new NetworkLink({ bandwidthBytesPerSecond: 0, latency: 0 })).toThrow('link.bandwidthBytesPerSecond must be a finite number > 0, got 0');
    expect(() => new NetworkLink({ bandwidthBytesPerSecond: 1, latency: -1 })).toThrow('link.latency must be a finite number of seconds >= 0, got -1');
  });
});

/** One producer publishing two messages at t=1 of `sizes`, one consumer taking 1 s each. */
function twoMessages(producer: Record<string, unknown>, group: Record<string, unknown> = {}, sizes = [3000, 100]) {
  return scenarioFrom({
    version: 1,
    name: 'payload',
    duration: 30,
    producers: [
      { id: 'big', target: 'q', bursts: [{ at: 1, count: 1 }], payloadBytes: { type: 'constant', value: sizes[0] }, ...producer },
      { id: 'small', target: 'q', bursts: [{ at: 1, count: 1 }], payloadBytes: { type: 'constant', value: sizes[1] }, ...producer },
    ],
    brokers: [{ id: 'q', kind: 'queue', maxMessageBytes: 1000 }],
    consumers: [{ id: 'g', reads: 'q', instances: 1, concurrency: 2, processing: { type: 'constant', value: 1 }, ...group }],
  });
}

const steps = (scenario: ReturnType<typeof scenarioFrom>) => traceOf(scenario).map((r) => [r.kind, r.time, r.message, r.reason] as const);

describe('payload size on the way in and out', () => {
  it('rejects the payload over the broker limit, and publishes it as a reference with the claim check after its upload', () => {
    expect(steps(twoMessages({})).slice(0, 2)).toEqual([
      ['rejected', 1, 1, 'oversize'],
      ['published', 1, 2, ''],
    ]);
    const claimed = twoMessages({ claimCheck: { thresholdBytes: 1000, referenceBytes: 64, storeLatency: { type: 'constant', value: 0.5 }, storeBandwidthBytesPerSecond: 1000 } });
    // The 3000-byte payload uploads for 0.5 s + 3 s; the small one goes at once.
    expect(steps(claimed).filter(([kind]) => kind === 'published')).toEqual([
      ['published', 1, 2, ''],
      ['published', 4.5, 1, ''],
    ]);
  });

  it('publishes over the producer link one message after another', () => {
    const linked = twoMessages({ link: { bandwidthBytesPerSecond: 100, latency: 0.25 } }, {}, [500, 100]);
    // Each producer has its own connection: 500 B take 5 s, 100 B take 1 s, each plus the latency.
    expect(steps(linked).filter(([kind]) => kind === 'published')).toEqual([
      ['published', 2.25, 2, ''],
      ['published', 6.25, 1, ''],
    ]);
  });

  it('starts processing a delivery only once its bytes have crossed the instance link, in the order they were sent', () => {
    const scenario = twoMessages({}, { payload: { link: { bandwidthBytesPerSecond: 100, latency: 0 } } }, [500, 100]);
    // Delivered at 1 together; message 1 arrives at 6 and message 2 behind it at 7; each takes 1 s.
    expect(steps(scenario).filter(([kind]) => kind === 'acked')).toEqual([
      ['acked', 7, 1, ''],
      ['acked', 8, 2, ''],
    ]);
  });
});
