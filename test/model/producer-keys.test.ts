import { describe, expect, it } from 'vitest';
import { createDistribution, RandomSource, Simulation } from '../../src/engine';
import { createModelContext, Producer, type Broker, type Message, type ModelContext } from '../../src/model';

/** A broker that takes everything and keeps what it got. */
function sink(): Broker & { got: Message[] } {
  const got: Message[] = [];
  return { id: 'sink', kind: 'queue', got, refusal: () => undefined, accept: (message) => void got.push(message) };
}

function keyedProducer(ctx: ModelContext, id: string, target: Broker, keyCount: number): Producer {
  return new Producer(ctx, {
    id,
    target,
    arrivals: undefined,
    bursts: [{ at: 1, count: 200, spread: 0 }],
    start: 0,
    stop: 10,
    eventType: 'E',
    keyCount,
    payloadBytes: createDistribution({ type: 'constant', value: 100 }),
  });
}

describe('producer keys', () => {
  it("gives each message its key's run-wide number and per-key version, whether or not the producer's keys were numbered in order", () => {
    const sim = new Simulation();
    const ctx = createModelContext(sim, new RandomSource(7));
    // Numbered before any producer exists, so that the second producer's keys are not numbered in order.
    expect(ctx.keyIds.idOf('key-3')).toBe(0);
    const target = sink();
    const inOrder = keyedProducer(ctx, 'a', target, 3);
    const shuffled = keyedProducer(ctx, 'b', target, 8);
    inOrder.start();
    shuffled.start();
    sim.runUntil(10);
    expect(target.got).toHaveLength(400);
    const versions = new Map<string, number>();
    for (const message of target.got) {
      expect(message.keyId).toBe(ctx.keyIds.idOf(message.key));
      const version = (versions.get(message.key) ?? 0) + 1;
      versions.set(message.key, version);
      expect(message.version).toBe(version);
    }
    expect(new Set(target.got.filter((m) => m.producer === 'b').map((m) => m.key)).size).toBe(8);
  });
});
