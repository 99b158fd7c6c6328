import { describe, expect, it } from 'vitest';
import { validateScenario, type ScenarioError } from '../../src/scenario';

const oneSecond = { type: 'constant', value: 1 };

type Data = Record<string, unknown> & {
  producers: Record<string, unknown>[];
  brokers: Record<string, unknown>[];
  consumers: Record<string, unknown>[];
  timeline: Record<string, unknown>[];
};

/**
 * A valid scenario with one broker of every kind, as file data: queue `jobs`, queue `dlq`, stream
 * `log` (3 partitions), topic `users` with subscriptions `email-sub` and `metrics-sub`, and bus
 * `events`; groups `workers` (jobs), `readers` (log) and `email` (email-sub). Each test breaks one thing.
 */
function scenarioData(): Data {
  return {
    version: 1,
    name: 'every kind',
    duration: 60,
    producers: [{ id: 'signup', target: 'users', rate: { perSecond: 1 } }],
    brokers: [
      { id: 'jobs', kind: 'queue' },
      { id: 'dlq', kind: 'queue' },
      { id: 'log', kind: 'stream', partitions: 3 },
      { id: 'users', kind: 'topic', subscriptions: [{ id: 'email-sub' }, { id: 'metrics-sub' }] },
      { id: 'events', kind: 'bus', rules: [{ id: 'all', targets: [{ to: 'jobs' }] }] },
    ],
    consumers: [
      { id: 'workers', reads: 'jobs', processing: oneSecond },
      { id: 'readers', reads: 'log', processing: oneSecond },
      { id: 'email', reads: 'email-sub', processing: oneSecond },
    ],
    timeline: [],
  };
}

const JOBS = 0;
const LOG = 2;
const USERS = 3;
const EVENTS = 4;
const WORKERS = 0;
const READERS = 1;

/** The errors of the base scenario after `change`; fails if it is accepted. */
function errorsAfter(change: (data: Data) => void): ScenarioError[] {
  const data = scenarioData();
  change(data);
  const result = validateScenario(data);
  if (result.ok) throw new Error('expected the scenario to be rejected, but it was accepted');
  return result.errors;
}

/** The targets of the bus's only rule. */
function setBusTargets(data: Data, targets: Record<string, unknown>[]): void {
  data.brokers[EVENTS] = { id: 'events', kind: 'bus', rules: [{ id: 'all', targets }] };
}

describe('validation of streams, topics, buses and their groups', () => {
  it('accepts the base scenario, so every rejection below is caused by the one change a test makes', () => {
    expect(validateScenario(scenarioData()).ok).toBe(true);
  });

  it('refuses a producer publishing to a subscription, and names the topic to publish to', () => {
    expect(errorsAfter((d) => (d.producers[0]!.target = 'email-sub'))).toEqual([
      { path: 'producers[0].target', message: '"email-sub" is a subscription, which gets copies from its topic; publish to topic "users" instead' },
    ]);
  });

  it('refuses a group reading a topic and lists the topic’s subscriptions it could read instead', () => {
    expect(errorsAfter((d) => (d.consumers[WORKERS]!.reads = 'users'))).toEqual([
      { path: 'consumers[0].reads', message: '"users" is a topic; a group reads one of its subscriptions: email-sub, metrics-sub' },
    ]);
  });

  it('counts a subscription added later by the timeline among those a group could read, and says when a topic has none', () => {
    const withLater = errorsAfter((d) => {
      d.consumers[WORKERS]!.reads = 'users';
      d.timeline.push({ at: 5, action: 'add-subscription', topic: 'users', subscription: { id: 'fraud-sub' } });
    });
    expect(withLater).toEqual([
      { path: 'consumers[0].reads', message: '"users" is a topic; a group reads one of its subscriptions: email-sub, metrics-sub, fraud-sub' },
    ]);
    const withNone = errorsAfter((d) => {
      d.brokers[USERS]!.subscriptions = [];
      d.consumers.pop();
      d.consumers[WORKERS]!.reads = 'users';
    });
    expect(withNone).toEqual([
      { path: 'consumers[0].reads', message: '"users" is a topic; a group reads one of its subscriptions, and it has none; add one to its subscriptions' },
    ]);
  });

  it('refuses a group reading an event bus', () => {
    expect(errorsAfter((d) => (d.consumers[WORKERS]!.reads = 'events'))).toEqual([
      { path: 'consumers[0].reads', message: '"events" is an event bus; a group reads a queue, a subscription or a stream (a bus routes to those)' },
    ]);
  });

  it('refuses every stream-only field on a group reading a queue or a subscription, one error per field', () => {
    const errors = errorsAfter((d) => {
      Object.assign(d.consumers[WORKERS]!, {
        startFrom: 'earliest',
        commit: { mode: 'manual' },
        maxPollRecords: 10,
        assignment: 'range',
        rebalancePause: 1,
        sessionTimeout: 10,
      });
      d.consumers[2]!.startFrom = 'latest';
    });
    expect(errors).toEqual([
      { path: 'consumers[0].assignment', message: 'applies to groups reading a stream; "jobs" is a queue' },
      { path: 'consumers[0].commit', message: 'applies to groups reading a stream; "jobs" is a queue' },
      { path: 'consumers[0].maxPollRecords', message: 'applies to groups reading a stream; "jobs" is a queue' },
      { path: 'consumers[0].rebalancePause', message: 'applies to groups reading a stream; "jobs" is a queue' },
      { path: 'consumers[0].sessionTimeout', message: 'applies to groups reading a stream; "jobs" is a queue' },
      { path: 'consumers[0].startFrom', message: 'applies to groups reading a stream; "jobs" is a queue' },
      { path: 'consumers[2].startFrom', message: 'applies to groups reading a stream; "email-sub" is a subscription' },
    ]);
  });

  it('refuses prefetch, pull and failure on a group reading a stream', () => {
    const errors = errorsAfter((d) => Object.assign(d.consumers[READERS]!, { prefetch: 5, pull: {}, failure: { probability: 0.1 } }));
    expect(errors).toEqual([
      { path: 'consumers[1].failure', message: 'applies to groups reading a queue; "log" is a stream' },
      { path: 'consumers[1].prefetch', message: 'applies to groups reading a queue; "log" is a stream' },
      { path: 'consumers[1].pull', message: 'applies to groups reading a queue; "log" is a stream' },
    ]);
  });

  it('refuses concurrency above 1 on a stream group and points to instances, bounded by the partitions', () => {
    expect(errorsAfter((d) => (d.consumers[READERS]!.concurrency = 4))).toEqual([
      {
        path: 'consumers[1].concurrency',
        message: 'a stream member processes its records one at a time, in order; use 1 and add instances (up to the 3 partitions) for parallelism',
      },
    ]);
  });

  it('refuses prefetch together with pull, since the pull batch is what caps an instance', () => {
    expect(errorsAfter((d) => Object.assign(d.consumers[WORKERS]!, { prefetch: 5, pull: { batchSize: 5 } }))).toEqual([
      { path: 'consumers[0].prefetch', message: 'applies to push consumers; in pull mode pull.batchSize caps what an instance holds' },
    ]);
  });

  it('accepts a queue, a topic and a stream as bus targets, and refuses a bus, a subscription and a missing id', () => {
    const valid = scenarioData();
    setBusTargets(valid, [{ to: 'jobs' }, { to: 'users' }, { to: 'log' }]);
    expect(validateScenario(valid).ok).toBe(true);
    const errors = errorsAfter((d) => setBusTargets(d, [{ to: 'events' }, { to: 'email-sub' }, { to: 'job' }, { to: 'nowhere' }]));
    expect(errors).toEqual([
      { path: 'brokers[4].rules[0].targets[0].to', message: '"events" is an event bus; a bus target must be a queue, topic or stream' },
      { path: 'brokers[4].rules[0].targets[1].to', message: '"email-sub" is a subscription; a bus target must be a queue, topic or stream' },
      { path: 'brokers[4].rules[0].targets[2].to', message: 'no broker or subscription has id "job"; did you mean "jobs"?' },
      // The list names only what a target can be: no bus, no subscription.
      { path: 'brokers[4].rules[0].targets[3].to', message: 'no broker or subscription has id "nowhere"; queues, topics and streams are: jobs, dlq, log, users' },
    ]);
  });

  it('refuses a rule id used twice in a bus, and the same target twice in a rule', () => {
    const errors = errorsAfter((d) => {
      d.brokers[EVENTS]!.rules = [
        { id: 'all', targets: [{ to: 'jobs' }, { to: 'jobs' }] },
        { id: 'all', targets: [{ to: 'dlq' }] },
      ];
    });
    expect(errors).toEqual([
      { path: 'brokers[4].rules[0].targets[1].to', message: '"jobs" is already a target of this rule' },
      { path: 'brokers[4].rules[1].id', message: 'rule id "all" is already used in bus "events"' },
    ]);
  });

  it('refuses a bus target’s dead-letter queue that is the target itself, not a queue, or missing', () => {
    const errors = errorsAfter((d) =>
      setBusTargets(d, [
        { to: 'jobs', deadLetterTo: 'jobs' },
        { to: 'dlq', deadLetterTo: 'log' },
        { to: 'log', deadLetterTo: 'nope' },
      ]),
    );
    expect(errors).toEqual([
      {
        path: 'brokers[4].rules[0].targets[0].deadLetterTo',
        message: 'is the target "jobs" itself, which refused the events the bus gives up on; name another queue',
      },
      { path: 'brokers[4].rules[0].targets[1].deadLetterTo', message: '"log" is a stream; a dead-letter queue must be a queue' },
      { path: 'brokers[4].rules[0].targets[2].deadLetterTo', message: 'no broker or subscription has id "nope"; queues are: jobs, dlq' },
    ]);
  });

  it('refuses a retry backoff whose max is below its base', () => {
    expect(errorsAfter((d) => setBusTargets(d, [{ to: 'jobs', retry: { backoff: { base: 10, max: 5 } } }]))).toEqual([
      { path: 'brokers[4].rules[0].targets[0].retry.backoff.max', message: 'must be >= base (10), got 5' },
    ]);
  });

  it('refuses an added group that reads a subscription the timeline creates only after it', () => {
    const errors = errorsAfter((d) => {
      d.timeline.push(
        { at: 5, action: 'add-group', group: { id: 'fraud', reads: 'fraud-sub', processing: oneSecond } },
        { at: 10, action: 'add-subscription', topic: 'users', subscription: { id: 'fraud-sub' } },
      );
    });
    expect(errors).toEqual([{ path: 'timeline[0].group.reads', message: '"fraud-sub" only exists from 10 s, but the group starts at 5 s' }]);
  });

  it('refuses every timeline action that names a group before the action creating it', () => {
    const errors = errorsAfter((d) => {
      d.timeline.push(
        { at: 2, action: 'crash', group: 'fraud', instance: 1 },
        { at: 3, action: 'scale', group: 'fraud', instances: 2 },
        { at: 4, action: 'set-processing', group: 'fraud', processing: oneSecond },
        { at: 4, action: 'reset-offsets', group: 'fraud', to: 'earliest' },
        { at: 5, action: 'add-group', group: { id: 'fraud', reads: 'log', processing: oneSecond } },
        // At the very time it is created, the group exists.
        { at: 5, action: 'reset-offsets', group: 'fraud', to: 'earliest' },
      );
    });
    expect(errors).toEqual([
      { path: 'timeline[0].group', message: 'group "fraud" is only created at 5 s' },
      { path: 'timeline[1].group', message: 'group "fraud" is only created at 5 s' },
      { path: 'timeline[2].group', message: 'group "fraud" is only created at 5 s' },
      { path: 'timeline[3].group', message: 'group "fraud" is only created at 5 s' },
    ]);
  });

  it('refuses an offset reset on a group that reads a queue', () => {
    expect(errorsAfter((d) => d.timeline.push({ at: 2, action: 'reset-offsets', group: 'workers', to: 'earliest' }))).toEqual([
      { path: 'timeline[0].group', message: 'group "workers" reads "jobs", not a stream; only stream groups have offsets' },
    ]);
  });

  it('requires the offset or timestamp a reset moves to, and refuses the one that does not apply', () => {
    const errors = errorsAfter((d) => {
      d.timeline.push(
        { at: 2, action: 'reset-offsets', group: 'readers', to: 'offset' },
        { at: 3, action: 'reset-offsets', group: 'readers', to: 'offset', timestamp: 4 },
        { at: 3, action: 'reset-offsets', group: 'readers', to: 'timestamp' },
        { at: 3, action: 'reset-offsets', group: 'readers', to: 'latest', offset: 3 },
      );
    });
    expect(errors).toEqual([
      { path: 'timeline[0].offset', message: 'is required (a whole number >= 0) when to is "offset"' },
      { path: 'timeline[1].offset', message: 'is required (a whole number >= 0) when to is "offset"' },
      { path: 'timeline[1].timestamp', message: 'only applies when to is "timestamp", not "offset"' },
      { path: 'timeline[2].timestamp', message: 'is required (a virtual time in seconds) when to is "timestamp"' },
      { path: 'timeline[3].offset', message: 'only applies when to is "offset", not "latest"' },
    ]);
  });

  it('accepts a redrive between a subscription and a queue, and refuses one from or to a stream, topic or bus', () => {
    const valid = scenarioData();
    valid.timeline.push({ at: 2, action: 'redrive', from: 'dlq', to: 'email-sub' });
    expect(validateScenario(valid).ok).toBe(true);
    const errors = errorsAfter((d) => {
      d.timeline.push(
        { at: 2, action: 'redrive', from: 'log', to: 'users' },
        { at: 3, action: 'redrive', from: 'events', to: 'jobs' },
        { at: 3, action: 'redrive', from: 'dlq', to: 'dlq' },
        { at: 4, action: 'redrive', from: 'dlqq', to: 'nowhere' },
      );
    });
    expect(errors).toEqual([
      { path: 'timeline[0].from', message: '"log" is a stream; a redrive moves messages between queues' },
      { path: 'timeline[0].to', message: '"users" is a topic; a redrive moves messages between queues' },
      { path: 'timeline[1].from', message: '"events" is an event bus; a redrive moves messages between queues' },
      { path: 'timeline[2].to', message: 'must name a different queue than from' },
      { path: 'timeline[3].from', message: 'no broker or subscription has id "dlqq"; did you mean "dlq"?' },
      { path: 'timeline[3].to', message: 'no broker or subscription has id "nowhere"; queues and subscriptions are: jobs, dlq, email-sub, metrics-sub' },
    ]);
  });

  it('refuses a subscription added to something that is not a topic, listing the topics when the id is unknown', () => {
    const errors = errorsAfter((d) => {
      d.timeline.push(
        { at: 2, action: 'add-subscription', topic: 'jobs', subscription: { id: 's1' } },
        { at: 2, action: 'add-subscription', topic: 'events', subscription: { id: 's2' } },
        { at: 2, action: 'add-subscription', topic: 'signups', subscription: { id: 's3' } },
      );
    });
    expect(errors).toEqual([
      { path: 'timeline[0].topic', message: '"jobs" is a queue; subscriptions belong to a topic' },
      { path: 'timeline[1].topic', message: '"events" is an event bus; subscriptions belong to a topic' },
      { path: 'timeline[2].topic', message: 'no broker or subscription has id "signups"; topics are: users' },
    ]);
  });

  it('refuses subscriptions and groups added by the timeline whose ids are already taken', () => {
    const errors = errorsAfter((d) => {
      d.timeline.push(
        { at: 2, action: 'add-subscription', topic: 'users', subscription: { id: 'email-sub' } },
        { at: 3, action: 'add-group', group: { id: 'workers', reads: 'jobs', processing: oneSecond } },
        { at: 3, action: 'add-group', group: { id: 'jobs', reads: 'jobs', processing: oneSecond } },
        { at: 4, action: 'add-subscription', topic: 'users', subscription: { id: 'readers' } },
        { at: 5, action: 'add-group', group: { id: 'late', reads: 'jobs', processing: oneSecond } },
        { at: 6, action: 'add-group', group: { id: 'late', reads: 'jobs', processing: oneSecond } },
      );
    });
    expect(errors).toEqual([
      { path: 'timeline[0].subscription.id', message: 'id "email-sub" is already used by brokers[3].subscriptions[0].id; ids must be unique' },
      { path: 'timeline[1].group.id', message: 'id "workers" is already used by consumers[0].id; ids must be unique' },
      { path: 'timeline[2].group.id', message: 'id "jobs" is already used by brokers[0].id; ids must be unique' },
      { path: 'timeline[3].subscription.id', message: 'id "readers" is already used by consumers[1].id; ids must be unique' },
      { path: 'timeline[5].group.id', message: 'id "late" is already used by timeline[4].group.id; ids must be unique' },
    ]);
  });

  it('refuses a subscription as a dead-letter queue, and a subscription dead-lettering into itself', () => {
    const errors = errorsAfter((d) => {
      d.brokers[JOBS]!.deadLetterTo = 'email-sub';
      d.brokers[USERS] = { id: 'users', kind: 'topic', subscriptions: [{ id: 'email-sub', deadLetterTo: 'email-sub' }, { id: 'metrics-sub' }] };
    });
    expect(errors).toEqual([
      { path: 'brokers[0].deadLetterTo', message: '"email-sub" is a subscription; a dead-letter queue must be a queue' },
      { path: 'brokers[3].subscriptions[0].deadLetterTo', message: 'a subscription cannot be its own dead-letter queue' },
    ]);
  });

  it('reports a dead-letter cycle that subscriptions feed once, at its first queue, and not at the subscriptions', () => {
    // A subscription cannot be a dead-letter queue, so a cycle never passes through one; subscriptions only lead into it.
    const errors = errorsAfter((d) => {
      d.brokers[JOBS]!.deadLetterTo = 'dlq';
      d.brokers[1]!.deadLetterTo = 'jobs';
      d.brokers[USERS] = {
        id: 'users',
        kind: 'topic',
        subscriptions: [
          { id: 'email-sub', deadLetterTo: 'dlq' },
          { id: 'metrics-sub', deadLetterTo: 'jobs' },
        ],
      };
      d.timeline.push({ at: 5, action: 'add-subscription', topic: 'users', subscription: { id: 'fraud-sub', deadLetterTo: 'jobs' } });
    });
    expect(errors).toEqual([
      {
        path: 'brokers[0].deadLetterTo',
        message: 'dead-letter queues form a cycle (jobs → dlq → jobs), so a message could circle for ever; end the chain at a queue without deadLetterTo',
      },
    ]);
  });

  it('accepts subscriptions that dead-letter into a chain of queues that ends', () => {
    const data = scenarioData();
    data.brokers[JOBS]!.deadLetterTo = 'dlq';
    data.brokers[USERS] = { id: 'users', kind: 'topic', subscriptions: [{ id: 'email-sub', deadLetterTo: 'jobs' }, { id: 'metrics-sub', deadLetterTo: 'dlq' }] };
    expect(validateScenario(data).ok).toBe(true);
  });
});

// Guards the indices above against a reshuffled base scenario.
describe('validation of values the model could not run', () => {
  it('refuses a bus retry with no time to retry in, and an empty attribute prefix that would match anything', () => {
    expect(
      errorsAfter((data) => {
        setBusTargets(data, [{ to: 'jobs', retry: { maxEventAge: 0 } }]);
        data.brokers[USERS] = { id: 'users', kind: 'topic', subscriptions: [{ id: 'email-sub', filter: { attributes: { region: { prefix: '' } } } }, { id: 'metrics-sub' }] };
      }),
    ).toEqual([
      { path: 'brokers[3].subscriptions[0].filter.attributes.region.prefix', message: 'must have at least 1 character' },
      { path: 'brokers[4].rules[0].targets[0].retry.maxEventAge', message: 'must be > 0, got 0' },
    ]);
  });
});

describe('the base scenario of these tests', () => {
  it('has its brokers and groups at the indices the tests use', () => {
    const data = scenarioData();
    expect([data.brokers[JOBS]!.id, data.brokers[LOG]!.id, data.brokers[USERS]!.id, data.brokers[EVENTS]!.id]).toEqual(['jobs', 'log', 'users', 'events']);
    expect([data.consumers[WORKERS]!.id, data.consumers[READERS]!.id]).toEqual(['workers', 'readers']);
  });
});
