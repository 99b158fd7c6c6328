import { describe, expect, it } from 'vitest';
import { createMessage, QueueBroker } from '../../../src/model';
import { ShareCursor } from '../../../src/model/stream';
import { shareWorld } from './share-fixtures';
import { sequence, shareLine } from './share-trace';

describe('shared consumer group on a stream (Redis Streams consumer group, Kafka share group): exact traces', () => {
  it('hands one partition’s entries to the members one at a time, moving an entry out of the log only when a member has room', () => {
    const w = shareWorld();
    w.share({ id: 'g', group: { instances: 2 } });
    for (const t of [0.5, 0.6, 0.7]) w.publishAt(t);
    w.sim.runUntil(10);
    expect(w.records.map(shareLine)).toEqual([
      '0.5 published m1 s',
      '0.5 appended m1 s p0@0',
      '0.5 routed m1 s s/g',
      '0.5 enqueued m1 s/g',
      '0.5 delivered m1 s/g g g#1 a1',
      '0.6 published m2 s',
      '0.6 appended m2 s p0@1',
      '0.6 routed m2 s s/g',
      '0.6 enqueued m2 s/g',
      '0.6 delivered m2 s/g g g#2 a1',
      '0.7 published m3 s',
      // Both members are busy: the entry stays in the log.
      '0.7 appended m3 s p0@2',
      '1.5 acked m1 s/g g g#1 a1',
      '1.5 routed m3 s s/g',
      '1.5 enqueued m3 s/g',
      '1.5 delivered m3 s/g g g#1 a1',
      '1.6 acked m2 s/g g g#2 a1',
      '2.5 acked m3 s/g g g#1 a1',
    ]);
  });

  it('gives an entry left unacknowledged past ackTimeout (min-idle) to another member, with delivery count 2', () => {
    const w = shareWorld();
    const { queue } = w.share({ id: 'g', group: { instances: 2, processing: sequence(10, 1) }, queue: { ackTimeout: 3 } });
    w.publishAt(0.5);
    w.sim.runUntil(20);
    expect(w.records.map(shareLine)).toEqual([
      '0.5 published m1 s',
      '0.5 appended m1 s p0@0',
      '0.5 routed m1 s s/g',
      '0.5 enqueued m1 s/g',
      '0.5 delivered m1 s/g g g#1 a1',
      '3.5 requeued m1 s/g g g#1 lease-expired',
      '3.5 delivered m1 s/g g g#2 lease-expired a2',
      '4.5 acked m1 s/g g g#2 a2',
      // The first holder's ack comes after the claim: the entry is no longer its own.
      '10.5 late-ack m1 s/g g g#1 ignored a2',
    ]);
    expect(queue.depth).toBe(0);
  });

  it("leaves a crashed member's entry pending until its lease runs out, then another member claims it (Redis)", () => {
    const w = shareWorld();
    const { group } = w.share({ id: 'g', group: { instances: 2, processing: sequence(10, 1) }, queue: { ackTimeout: 3 } });
    w.publishAt(0.5);
    w.at(1, () => group.crash(0));
    w.sim.runUntil(20);
    expect(w.records.map(shareLine).slice(4)).toEqual([
      '0.5 delivered m1 s/g g g#1 a1',
      '1 crashed s/g g g#1',
      '3.5 requeued m1 s/g g g#1 lease-expired',
      '3.5 delivered m1 s/g g g#2 lease-expired a2',
      '4.5 acked m1 s/g g g#2 a2',
    ]);
  });

  it("hands a crashed member's entry back at once with onCrash 'release' (Kafka share groups)", () => {
    const w = shareWorld();
    const { group } = w.share({ id: 'g', onCrash: 'release', group: { instances: 2, processing: sequence(10, 1) }, queue: { ackTimeout: 3 } });
    w.publishAt(0.5);
    w.at(1, () => group.crash(0));
    w.sim.runUntil(20);
    expect(w.records.map(shareLine).slice(4)).toEqual([
      '0.5 delivered m1 s/g g g#1 a1',
      '1 crashed s/g g g#1',
      '1 requeued m1 s/g g g#1 crash',
      '1 delivered m1 s/g g g#2 crash a2',
      '2 acked m1 s/g g g#2 a2',
    ]);
  });

  it('gives every entry to each of two shared groups on one stream, each at its own pace', () => {
    const w = shareWorld();
    w.share({ id: 'a' });
    w.share({ id: 'b', group: { processing: sequence(2, 2) } });
    w.publishAt(0.5);
    w.publishAt(0.6);
    w.sim.runUntil(20);
    expect(w.records.map(shareLine)).toEqual([
      '0.5 published m1 s',
      '0.5 appended m1 s p0@0',
      '0.5 routed m1 s s/a',
      '0.5 enqueued m1 s/a',
      '0.5 delivered m1 s/a a a#1 a1',
      '0.5 routed m1 s s/b',
      '0.5 enqueued m1 s/b',
      '0.5 delivered m1 s/b b b#1 a1',
      '0.6 published m2 s',
      '0.6 appended m2 s p0@1',
      '1.5 acked m1 s/a a a#1 a1',
      '1.5 routed m2 s s/a',
      '1.5 enqueued m2 s/a',
      '1.5 delivered m2 s/a a a#1 a1',
      '2.5 acked m1 s/b b b#1 a1',
      '2.5 routed m2 s s/b',
      '2.5 enqueued m2 s/b',
      '2.5 delivered m2 s/b b b#1 a1',
      '2.5 acked m2 s/a a a#1 a1',
      '4.5 acked m2 s/b b b#1 a1',
    ]);
  });

  it('skips, and counts, the entries MAXLEN trims before a slow group reached them, while a fast group reads them all', () => {
    const w = shareWorld({ retention: { maxEntries: 2 } });
    const fast = w.share({ id: 'fast', group: { processing: sequence(0.1, 0.1, 0.1, 0.1) } });
    const slow = w.share({ id: 'slow', group: { processing: sequence(10) } });
    for (const t of [1, 2, 3, 4]) w.publishAt(t);
    w.sim.runUntil(30);
    expect(w.records.map(shareLine)).toEqual([
      '1 published m1 s',
      '1 appended m1 s p0@0',
      '1 routed m1 s s/fast',
      '1 enqueued m1 s/fast',
      '1 delivered m1 s/fast fast fast#1 a1',
      '1 routed m1 s s/slow',
      '1 enqueued m1 s/slow',
      '1 delivered m1 s/slow slow slow#1 a1',
      '1.1 acked m1 s/fast fast fast#1 a1',
      '2 published m2 s',
      '2 appended m2 s p0@1',
      '2 routed m2 s s/fast',
      '2 enqueued m2 s/fast',
      '2 delivered m2 s/fast fast fast#1 a1',
      '2.1 acked m2 s/fast fast fast#1 a1',
      '3 published m3 s',
      '3 appended m3 s p0@2',
      // m1 is trimmed while slow still holds it: it was delivered already, so it stays pending.
      '3 truncated s p0@1',
      '3 routed m3 s s/fast',
      '3 enqueued m3 s/fast',
      '3 delivered m3 s/fast fast fast#1 a1',
      '3.1 acked m3 s/fast fast fast#1 a1',
      '4 published m4 s',
      '4 appended m4 s p0@3',
      '4 truncated s p0@2',
      // m2 goes before slow reached it: never delivered to slow.
      '4 skipped m2 s p0@1 slow retention',
      '4 routed m4 s s/fast',
      '4 enqueued m4 s/fast',
      '4 delivered m4 s/fast fast fast#1 a1',
      '4.1 acked m4 s/fast fast fast#1 a1',
      '11 acked m1 s/slow slow slow#1 a1',
      '11 routed m3 s s/slow',
      '11 enqueued m3 s/slow',
      '11 delivered m3 s/slow slow slow#1 a1',
      '12 acked m3 s/slow slow slow#1 a1',
      '12 routed m4 s s/slow',
      '12 enqueued m4 s/slow',
      '12 delivered m4 s/slow slow slow#1 a1',
      '13 acked m4 s/slow slow slow#1 a1',
    ]);
    expect({ moved: slow.cursor.moved, skipped: slow.cursor.skipped, unread: slow.cursor.unread }).toEqual({ moved: 3, skipped: 1, unread: 0 });
    expect(slow.cursor.skippedOnPartition(0)).toBe(1);
    expect({ moved: fast.cursor.moved, skipped: fast.cursor.skipped }).toEqual({ moved: 4, skipped: 0 });
  });

  it('has no dead-letter queue by default: a poison entry nobody acknowledges is claimed again and again', () => {
    const w = shareWorld();
    w.share({ id: 'g', group: { instances: 2, failure: { probability: 1, action: 'no-ack' } }, queue: { ackTimeout: 2 } });
    w.publishAt(0.5);
    w.sim.runUntil(9);
    expect(w.records.map(shareLine)).toEqual([
      '0.5 published m1 s',
      '0.5 appended m1 s p0@0',
      '0.5 routed m1 s s/g',
      '0.5 enqueued m1 s/g',
      '0.5 delivered m1 s/g g g#1 a1',
      '1.5 failed m1 s/g g g#1 transient',
      '2.5 requeued m1 s/g g g#1 lease-expired',
      '2.5 delivered m1 s/g g g#2 lease-expired a2',
      '3.5 failed m1 s/g g g#2 transient',
      '4.5 requeued m1 s/g g g#2 lease-expired',
      '4.5 delivered m1 s/g g g#1 lease-expired a3',
      '5.5 failed m1 s/g g g#1 transient',
      '6.5 requeued m1 s/g g g#1 lease-expired',
      '6.5 delivered m1 s/g g g#2 lease-expired a4',
      '7.5 failed m1 s/g g g#2 transient',
      '8.5 requeued m1 s/g g g#2 lease-expired',
      '8.5 delivered m1 s/g g g#1 lease-expired a5',
    ]);
  });

  it("keeps a poison entry pending, no longer delivered, once it reaches maxDeliveries with 'keep'", () => {
    const w = shareWorld();
    const { queue, cursor } = w.share({
      id: 'g',
      group: { instances: 2, failure: { probability: 1, action: 'no-ack' } },
      queue: { ackTimeout: 2, maxDeliveries: 3, onMaxDeliveries: 'keep' },
    });
    w.publishAt(0.5);
    w.sim.runUntil(15);
    expect(w.records.map(shareLine)).toEqual([
      '0.5 published m1 s',
      '0.5 appended m1 s p0@0',
      '0.5 routed m1 s s/g',
      '0.5 enqueued m1 s/g',
      '0.5 delivered m1 s/g g g#1 a1',
      '1.5 failed m1 s/g g g#1 transient',
      '2.5 requeued m1 s/g g g#1 lease-expired',
      '2.5 delivered m1 s/g g g#2 lease-expired a2',
      '3.5 failed m1 s/g g g#2 transient',
      '4.5 requeued m1 s/g g g#2 lease-expired',
      '4.5 delivered m1 s/g g g#1 lease-expired a3',
      '5.5 failed m1 s/g g g#1 transient',
      '6.5 flagged m1 s/g g g#1 delivery-limit',
    ]);
    expect({ parked: queue.parked, ready: queue.depth, unread: cursor.unread }).toEqual({ parked: 1, ready: 0, unread: 0 });
  });

  it("moves a poison entry to the group's dead-letter queue when one is set and the limit is 'dead-letter'", () => {
    const w = shareWorld();
    const dlq = new QueueBroker(w.ctx, {
      id: 'poison',
      maxLength: undefined,
      overflow: 'drop-head',
      ackTimeout: undefined,
      lateAck: 'ignore',
      maxDeliveries: undefined,
      onMaxDeliveries: 'keep',
      messageTtl: undefined,
      deliveryDelay: 0,
    });
    const { queue } = w.share({ id: 'g', group: { failure: { probability: 1, action: 'requeue' } }, queue: { maxDeliveries: 2, onMaxDeliveries: 'dead-letter' } });
    queue.setDeadLetterQueue(dlq);
    w.publishAt(0.5);
    w.sim.runUntil(5);
    expect(w.records.map(shareLine).slice(5)).toEqual([
      '1.5 failed m1 s/g g g#1 transient',
      '1.5 requeued m1 s/g g g#1 nack',
      '1.5 delivered m1 s/g g g#1 nack a2',
      '2.5 failed m1 s/g g g#1 transient',
      '2.5 dead-lettered m1 s/g g g#1 delivery-limit',
      '2.5 enqueued m1 poison',
    ]);
    expect(dlq.depth).toBe(1);
  });

  it("starts at the log end with startFrom 'latest': entries appended before the group are not its business", () => {
    const w = shareWorld();
    w.publishAt(0.5);
    w.at(1, () => w.share({ id: 'g', startFrom: 'latest' }));
    w.publishAt(2);
    w.sim.runUntil(5);
    expect(w.records.filter((r) => r.group === 'g' || r.broker === 's/g').map(shareLine)).toEqual([
      '2 enqueued m2 s/g',
      '2 delivered m2 s/g g g#1 a1',
      '3 acked m2 s/g g g#1 a1',
    ]);
  });

  it('reads several partitions round-robin, one entry from each in turn', () => {
    const w = shareWorld({ partitions: 2, partitioner: { type: 'round-robin' } });
    for (const t of [0.1, 0.2, 0.3, 0.4]) w.publishAt(t);
    w.at(1, () => w.share({ id: 'g', startFrom: 'earliest' }));
    w.sim.runUntil(10);
    expect(w.records.filter((r) => r.kind === 'routed').map((r) => r.message)).toEqual([1, 2, 3, 4]);
    expect(w.records.filter((r) => r.kind === 'appended').map((r) => r.partition)).toEqual([0, 1, 0, 1]);
  });

  it('refuses a bad startFrom or onCrash, a queue that is not empty and a partition that does not exist with a RangeError naming them', () => {
    const w = shareWorld();
    const queue = new QueueBroker(w.ctx, {
      id: 'q',
      maxLength: undefined,
      overflow: 'drop-head',
      ackTimeout: undefined,
      lateAck: 'ignore',
      maxDeliveries: undefined,
      onMaxDeliveries: 'keep',
      messageTtl: undefined,
      deliveryDelay: 0,
    });
    expect(() => new ShareCursor(w.ctx, { group: 'g', stream: w.stream, queue, startFrom: 'middle' as 'latest' })).toThrow(/startFrom must be 'earliest' or 'latest'/);
    expect(() => new ShareCursor(w.ctx, { group: 'g', stream: w.stream, queue, onCrash: 'forget' as 'release' })).toThrow(/onCrash must be 'keep-pending' or 'release'/);
    expect(() => new ShareCursor(w.ctx, { group: 'g', stream: w.stream, queue }).position(3)).toThrow(/partitions 0 to 0, not 3/);
    queue.accept(createMessage(w.ctx.nextMessageId(), 0, 'p', 'E', '', 10));
    expect(() => new ShareCursor(w.ctx, { group: 'g', stream: w.stream, queue })).toThrow(/queue q must start empty, it holds 1/);
  });
});
