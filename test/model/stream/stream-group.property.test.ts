import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDistribution } from '../../../src/engine';
import type { TraceRecord } from '../../../src/model';
import type { AssignmentStrategy, OffsetReset, RetentionOptions, StreamGroup } from '../../../src/model/stream';
import { streamWorld } from './stream-fixtures';

/**
 * Random streams, groups, crash/restart/scale/reset timelines and retention. While the run goes, every
 * trace record is checked against the group's state; after a drain, every record appended from the
 * group's start was either processed (acked) or counted as skipped.
 */

type Action =
  | { at: number; kind: 'crash' | 'restart'; member: number }
  | { at: number; kind: 'scale'; count: number }
  | { at: number; kind: 'reset'; reset: OffsetReset };

interface Case {
  partitions: number;
  members: number;
  assignment: AssignmentStrategy;
  autoCommit: number | undefined;
  startFrom: 'earliest' | 'latest';
  startAt: number;
  maxPollRecords: number;
  rebalancePause: number;
  sessionTimeout: number;
  processingMean: number;
  retention: RetentionOptions | undefined;
  publishes: { at: number; key: string }[];
  actions: Action[];
  seed: number;
}

const time = fc.integer({ min: 0, max: 80 }).map((n) => n / 4);

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ at: time, kind: fc.constantFrom('crash' as const, 'restart' as const), member: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ at: time, kind: fc.constant('scale' as const), count: fc.integer({ min: 0, max: 4 }) }),
  fc.record({
    at: time,
    kind: fc.constant('reset' as const),
    reset: fc.oneof(
      fc.constant<OffsetReset>({ to: 'earliest' }),
      fc.constant<OffsetReset>({ to: 'latest' }),
      fc.integer({ min: 0, max: 12 }).map((offset): OffsetReset => ({ to: 'offset', offset })),
      time.map((t): OffsetReset => ({ to: 'timestamp', time: t })),
    ),
  }),
);

const retention: fc.Arbitrary<RetentionOptions | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ maxEntries: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ retentionSeconds: fc.constantFrom(0.5, 2, 5) }),
  fc.record({ retentionSeconds: fc.constantFrom(2, 5), segmentSeconds: fc.constantFrom(1, 3) }),
);

const testCase: fc.Arbitrary<Case> = fc.record({
  partitions: fc.integer({ min: 1, max: 4 }),
  members: fc.integer({ min: 0, max: 4 }),
  assignment: fc.constantFrom<AssignmentStrategy>('range', 'round-robin', 'cooperative-sticky'),
  autoCommit: fc.constantFrom(undefined, 0.5, 3),
  startFrom: fc.constantFrom('earliest' as const, 'latest' as const),
  startAt: fc.constantFrom(0, 0, 4),
  maxPollRecords: fc.integer({ min: 1, max: 5 }),
  rebalancePause: fc.constantFrom(0, 0.5, 2),
  sessionTimeout: fc.constantFrom(0, 1, 3),
  processingMean: fc.constantFrom(0.1, 0.5, 2),
  retention,
  publishes: fc.array(fc.record({ at: time, key: fc.constantFrom('', 'a', 'b', 'c', 'd') }), { maxLength: 40 }),
  actions: fc.array(action, { maxLength: 8 }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

/** The last moment anything random happens; the drain starts here. */
const DRAIN_AT = 21;

/** Checks the invariants on every trace record; `final()` checks what must hold after the drain. */
class Checker {
  private group: StreamGroup | undefined;
  private readonly lastCommitted: number[];
  private readonly resetPending: boolean[];
  private readonly owner = new Map<number, string>();
  private readonly lastFirst: number[];
  private readonly deliveries = new Map<string, number>();
  private readonly acked = new Set<string>();
  private readonly skipped = new Map<string, string>();
  private readonly startOffset: number[];
  private readonly appended: number[];
  readonly problems: string[] = [];

  constructor(
    private readonly partitions: number,
    private readonly logEnd: (p: number) => number,
  ) {
    this.lastCommitted = new Array<number>(partitions).fill(-Infinity);
    this.resetPending = new Array<boolean>(partitions).fill(false);
    this.lastFirst = new Array<number>(partitions).fill(-1);
    this.startOffset = new Array<number>(partitions).fill(NaN);
    this.appended = new Array<number>(partitions).fill(0);
  }

  watch(group: StreamGroup): void {
    this.group = group;
  }

  check(r: TraceRecord): void {
    const fail = (what: string): void => {
      this.problems.push(`t=${r.time} ${r.kind} p${r.partition}@${r.offset} ${r.consumer}: ${what}`);
    };
    // A commit record must raise the committed offset seen at the previous record (a reset may lower it in between).
    if (r.kind === 'committed' && !(r.offset > this.lastCommitted[r.partition]!) && !this.resetPending[r.partition]) {
      fail(`commit ${r.offset} does not move forward from ${this.lastCommitted[r.partition]}`);
    }
    this.checkOffsets(fail);
    const key = `${r.partition}@${r.offset}`;
    switch (r.kind) {
      case 'appended':
        this.appended[r.partition]!++;
        break;
      case 'reset':
        if (Number.isNaN(this.startOffset[r.partition]!)) this.startOffset[r.partition] = r.offset;
        this.resetPending[r.partition] = true;
        break;
      case 'committed':
        if (r.offset !== this.group?.committed(r.partition)) fail(`the record says ${r.offset}, the group ${this.group?.committed(r.partition)}`);
        break;
      case 'assigned':
        if (this.owner.has(r.partition)) fail(`assigned while ${this.owner.get(r.partition)} still owns it`);
        this.owner.set(r.partition, r.consumer);
        break;
      case 'revoked':
        if (this.owner.get(r.partition) !== r.consumer) fail(`revoked from ${r.consumer}, but the owner is ${this.owner.get(r.partition)}`);
        this.owner.delete(r.partition);
        break;
      case 'delivered': {
        if (this.owner.get(r.partition) !== r.consumer) fail(`delivered to a member that does not own the partition (${this.owner.get(r.partition)} does)`);
        const before = this.deliveries.get(key) ?? 0;
        const expected = r.reason === 'replay' && r.attempt === 1 ? 0 : r.attempt - 1;
        if (before !== expected) fail(`attempt ${r.attempt} (${r.reason}) after ${before} deliveries`);
        if (r.attempt > 1 && !['crash', 'rebalance', 'replay'].includes(r.reason)) fail(`a repeat without a cause: "${r.reason}"`);
        if (r.attempt === 1 && r.reason === '') {
          if (!(r.offset > this.lastFirst[r.partition]!)) fail(`first delivery out of order after ${this.lastFirst[r.partition]}`);
          this.lastFirst[r.partition] = r.offset;
        }
        this.deliveries.set(key, before + 1);
        break;
      }
      case 'acked':
        if (this.skipped.get(key) === 'retention') fail('acked a record counted as deleted before it was read');
        this.acked.add(key);
        break;
      case 'skipped':
        if (this.skipped.has(key)) fail('skipped twice');
        if (this.acked.has(key)) fail('skipped after being processed');
        this.skipped.set(key, r.reason);
        break;
    }
  }

  /** 0 ≤ committed ≤ position ≤ log end; committed falls only right after a `reset` record. */
  private checkOffsets(fail: (what: string) => void): void {
    const group = this.group;
    if (group === undefined) return;
    for (let p = 0; p < this.partitions; p++) {
      if (Number.isNaN(this.startOffset[p]!)) continue;
      const committed = group.committed(p);
      const position = group.position(p);
      if (!(committed >= 0 && committed <= position && position <= this.logEnd(p))) fail(`offsets out of order on p${p}: committed ${committed}, position ${position}, end ${this.logEnd(p)}`);
      if (committed < this.lastCommitted[p]! && !this.resetPending[p]) fail(`committed fell from ${this.lastCommitted[p]} to ${committed} without a reset`);
      this.lastCommitted[p] = committed;
      this.resetPending[p] = false;
    }
  }

  final(): void {
    this.checkOffsets((what) => this.problems.push(`end: ${what}`));
    for (let p = 0; p < this.partitions; p++) {
      for (let offset = this.startOffset[p]!; offset < this.appended[p]!; offset++) {
        const key = `${p}@${offset}`;
        if (!this.acked.has(key) && !this.skipped.has(key)) this.problems.push(`end: ${key} was neither processed nor skipped`);
      }
    }
  }
}

function run(c: Case): string[] {
  const w = streamWorld({ partitions: c.partitions, retention: c.retention }, c.seed);
  const checker = new Checker(c.partitions, (p) => w.stream.log(p).endOffset);
  w.ctx.tracer.subscribe((r) => checker.check(r));
  for (const publish of c.publishes) w.publishAt(publish.at, publish.key);
  const group = w.group({
    id: 'g',
    members: c.members,
    assignment: c.assignment,
    autoCommit: c.autoCommit === undefined ? undefined : { intervalSeconds: c.autoCommit },
    startFrom: c.startFrom,
    maxPollRecords: c.maxPollRecords,
    rebalancePause: c.rebalancePause,
    sessionTimeout: c.sessionTimeout,
    processing: createDistribution({ type: 'exponential', mean: c.processingMean }),
  });
  w.at(c.startAt, () => {
    checker.watch(group);
    group.start();
  });
  for (const a of c.actions) {
    w.at(Math.max(a.at, c.startAt), () => {
      if (a.kind === 'scale') group.scaleTo(a.count);
      else if (a.kind === 'reset') group.resetOffsets(a.reset);
      else if (a.kind === 'crash') group.crash(a.member);
      else group.restart(a.member);
    });
  }
  // Drain: everyone back up, at least one member, and time to finish.
  w.at(DRAIN_AT, () => {
    for (const m of group.members) group.restart(m.index);
    group.scaleTo(Math.max(1, group.members.filter((m) => !m.removed).length));
  });
  w.sim.runUntil(DRAIN_AT + 2000);
  checker.final();
  return checker.problems;
}

describe('stream group properties', () => {
  it('keeps offsets ordered, commits monotonic but for resets, one owner per partition, first deliveries in order, and accounts for every record', () => {
    fc.assert(
      fc.property(testCase, (c) => {
        expect(run(c)).toEqual([]);
      }),
      { numRuns: Number(process.env.STREAM_RUNS ?? 400) },
    );
  });

  it('gives the same trace for the same seed', () => {
    fc.assert(
      fc.property(testCase, (c) => {
        const trace = (): string[] => {
          const w = streamWorld({ partitions: c.partitions, retention: c.retention }, c.seed);
          for (const publish of c.publishes) w.publishAt(publish.at, publish.key);
          const group = w.group({ id: 'g', members: c.members, assignment: c.assignment, processing: createDistribution({ type: 'exponential', mean: c.processingMean }) });
          group.start();
          for (const a of c.actions) if (a.kind === 'crash') w.at(a.at, () => group.crash(a.member));
          w.sim.runUntil(DRAIN_AT + 100);
          return w.records.map((r) => JSON.stringify(r));
        };
        expect(trace()).toEqual(trace());
      }),
      { numRuns: 50 },
    );
  });
});
