import { describe, expect, it } from 'vitest';
import { validateScenario, type ScenarioError } from '../../../src/scenario';

/**
 * A valid scenario to hang timeline actions on: producer "app" into reject-publish queue "bounded",
 * producer "other" into drop-head queue "open", a topic with subscription "sub"; a push group, a
 * pull group, a group with an autoscaler and a breaker, and a stream group.
 */
function scenarioData(timeline: unknown[]): unknown {
  return {
    version: 1,
    name: 'policy switches',
    duration: 100,
    producers: [
      { id: 'app', target: 'bounded', rate: { perSecond: 1 } },
      { id: 'other', target: 'open', rate: { perSecond: 1 } },
      { id: 'news', target: 'topic', rate: { perSecond: 1 } },
    ],
    brokers: [
      { id: 'bounded', kind: 'queue', maxLength: 10, overflow: 'reject-publish' },
      { id: 'open', kind: 'queue' },
      { id: 'topic', kind: 'topic', subscriptions: [{ id: 'sub' }] },
      { id: 'log', kind: 'stream' },
    ],
    dependencies: [{ id: 'dep', timeout: 1 }],
    consumers: [
      { id: 'push', reads: 'bounded', processing: { type: 'constant', value: 1 }, autoscale: { maxInstances: 4 } },
      { id: 'puller', reads: 'open', processing: { type: 'constant', value: 1 }, pull: {} },
      { id: 'guarded', reads: 'sub', processing: { type: 'constant', value: 1 }, dependency: 'dep', breaker: { whenOpen: 'reject' } },
      { id: 'reader', reads: 'log', processing: { type: 'constant', value: 1 } },
    ],
    timeline,
  };
}

function errorsOf(timeline: unknown[]): ScenarioError[] {
  const result = validateScenario(scenarioData(timeline));
  return result.ok ? [] : result.errors;
}

describe('validating policy switches in the timeline', () => {
  it('accepts each switch on a target of the right kind', () => {
    expect(
      errorsOf([
        { at: 1, action: 'set-queue-limits', queue: 'open', maxLength: 5, maxBytes: null, overflow: 'reject-publish', keepOneIn: 2 },
        { at: 1, action: 'set-queue-limits', queue: 'sub', maxLength: null },
        { at: 2, action: 'set-producer-flow', producer: 'app', whenFull: 'block', rateLimit: { perSecond: 3 }, maxBacklog: 100 },
        { at: 2, action: 'set-producer-flow', producer: 'other', rateLimit: null, maxBacklog: null },
        { at: 3, action: 'set-prefetch', group: 'push', prefetch: 20 },
        { at: 3, action: 'set-pull', group: 'puller', batchSize: 5, refill: 'each' },
        { at: 4, action: 'set-autoscale', group: 'push', enabled: false, minInstances: 2, maxInstances: 3, target: 50 },
        { at: 4, action: 'set-breaker', group: 'guarded', enabled: false },
      ]),
    ).toEqual([]);
  });

  it('fills in nothing: a field left out means "keep the current value"', () => {
    const result = validateScenario(scenarioData([{ at: 1, action: 'set-queue-limits', queue: 'open', maxLength: 5 }]));
    expect(result.ok && result.scenario.timeline[0]).toEqual({ at: 1, action: 'set-queue-limits', queue: 'open', maxLength: 5 });
  });

  it('names the target that does not exist, or is of the wrong kind, with what would do', () => {
    expect(
      errorsOf([
        { at: 1, action: 'set-queue-limits', queue: 'opn', maxLength: 1 },
        { at: 1, action: 'set-queue-limits', queue: 'log', maxLength: 1 },
        { at: 1, action: 'set-producer-flow', producer: 'ap', whenFull: 'fail' },
        { at: 1, action: 'set-prefetch', group: 'reader', prefetch: 2 },
        { at: 1, action: 'set-prefetch', group: 'puller', prefetch: 2 },
        { at: 1, action: 'set-pull', group: 'push', batchSize: 2 },
        { at: 1, action: 'set-autoscale', group: 'puller', enabled: false },
        { at: 1, action: 'set-breaker', group: 'push', enabled: false },
      ]),
    ).toEqual([
      { path: 'timeline[0].queue', message: 'no broker or subscription has id "opn"; did you mean "open"?' },
      { path: 'timeline[1].queue', message: '"log" is a stream; its limits belong to a queue or a subscription' },
      { path: 'timeline[2].producer', message: 'no producer has id "ap"; did you mean "app"?' },
      { path: 'timeline[3].group', message: 'group "reader" reads stream "log"; set-prefetch applies to groups reading a queue or a subscription' },
      { path: 'timeline[4].group', message: 'group "puller" pulls, so it has no prefetch window; change its pull.batchSize with set-pull' },
      { path: 'timeline[5].group', message: 'group "push" is pushed to (it has no pull settings); change its window with set-prefetch' },
      { path: 'timeline[6].group', message: 'group "puller" has no autoscaler; give it autoscale to switch one' },
      { path: 'timeline[7].group', message: 'group "push" has no circuit breaker; give it breaker to switch one' },
    ]);
  });

  it('refuses a switch that changes nothing', () => {
    expect(errorsOf([{ at: 1, action: 'set-queue-limits', queue: 'open' }])).toEqual([
      { path: 'timeline[0]', message: 'changes nothing: give at least one of maxLength, maxBytes, overflow, keepOneIn, conflate' },
    ]);
  });

  it('refuses whenFull "block" on a queue that cannot refuse a publish for being full at that moment, counting earlier set-queue-limits', () => {
    const block = (at: number) => ({ at, action: 'set-producer-flow', producer: 'other', whenFull: 'block' });
    const makeRefusing = { at: 10, action: 'set-queue-limits', queue: 'open', maxLength: 5, overflow: 'reject-publish' };
    expect(errorsOf([block(5), makeRefusing, block(10), block(20)])).toEqual([
      {
        path: 'timeline[0].whenFull',
        message: '"block" waits for room in a full queue, but at 5 s "open" never refuses a publish for being full; give it maxLength (or maxBytes) and overflow "reject-publish", from the start or by an earlier set-queue-limits',
      },
    ]);
    // The same switches in the other file order: at 10 s the block runs first, before the queue changes.
    expect(errorsOf([block(10), makeRefusing]).map((e) => e.path)).toEqual(['timeline[0].whenFull']);
    // Taking the bound away later is allowed: the producer then simply stops waiting.
    expect(errorsOf([{ at: 5, action: 'set-producer-flow', producer: 'app', whenFull: 'block' }, { at: 20, action: 'set-queue-limits', queue: 'bounded', maxLength: null }])).toEqual([]);
    expect(errorsOf([{ at: 5, action: 'set-producer-flow', producer: 'news', whenFull: 'block' }])).toEqual([
      { path: 'timeline[0].whenFull', message: '"block" waits for room in a full queue, but producer "news" publishes to topic "topic", which never refuses for being full; use it with a queue' },
    ]);
  });

  it('checks the autoscaler range a switch leaves, after the switches before it', () => {
    expect(
      errorsOf([
        { at: 1, action: 'set-autoscale', group: 'push', minInstances: 3 },
        { at: 2, action: 'set-autoscale', group: 'push', maxInstances: 2 },
      ]),
    ).toEqual([{ path: 'timeline[1].maxInstances', message: 'leaves minInstances 3 above maxInstances 2; the range must not be empty' }]);
  });

  it('refuses conflation when no producer sends keys, and a switch on a subscription before it exists', () => {
    const data = scenarioData([
      { at: 1, action: 'set-queue-limits', queue: 'open', conflate: true },
      { at: 2, action: 'set-queue-limits', queue: 'late', maxLength: 1 },
      { at: 5, action: 'add-subscription', topic: 'topic', subscription: { id: 'late' } },
    ]);
    const result = validateScenario(data);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['timeline[0].conflate', 'timeline[1].queue']);
  });

  it('refuses values the schema rules out: a negative bound, a prefetch of 0, an unknown overflow', () => {
    expect(
      errorsOf([
        { at: 1, action: 'set-queue-limits', queue: 'open', maxLength: -1 },
        { at: 1, action: 'set-prefetch', group: 'push', prefetch: 0 },
        { at: 1, action: 'set-queue-limits', queue: 'open', overflow: 'drop-tail' },
      ]).map((e) => e.path),
    ).toEqual(['timeline[0].maxLength', 'timeline[1].prefetch', 'timeline[2].overflow']);
  });
});
