import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../../src/scenario';

/** A queue with a DLQ read by a queue group, a topic subscription, and a stream read by a stream group. */
function scenario(alerts: unknown[]) {
  return {
    version: 1,
    name: 'alert validation',
    duration: 100,
    producers: [
      { id: 'p', target: 'orders', rate: { perSecond: 1 } },
      { id: 'e', target: 'events', rate: { perSecond: 1 } },
    ],
    brokers: [
      { id: 'orders', kind: 'queue', deadLetterTo: 'orders-dlq' },
      { id: 'orders-dlq', kind: 'queue' },
      { id: 'events', kind: 'stream', partitions: 2 },
      { id: 'news', kind: 'topic', subscriptions: [{ id: 'news-mail' }] },
    ],
    consumers: [
      { id: 'billing', reads: 'orders', processing: { type: 'constant', value: 1 } },
      { id: 'analytics', reads: 'events', processing: { type: 'constant', value: 1 } },
    ],
    alerts,
  };
}

function errorsOf(data: unknown): { path: string; message: string }[] {
  const result = validateScenario(data);
  return result.ok ? [] : result.errors;
}

describe('alert validation', () => {
  it('fills for and interval with their defaults (0 s, 5 s) and has no alerts by default', () => {
    const result = validateScenario(scenario([{ name: 'a', metric: 'lag', group: 'billing', above: 100 }]));
    expect(result.ok && result.scenario.alerts).toEqual([{ name: 'a', metric: 'lag', group: 'billing', above: 100, for: 0, interval: 5 }]);
    const { alerts: _none, ...withoutAlerts } = scenario([]);
    const bare = validateScenario(withoutAlerts);
    expect(bare.ok && bare.scenario.alerts).toEqual([]);
  });

  it('accepts every metric on the target it watches', () => {
    expect(
      errorsOf(
        scenario([
          { name: 'a', metric: 'lag', group: 'billing', above: 100 },
          { name: 'b', metric: 'lag', group: 'analytics', above: 100 },
          { name: 'c', metric: 'lag-seconds', group: 'analytics', above: 30 },
          { name: 'd', metric: 'error-rate', group: 'billing', above: 0.1, for: 30 },
          { name: 'e', metric: 'depth', broker: 'news-mail', above: 10 },
          { name: 'f', metric: 'dlq-growth', broker: 'orders-dlq', above: 0 },
        ]),
      ),
    ).toEqual([]);
  });

  it('names an unknown group or broker with a suggestion for a likely typo', () => {
    expect(
      errorsOf(
        scenario([
          { name: 'a', metric: 'lag', group: 'biling', above: 1 },
          { name: 'b', metric: 'depth', broker: 'order', above: 1 },
        ]),
      ),
    ).toEqual([
      { path: 'alerts[0].group', message: 'no consumer group has id "biling"; did you mean "billing"?' },
      { path: 'alerts[1].broker', message: 'no broker or subscription has id "order"; did you mean "orders"?' },
    ]);
  });

  it('asks for the target the metric watches, exactly one of group and broker', () => {
    expect(
      errorsOf(
        scenario([
          { name: 'a', metric: 'depth', group: 'billing', above: 1 },
          { name: 'b', metric: 'error-rate', broker: 'orders', above: 0.5 },
          { name: 'c', metric: 'lag', above: 1 },
        ]),
      ),
    ).toEqual([
      { path: 'alerts[0].group', message: 'metric "depth" watches a broker, not a group; give broker instead; for how far a group is behind its queue use metric "lag" with group' },
      { path: 'alerts[1].broker', message: 'metric "error-rate" watches a group, not a broker; give group instead' },
      { path: 'alerts[2]', message: 'metric "lag" needs a group to watch; give "group"' },
    ]);
  });

  it('refuses a metric that does not fit what the group reads or what the broker is', () => {
    expect(
      errorsOf(
        scenario([
          { name: 'a', metric: 'lag-seconds', group: 'billing', above: 30 },
          { name: 'b', metric: 'error-rate', group: 'analytics', above: 0.5 },
          { name: 'c', metric: 'depth', broker: 'events', above: 1 },
        ]),
      ),
    ).toEqual([
      { path: 'alerts[0].metric', message: '"lag-seconds" is the age of a stream group\'s oldest uncommitted record, but group "billing" reads a queue ("orders"); use "lag"' },
      { path: 'alerts[1].metric', message: '"error-rate" counts a queue group\'s failed attempts, but group "analytics" reads stream "events", whose members do not fail; use "lag" or "lag-seconds"' },
      { path: 'alerts[2].broker', message: '"events" is a stream; metric "depth" watches a queue or subscription (for a stream, watch a group reading it with metric "lag")' },
    ]);
  });

  it('refuses dlq-growth on a queue that nothing dead-letters into, listing the dead-letter queues', () => {
    expect(errorsOf(scenario([{ name: 'a', metric: 'dlq-growth', broker: 'orders', above: 1 }]))).toEqual([
      { path: 'alerts[0].broker', message: '"orders" is no dead-letter queue: no queue, subscription or bus target names it in deadLetterTo; dead-letter queues are: orders-dlq' },
    ]);
  });

  it('refuses duplicate names, an error-rate threshold no rate can exceed, and an interval longer than the run', () => {
    expect(
      errorsOf(
        scenario([
          { name: 'a', metric: 'lag', group: 'billing', above: 1 },
          { name: 'a', metric: 'error-rate', group: 'billing', above: 1, interval: 200 },
        ]),
      ),
    ).toEqual([
      { path: 'alerts[1].above', message: 'is 1, but an error rate is a share between 0 and 1 and can never be above it; use e.g. 0.5' },
      { path: 'alerts[1].interval', message: 'is 200 s, longer than the run (duration 100), so the alert would never be evaluated; use at most 100' },
      { path: 'alerts[1].name', message: 'alert name "a" is already used; alert names must be unique' },
    ]);
  });

  it('refuses an unknown metric, a negative for and a zero interval through the schema', () => {
    const paths = errorsOf(
      scenario([
        { name: 'a', metric: 'latency', group: 'billing', above: 1 },
        { name: 'b', metric: 'lag', group: 'billing', above: 1, for: -5, interval: 0 },
      ]),
    ).map((e) => e.path);
    expect(paths).toEqual(['alerts[0].metric', 'alerts[1].for', 'alerts[1].interval']);
  });
});
