import { describe, expect, it } from 'vitest';
import { createDistribution } from '../../../src/engine';
import { lines, streamWorld } from './stream-fixtures';

const slow = (seconds: number) => createDistribution({ type: 'constant', value: seconds });

describe('stream group: exact traces', () => {
  it('reads a 2-partition keyed stream in order per partition, one record at a time, committing after each batch', () => {
    const w = streamWorld({ partitions: 2 });
    w.group({ id: 'g' }).start();
    // Keys "a" and "b" hash to partition 0, "d" to partition 1.
    w.publishAt(1, 'a');
    w.publishAt(1.5, 'd');
    w.publishAt(2, 'b');
    w.sim.runUntil(10);
    expect(lines(w.records)).toEqual([
      '0 reset p0@0 g earliest',
      '0 reset p1@0 g earliest',
      '0 rebalanced g join a1',
      '0 assigned p0@0 g g#1 a1',
      '0 assigned p1@0 g g#1 a1',
      '1 published m1',
      '1 appended m1 p0@0',
      '1 delivered m1 p0@0 g g#1 a1',
      '1.5 published m2',
      '1.5 appended m2 p1@0',
      '2 published m3',
      '2 appended m3 p0@1',
      '2 acked m1 p0@0 g g#1 a1',
      '2 committed p0@1 g g#1',
      // Polls start one partition further on each time (the empty poll at 0 started with p0, the one at 1 with p1).
      '2 delivered m3 p0@1 g g#1 a1',
      '3 acked m3 p0@1 g g#1 a1',
      '3 delivered m2 p1@0 g g#1 a1',
      '4 acked m2 p1@0 g g#1 a1',
      '4 committed p0@2 g g#1',
      '4 committed p1@1 g g#1',
    ]);
    // A member with nothing to read waits for an append: no polling events.
    expect(w.sim.pending).toBe(0);
  });

  it('auto-commits what the previous poll returned, so a crash replays the batch in hand (attempt 2, reason crash)', () => {
    const w = streamWorld({ partitions: 1 });
    const g = w.group({ id: 'g', members: 2, autoCommit: { intervalSeconds: 2 }, sessionTimeout: 2, rebalancePause: 1 });
    g.start();
    w.publishAt(1);
    w.publishAt(1);
    w.publishAt(1);
    w.at(3.5, () => g.crash(0));
    w.sim.runUntil(20);
    expect(lines(w.records)).toEqual([
      '0 reset p0@0 g earliest',
      '0 rebalanced g join a1',
      '0 assigned p0@0 g g#1 a1',
      '1 published m1',
      '1 appended m1 p0@0',
      '1 delivered m1 p0@0 g g#1 a1',
      '1 published m2',
      '1 appended m2 p0@1',
      '1 published m3',
      '1 appended m3 p0@2',
      '2 acked m1 p0@0 g g#1 a1',
      // The interval is up at this poll: it commits the previous poll's batch (m1) before fetching m2, m3.
      '2 committed p0@1 g g#1',
      '2 delivered m2 p0@1 g g#1 a1',
      '3 acked m2 p0@1 g g#1 a1',
      '3 delivered m3 p0@2 g g#1 a1',
      '3.5 crashed g g#1',
      // The partition sits unconsumed until the session times out.
      '5.5 rebalanced g crash a2',
      '5.5 revoked p0@1 g g#1 a2',
      '6.5 assigned p0@1 g g#2 a2',
      '6.5 delivered m2 p0@1 g g#2 crash a2',
      '7.5 acked m2 p0@1 g g#2 a2',
      '7.5 delivered m3 p0@2 g g#2 crash a2',
      '8.5 acked m3 p0@2 g g#2 a2',
      '8.5 committed p0@3 g g#2',
    ]);
    expect(g.redelivered).toBe(2);
    expect(g.committed(0)).toBe(3);
  });

  describe('a member joining moves partitions', () => {
    function joinTrace(assignment: 'range' | 'round-robin' | 'cooperative-sticky'): string[] {
      const w = streamWorld({ partitions: 4 });
      const g = w.group({ id: 'g', members: 2, assignment, rebalancePause: 3 });
      g.start();
      w.at(10, () => g.scaleTo(3));
      w.sim.runUntil(20);
      return lines(w.records, ['scaled', 'rebalanced', 'revoked', 'assigned']);
    }

    it('range (eager): revokes every partition, then hands out contiguous runs after the pause', () => {
      expect(joinTrace('range')).toEqual([
        '0 rebalanced g join a1',
        '0 assigned p0@0 g g#1 a1',
        '0 assigned p1@0 g g#1 a1',
        '0 assigned p2@0 g g#2 a1',
        '0 assigned p3@0 g g#2 a1',
        '10 scaled g g#3 up',
        '10 rebalanced g join a2',
        '10 revoked p0@0 g g#1 a2',
        '10 revoked p1@0 g g#1 a2',
        '10 revoked p2@0 g g#2 a2',
        '10 revoked p3@0 g g#2 a2',
        '13 assigned p0@0 g g#1 a2',
        '13 assigned p1@0 g g#1 a2',
        '13 assigned p2@0 g g#2 a2',
        '13 assigned p3@0 g g#3 a2',
      ]);
    });

    it('round-robin (eager): revokes every partition, then deals them out in turn', () => {
      expect(joinTrace('round-robin')).toEqual([
        '0 rebalanced g join a1',
        '0 assigned p0@0 g g#1 a1',
        '0 assigned p1@0 g g#2 a1',
        '0 assigned p2@0 g g#1 a1',
        '0 assigned p3@0 g g#2 a1',
        '10 scaled g g#3 up',
        '10 rebalanced g join a2',
        '10 revoked p0@0 g g#1 a2',
        '10 revoked p1@0 g g#2 a2',
        '10 revoked p2@0 g g#1 a2',
        '10 revoked p3@0 g g#2 a2',
        '13 assigned p0@0 g g#1 a2',
        '13 assigned p1@0 g g#2 a2',
        '13 assigned p2@0 g g#3 a2',
        '13 assigned p3@0 g g#1 a2',
      ]);
    });

    it('cooperative-sticky: revokes only the partition that moves to the new member', () => {
      expect(joinTrace('cooperative-sticky')).toEqual([
        '0 rebalanced g join a1',
        '0 assigned p0@0 g g#1 a1',
        '0 assigned p1@0 g g#2 a1',
        '0 assigned p2@0 g g#1 a1',
        '0 assigned p3@0 g g#2 a1',
        '10 scaled g g#3 up',
        '10 rebalanced g join a2',
        '10 revoked p3@0 g g#2 a2',
        '13 assigned p3@0 g g#3 a2',
      ]);
    });

    it('pauses every partition for an eager strategy but only the moved ones for cooperative-sticky', () => {
      for (const [assignment, deliveredAt] of [['range', 13], ['cooperative-sticky', 11]] as const) {
        const w = streamWorld({ partitions: 4, partitioner: { type: 'round-robin' } });
        const g = w.group({ id: 'g', members: 2, assignment, rebalancePause: 3 });
        g.start();
        w.at(10, () => g.scaleTo(3));
        w.publishAt(11); // the round-robin partitioner's first message goes to p0, which g#1 keeps
        w.sim.runUntil(20);
        expect(lines(w.records, ['appended', 'delivered'])).toEqual(['11 appended m1 p0@0', `${deliveredAt} delivered m1 p0@0 g g#1 a1`]);
      }
    });
  });

  it('counts records that retention deleted before the group read them as skipped, then resets out of range', () => {
    const w = streamWorld({ partitions: 1, retention: { retentionSeconds: 5 } });
    const g = w.group({ id: 'g', processing: slow(10), maxPollRecords: 1 });
    g.start();
    for (const t of [1, 2, 3, 4, 12]) w.publishAt(t);
    w.sim.runUntil(30);
    expect(lines(w.records)).toEqual([
      '0 reset p0@0 g earliest',
      '0 rebalanced g join a1',
      '0 assigned p0@0 g g#1 a1',
      '1 published m1',
      '1 appended m1 p0@0',
      '1 delivered m1 p0@0 g g#1 a1',
      '2 published m2',
      '2 appended m2 p0@1',
      '3 published m3',
      '3 appended m3 p0@2',
      '4 published m4',
      '4 appended m4 p0@3',
      // m1 is being processed when it expires: the group holds it, so it is not skipped.
      '6 truncated p0@1',
      '7 truncated p0@2',
      '7 skipped m2 p0@1 g retention',
      '8 truncated p0@3',
      '8 skipped m3 p0@2 g retention',
      '9 truncated p0@4',
      '9 skipped m4 p0@3 g retention',
      '11 acked m1 p0@0 g g#1 a1',
      '11 committed p0@1 g g#1',
      '11 reset p0@4 g out-of-range',
      '12 published m5',
      '12 appended m5 p0@4',
      '12 delivered m5 p0@4 g g#1 a1',
      '17 truncated p0@5',
      '22 acked m5 p0@4 g g#1 a1',
      '22 committed p0@5 g g#1',
    ]);
    expect(g.skipped).toBe(3);
    expect(g.skippedOnPartition(0)).toBe(3);
    expect(w.stream.retainedEntries).toBe(0);
  });

  it('skips records a member held when retention deleted them and a crash then dropped them unprocessed', () => {
    const w = streamWorld({ partitions: 1, retention: { retentionSeconds: 5 } });
    const g = w.group({ id: 'g', processing: slow(10), sessionTimeout: 0 });
    w.publishAt(1);
    w.publishAt(1);
    w.at(2, () => g.start());
    w.at(7, () => g.crash(0));
    w.at(8, () => g.restart(0));
    w.sim.runUntil(30);
    expect(lines(w.records).slice(4)).toEqual([
      '2 reset p0@0 g earliest',
      '2 rebalanced g join a1',
      '2 assigned p0@0 g g#1 a1',
      '2 delivered m1 p0@0 g g#1 a1',
      // Both records are in g#1's batch when they expire: not skipped yet, the member still holds them.
      '6 truncated p0@2',
      '7 crashed g g#1',
      '7 skipped m1 p0@0 g retention',
      '7 skipped m2 p0@1 g retention',
      '7 rebalanced g crash a2',
      '7 revoked p0@0 g g#1 a2',
      '8 restarted g g#1',
      '8 rebalanced g join a3',
      '8 assigned p0@0 g g#1 a3',
      '8 reset p0@2 g out-of-range',
    ]);
    expect(g.skipped).toBe(2);
  });

  it('jumps to the log end when it fell off the log with startFrom latest, skipping the records still retained', () => {
    const w = streamWorld({ partitions: 1, retention: { maxEntries: 2 } });
    const g = w.group({ id: 'g', startFrom: 'latest', processing: slow(10), maxPollRecords: 1 });
    g.start();
    for (const t of [1, 2, 3, 4]) w.publishAt(t);
    w.sim.runUntil(30);
    expect(lines(w.records).slice(10)).toEqual([
      '3 truncated p0@1',
      '4 published m4',
      '4 appended m4 p0@3',
      '4 truncated p0@2',
      '4 skipped m2 p0@1 g retention',
      '11 acked m1 p0@0 g g#1 a1',
      '11 committed p0@1 g g#1',
      '11 reset p0@4 g out-of-range',
      '11 skipped m3 p0@2 g reset',
      '11 skipped m4 p0@3 g reset',
    ]);
    expect(g.skipped).toBe(3);
    // Nothing is committed after the jump, so Kafka-style lag (log end − committed, from the log start) still shows 2.
    expect([g.position(0), g.committed(0), g.lagRecords(0)]).toEqual([4, 1, 2]);
  });

  it('leaves members beyond the partition count idle until a crash frees a partition for them', () => {
    const w = streamWorld({ partitions: 2 });
    const g = w.group({ id: 'g', members: 3, sessionTimeout: 5 });
    g.start();
    const idle: number[] = [g.idleMembers];
    w.at(1, () => g.crash(0));
    w.at(3, () => idle.push(g.idleMembers));
    w.at(7, () => idle.push(g.idleMembers));
    w.sim.runUntil(20);
    expect(lines(w.records, ['rebalanced', 'assigned', 'revoked', 'crashed'])).toEqual([
      '0 rebalanced g join a1',
      '0 assigned p0@0 g g#1 a1',
      '0 assigned p1@0 g g#2 a1',
      '1 crashed g g#1',
      '6 rebalanced g crash a2',
      '6 revoked p0@0 g g#1 a2',
      '6 revoked p1@0 g g#2 a2',
      '6 assigned p0@0 g g#2 a2',
      '6 assigned p1@0 g g#3 a2',
    ]);
    // g#3 idles while g#1 is down but not yet noticed; after the rebalance nobody running is idle.
    expect(idle).toEqual([1, 1, 0]);
    expect(g.membersUp).toBe(2);
    expect([g.ownerOf(0), g.ownerOf(1)]).toEqual(['g#2', 'g#3']);
  });

  it('replays retained history for a group added later from earliest; one added from latest sees only new records', () => {
    const w = streamWorld({ partitions: 1 });
    w.publishAt(1);
    w.publishAt(2);
    w.publishAt(3);
    w.at(5, () => {
      w.group({ id: 'fraud', startFrom: 'earliest', processing: slow(0.5) }).start();
      w.group({ id: 'late', startFrom: 'latest' }).start();
    });
    w.publishAt(6);
    w.sim.runUntil(20);
    expect(lines(w.records)).toEqual([
      '1 published m1',
      '1 appended m1 p0@0',
      '2 published m2',
      '2 appended m2 p0@1',
      '3 published m3',
      '3 appended m3 p0@2',
      '5 reset p0@0 fraud earliest',
      '5 rebalanced fraud join a1',
      '5 assigned p0@0 fraud fraud#1 a1',
      '5 delivered m1 p0@0 fraud fraud#1 a1',
      '5 reset p0@3 late latest',
      '5 rebalanced late join a1',
      '5 assigned p0@3 late late#1 a1',
      '5.5 acked m1 p0@0 fraud fraud#1 a1',
      '5.5 delivered m2 p0@1 fraud fraud#1 a1',
      '6 published m4',
      '6 appended m4 p0@3',
      '6 delivered m4 p0@3 late late#1 a1',
      '6 acked m2 p0@1 fraud fraud#1 a1',
      '6 delivered m3 p0@2 fraud fraud#1 a1',
      '6.5 acked m3 p0@2 fraud fraud#1 a1',
      '6.5 committed p0@3 fraud fraud#1',
      '6.5 delivered m4 p0@3 fraud fraud#1 a1',
      '7 acked m4 p0@3 late late#1 a1',
      '7 committed p0@4 late late#1',
      '7 acked m4 p0@3 fraud fraud#1 a1',
      '7 committed p0@4 fraud fraud#1',
    ]);
  });

  it('resets to a timestamp: the first record appended at or after it and everything later is replayed', () => {
    const w = streamWorld({ partitions: 1 });
    const g = w.group({ id: 'g' });
    g.start();
    for (const t of [1, 2, 3, 4]) w.publishAt(t);
    w.at(10, () => g.resetOffsets({ to: 'timestamp', time: 2.5 }));
    w.sim.runUntil(20);
    expect(lines(w.records).slice(-7)).toEqual([
      '5 committed p0@4 g g#1',
      '10 reset p0@2 g timestamp',
      '10 delivered m3 p0@2 g g#1 replay a2',
      '11 acked m3 p0@2 g g#1 a2',
      '11 delivered m4 p0@3 g g#1 replay a2',
      '12 acked m4 p0@3 g g#1 a2',
      '12 committed p0@4 g g#1',
    ]);
  });

  it('skips the unprocessed records a reset to latest jumps over; a later reset back hands the never-delivered ones out as attempt 1', () => {
    const w = streamWorld({ partitions: 1 });
    const g = w.group({ id: 'g', processing: slow(10), maxPollRecords: 1 });
    g.start();
    for (const t of [1, 2, 3, 4]) w.publishAt(t);
    w.at(5, () => g.resetOffsets({ to: 'latest' }));
    w.at(6, () => g.resetOffsets({ to: 'earliest' }));
    w.sim.runUntil(60);
    expect(lines(w.records).slice(12)).toEqual([
      // m1 was in progress: the reset drops it unacknowledged, so it is skipped along with the unread ones.
      '5 reset p0@4 g latest',
      '5 skipped m1 p0@0 g reset',
      '5 skipped m2 p0@1 g reset',
      '5 skipped m3 p0@2 g reset',
      '5 skipped m4 p0@3 g reset',
      '6 reset p0@0 g earliest',
      '6 delivered m1 p0@0 g g#1 replay a2',
      '16 acked m1 p0@0 g g#1 a2',
      '16 committed p0@1 g g#1',
      '16 delivered m2 p0@1 g g#1 replay a1',
      '26 acked m2 p0@1 g g#1 a1',
      '26 committed p0@2 g g#1',
      '26 delivered m3 p0@2 g g#1 replay a1',
      '36 acked m3 p0@2 g g#1 a1',
      '36 committed p0@3 g g#1',
      '36 delivered m4 p0@3 g g#1 replay a1',
      '46 acked m4 p0@3 g g#1 a1',
      '46 committed p0@4 g g#1',
    ]);
    expect([g.skipped, g.redelivered]).toEqual([4, 1]);
  });

  it('commits what a member finished when it leaves cleanly, so the next owner repeats only the record in progress', () => {
    const w = streamWorld({ partitions: 2 });
    // A long auto-commit interval: only the clean leave commits.
    const g = w.group({ id: 'g', members: 2, processing: slow(2), autoCommit: { intervalSeconds: 100 }, rebalancePause: 1 });
    g.start();
    // Key "d" goes to p1, which range gives to g#2, the member that scaling in removes.
    w.publishAt(1, 'd');
    w.publishAt(1, 'd');
    w.publishAt(1, 'd');
    w.at(4, () => g.scaleTo(1));
    w.sim.runUntil(20);
    expect(lines(w.records, ['delivered', 'acked', 'committed', 'revoked', 'assigned', 'scaled', 'rebalanced'])).toEqual([
      '0 rebalanced g join a1',
      '0 assigned p0@0 g g#1 a1',
      '0 assigned p1@0 g g#2 a1',
      '1 delivered m1 p1@0 g g#2 a1',
      '3 acked m1 p1@0 g g#2 a1',
      '3 delivered m2 p1@1 g g#2 a1',
      '4 scaled g g#2 down',
      '4 rebalanced g leave a2',
      '4 revoked p0@0 g g#1 a2',
      '4 committed p1@1 g g#2',
      '4 revoked p1@1 g g#2 a2',
      '5 assigned p0@0 g g#1 a2',
      '5 assigned p1@1 g g#1 a2',
      '5 delivered m2 p1@1 g g#1 rebalance a2',
      '7 acked m2 p1@1 g g#1 a2',
      '7 delivered m3 p1@2 g g#1 a1',
      '9 acked m3 p1@2 g g#1 a1',
    ]);
    expect(g.membersUp).toBe(1);
  });

  it('crashes and restarts members by a random process, noticing each crash after the session timeout', () => {
    const w = streamWorld({ partitions: 1 });
    const g = w.group({ id: 'g', sessionTimeout: 0.5, crashes: { uptime: slow(3), downtime: slow(1) } });
    g.start();
    w.sim.runUntil(8);
    expect(lines(w.records, ['crashed', 'restarted', 'rebalanced', 'revoked', 'assigned'])).toEqual([
      '0 rebalanced g join a1',
      '0 assigned p0@0 g g#1 a1',
      '3 crashed g g#1',
      '3.5 rebalanced g crash a2',
      '3.5 revoked p0@0 g g#1 a2',
      '4 restarted g g#1',
      '4 rebalanced g join a3',
      '4 assigned p0@0 g g#1 a3',
      '7 crashed g g#1',
      '7.5 rebalanced g crash a4',
      '7.5 revoked p0@0 g g#1 a4',
      '8 restarted g g#1',
      '8 rebalanced g join a5',
      '8 assigned p0@0 g g#1 a5',
    ]);
  });

  it('polls at most maxPollRecords records at a time', () => {
    const w = streamWorld({ partitions: 1 });
    const g = w.group({ id: 'g', maxPollRecords: 25, processing: slow(0.125) });
    for (let i = 0; i < 40; i++) w.publishAt(1);
    w.at(2, () => g.start());
    w.sim.runUntil(30);
    // Manual commits come after each batch: 25 records, then the other 15.
    expect(lines(w.records, ['committed'])).toEqual(['5.125 committed p0@25 g g#1', '7 committed p0@40 g g#1']);
    expect(w.records.filter((r) => r.kind === 'acked').map((r) => r.message)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('commits once when the auto-commit interval is up while a member waits, then schedules nothing more', () => {
    const w = streamWorld({ partitions: 1 });
    w.group({ id: 'g', autoCommit: { intervalSeconds: 5 } }).start();
    w.publishAt(1);
    w.sim.runUntil(4);
    expect(w.sim.pending).toBe(1);
    w.sim.runUntil(100);
    expect(lines(w.records, ['committed'])).toEqual(['5 committed p0@1 g g#1']);
    expect(w.sim.pending).toBe(0);
  });

  it('rejects bad options with errors that name the option', () => {
    const w = streamWorld({ partitions: 1 });
    expect(() => w.group({ id: 'g', members: -1 })).toThrow(/members must be a whole number >= 0/);
    expect(() => w.group({ id: 'g', maxPollRecords: 0 })).toThrow(/maxPollRecords must be a whole number >= 1/);
    expect(() => w.group({ id: 'g', autoCommit: { intervalSeconds: 0 } })).toThrow(/autoCommit.intervalSeconds must be .* > 0/);
    expect(() => w.group({ id: 'g', sessionTimeout: -1 })).toThrow(/sessionTimeout/);
    expect(() => w.group({ id: 'g', assignment: 'sticky' as never })).toThrow(/assignment must be one of range, round-robin, cooperative-sticky/);
    expect(() => w.group({ id: 'g', startFrom: 'middle' as never })).toThrow(/startFrom must be "earliest" or "latest"/);
  });
});
