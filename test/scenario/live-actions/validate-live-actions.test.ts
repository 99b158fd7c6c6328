import { describe, expect, it } from 'vitest';
import { validateScenario, type ScenarioError } from '../../../src/scenario';

/**
 * A valid scenario to hang the actions on: queue "q" read by "plain" (no failure model, no side effect)
 * and "charging" (a side effect, failure 0.3 + fatal 0.2, from the start); "late" (added at 50 s);
 * stream "log" (2 partitions) read by "reader" (owns partitions) and "shared" (share).
 */
function scenarioData(timeline: unknown[]): unknown {
  return {
    version: 1,
    name: 'live changes',
    duration: 100,
    producers: [
      { id: 'app', target: 'q', rate: { perSecond: 1 } },
      { id: 'events', target: 'log', rate: { perSecond: 1 } },
    ],
    brokers: [
      { id: 'q', kind: 'queue' },
      { id: 'log', kind: 'stream', partitions: 2 },
    ],
    consumers: [
      { id: 'plain', reads: 'q', processing: { type: 'constant', value: 1 } },
      { id: 'charging', reads: 'q', processing: { type: 'constant', value: 1 }, sideEffect: { name: 'charges' }, failure: { probability: 0.3, fatal: 0.2 } },
      { id: 'reader', reads: 'log', processing: { type: 'constant', value: 1 } },
      { id: 'shared', reads: 'log', processing: { type: 'constant', value: 1 }, share: {}, sideEffect: {} },
    ],
    timeline: [{ at: 50, action: 'add-group', group: { id: 'late', reads: 'q', processing: { type: 'constant', value: 1 } } }, ...timeline],
  };
}

/** The errors of the timeline after the add-group at index 0. */
function errorsOf(timeline: unknown[]): ScenarioError[] {
  const result = validateScenario(scenarioData(timeline));
  return result.ok ? [] : result.errors;
}

describe('validating set-failure, set-idempotency and add-partitions', () => {
  it('accepts each on a target of the right kind, and keeps a field left out out', () => {
    const timeline = [
      { at: 1, action: 'set-failure', group: 'plain', probability: 0.5 },
      { at: 1, action: 'set-failure', group: 'shared', poison: 0.1, fatal: 0.2 },
      { at: 2, action: 'set-idempotency', group: 'charging', enabled: true },
      { at: 2, action: 'set-idempotency', group: 'shared', enabled: false },
      { at: 3, action: 'add-partitions', stream: 'log', partitions: 4 },
      { at: 4, action: 'add-partitions', stream: 'log', partitions: 1024 },
    ];
    const result = validateScenario(scenarioData(timeline));
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.scenario.timeline[1]).toEqual({ at: 1, action: 'set-failure', group: 'plain', probability: 0.5 });
  });

  it('refuses values outside [0, 1] and more partitions than a stream may have, at the field', () => {
    expect(
      errorsOf([
        { at: 1, action: 'set-failure', group: 'plain', probability: 1.5 },
        { at: 1, action: 'set-failure', group: 'plain', poison: -0.1 },
        { at: 1, action: 'add-partitions', stream: 'log', partitions: 1025 },
      ]).map((e) => e.path),
    ).toEqual(['timeline[1].probability', 'timeline[2].poison', 'timeline[3].partitions']);
  });

  it('checks probability + fatal against the model in force: the group\'s own, changed by earlier switches', () => {
    expect(
      errorsOf([
        // charging has 0.3 + 0.2; raising the probability to 0.9 leaves 1.1.
        { at: 1, action: 'set-failure', group: 'charging', probability: 0.9 },
        { at: 2, action: 'set-failure', group: 'charging', fatal: 0 },
        // After the fatal 0 above, 0.9 + 0 is fine, and a fatal of 0.2 at the same time but later in the file is not.
        { at: 3, action: 'set-failure', group: 'charging', probability: 0.9 },
        { at: 3, action: 'set-failure', group: 'charging', fatal: 0.2 },
      ]),
    ).toEqual([
      { path: 'timeline[1].probability', message: 'leaves probability 0.9 and fatal 0.2, which add up to more than 1; together they must be at most 1' },
      { path: 'timeline[4].fatal', message: 'leaves probability 0.9 and fatal 0.2, which add up to more than 1; together they must be at most 1' },
    ]);
  });

  it('names a group that does not exist yet, one that owns stream partitions, and one without a side effect, with what would do', () => {
    expect(
      errorsOf([
        { at: 1, action: 'set-failure', group: 'late', probability: 0.1 },
        { at: 1, action: 'set-failure', group: 'reader', probability: 0.1 },
        { at: 1, action: 'set-idempotency', group: 'plain', enabled: true },
        { at: 1, action: 'set-idempotency', group: 'reader', enabled: true },
        { at: 1, action: 'set-failure', group: 'charing', fatal: 0 },
        { at: 1, action: 'set-failure', group: 'plain' },
      ]),
    ).toEqual([
      { path: 'timeline[1].group', message: 'group "late" is only created at 50 s' },
      {
        path: 'timeline[2].group',
        message: 'group "reader" reads stream "log" and owns partitions; set-failure applies to groups reading a queue or a subscription, or to shared stream groups (share)',
      },
      {
        path: 'timeline[3].group',
        message: 'group "plain" has no side effect, so there is no idempotency store to switch; give it sideEffect (e.g. "sideEffect": { "name": "charges" }), which set-idempotency can then guard',
      },
      {
        path: 'timeline[4].group',
        message: 'group "reader" reads stream "log" and owns partitions; set-idempotency applies to groups reading a queue or a subscription, or to shared stream groups (share)',
      },
      { path: 'timeline[5].group', message: 'no consumer group has id "charing"; did you mean "charging"?' },
      { path: 'timeline[6]', message: 'changes nothing: give at least one of probability, fatal, poison' },
    ]);
  });

  it('refuses add-partitions that does not grow the stream in force then, or names no stream', () => {
    expect(
      errorsOf([
        { at: 1, action: 'add-partitions', stream: 'log', partitions: 2 },
        { at: 2, action: 'add-partitions', stream: 'log', partitions: 6 },
        { at: 3, action: 'add-partitions', stream: 'log', partitions: 5 },
        { at: 3, action: 'add-partitions', stream: 'lg', partitions: 5 },
        { at: 3, action: 'add-partitions', stream: 'q', partitions: 5 },
      ]),
    ).toEqual([
      { path: 'timeline[1].partitions', message: 'must be more than the 2 partitions "log" has at 1 s; partitions can only grow' },
      { path: 'timeline[3].partitions', message: 'must be more than the 6 partitions "log" has at 3 s; partitions can only grow' },
      { path: 'timeline[4].stream', message: 'no stream has id "lg"; did you mean "log"?' },
      { path: 'timeline[5].stream', message: '"q" is not a stream (it is a queue); add-partitions grows a stream; streams are: log' },
    ]);
  });
});
