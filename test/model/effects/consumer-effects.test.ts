import { describe, expect, it } from 'vitest';
import { RandomSource, Simulation } from '../../../src/engine';
import { ConsumerEffects, copyRecord, createMessage, createModelContext, type Message, type TraceRecord } from '../../../src/model';
import type { ConsumerEffectsOptions } from '../../../src/model/effects';

type Row = [kind: string, time: number, message: number, consumer: string, reason: string, key: number, version: number];

function setup(options: ConsumerEffectsOptions) {
  const sim = new Simulation();
  const ctx = createModelContext(sim, new RandomSource(1));
  const records: TraceRecord[] = [];
  ctx.tracer.subscribe((r) => records.push(copyRecord(r)));
  const effects = new ConsumerEffects(ctx, { broker: 'jobs', group: 'workers' }, options);
  const rows = (): Row[] => records.map((r) => [r.kind, r.time, r.message, r.consumer, r.reason, r.attempt, r.offset]);
  return { sim, effects, rows };
}

/** Message `id` (a repeat publish of `origin` when given), of key `keyId` at `version`, published at `at`. */
function message(id: number, o: { origin?: number; keyId?: number; version?: number; at?: number } = {}): Message {
  return createMessage(id, o.at ?? 0, 'app', 'MESSAGE', o.keyId === undefined ? '' : `k${o.keyId}`, 100, undefined, o.keyId ?? -1, o.version ?? 0, o.origin ?? id);
}

describe('ConsumerEffects', () => {
  it('without a store applies every processed message’s side effect, recording a repeat of the same event as a duplicate', () => {
    const { effects, rows } = setup({ sideEffect: {} });
    effects.apply(message(1), 'w#1');
    effects.apply(message(1), 'w#2'); // a redelivery
    effects.apply(message(2, { origin: 1 }), 'w#1'); // a producer's repeat publish of event 1
    effects.apply(message(3), 'w#1');
    expect(rows()).toEqual<Row[]>([
      ['effect', 0, 1, 'w#1', 'applied', 0, -1],
      ['effect', 0, 1, 'w#2', 'duplicate', 0, -1],
      ['effect', 0, 2, 'w#1', 'duplicate', 0, -1],
      ['effect', 0, 3, 'w#1', 'applied', 0, -1],
    ]);
  });

  it('with a store keyed by message id knows redeliveries but lets a repeat publish (new id) through as a duplicate', () => {
    const { effects, rows } = setup({ sideEffect: { idempotency: { key: 'message-id', ttl: 60, lookupLatency: 0 } } });
    effects.apply(message(1), 'w#1');
    expect(effects.isKnownDuplicate(message(1), 0)).toBe(true);
    expect(effects.isKnownDuplicate(message(2, { origin: 1 }), 0)).toBe(false);
    effects.apply(message(2, { origin: 1 }), 'w#1');
    expect(rows().map((r) => r[4])).toEqual(['applied', 'duplicate']);
  });

  it('with a store keyed by business key knows a repeat publish of the same event too', () => {
    const { effects } = setup({ sideEffect: { idempotency: { key: 'business-key', ttl: 60, lookupLatency: 0 } } });
    effects.apply(message(1), 'w#1');
    expect(effects.isKnownDuplicate(message(2, { origin: 1 }), 0)).toBe(true);
    expect(effects.isKnownDuplicate(message(3), 0)).toBe(false);
  });

  it('avoids the side effect at apply time when the key was written while the message was processed', () => {
    const { effects, rows } = setup({ sideEffect: { idempotency: { key: 'message-id', ttl: 60, lookupLatency: 0 } } });
    effects.apply(message(1), 'w#1');
    effects.apply(message(1), 'w#2'); // started before the first one wrote the key
    effects.avoided(message(1), 'w#3'); // skipped before processing
    expect(rows()).toEqual<Row[]>([
      ['effect', 0, 1, 'w#1', 'applied', 0, -1],
      ['effect', 0, 1, 'w#2', 'avoided', 0, -1],
      ['effect', 0, 1, 'w#3', 'avoided', 0, -1],
    ]);
  });

  it('forgets a key after the ttl, so a late duplicate is applied again', () => {
    const { sim, effects, rows } = setup({ sideEffect: { idempotency: { key: 'message-id', ttl: 10, lookupLatency: 0 } } });
    effects.apply(message(1), 'w#1');
    sim.runUntil(10);
    expect(effects.isKnownDuplicate(message(1), sim.now)).toBe(false);
    effects.apply(message(1), 'w#1');
    expect(rows().map((r) => [r[1], r[4]])).toEqual([
      [0, 'applied'],
      [10, 'duplicate'],
    ]);
  });

  it('records a state update per keyed message with the key in attempt and the version in offset, and none for unkeyed ones', () => {
    const { effects, rows } = setup({ ordering: { remedy: 'none' } });
    effects.apply(message(1, { keyId: 4, version: 2 }), 'w#1');
    effects.apply(message(2, { keyId: 4, version: 1 }), 'w#2');
    effects.apply(message(3), 'w#1');
    expect(rows()).toEqual<Row[]>([
      ['state', 0, 1, 'w#1', 'in-order', 4, 2],
      ['state', 0, 2, 'w#2', 'out-of-order', 4, 1],
    ]);
  });

  it('reports a lookup latency of 0 without a store, and the store’s own otherwise', () => {
    expect(setup({ sideEffect: {} }).effects.lookupLatency).toBe(0);
    expect(setup({ sideEffect: { idempotency: { key: 'message-id', ttl: 60, lookupLatency: 0.004 } } }).effects.lookupLatency).toBe(0.004);
  });

  it('refuses a negative lookup latency, naming the option', () => {
    expect(() => setup({ sideEffect: { idempotency: { key: 'message-id', ttl: 60, lookupLatency: -1 } } })).toThrow(
      new RangeError('idempotency.lookupLatency must be a finite number of seconds >= 0, got -1'),
    );
  });
});
