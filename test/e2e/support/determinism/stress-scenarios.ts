import { RandomSource, type RandomStream } from '../../../../src/engine';
import type { ScenarioInput } from '../../../../src/scenario';

/**
 * Generated scenarios that push the stream, topic and bus code paths (typed-array partition logs,
 * string tables, Maps of subscriptions and retries) much harder than the library's scenarios do.
 * The browser harness and the Node test both import this module, so both run exactly the same data;
 * the parameters come from a fixed seed so the set never drifts between runs.
 */

/** Seed of the parameter draws; changing it changes the scenarios (both sides still agree). */
export const STRESS_SEED = 20_261_126;

/** Each generated scenario as JSON text, keyed by a file-like name under `generated/`. */
export function stressScenarioTexts(seed: number = STRESS_SEED): Record<string, string> {
  const random = new RandomSource(seed);
  return {
    'generated/stream-rebalances.json': JSON.stringify(streamScenario(random.stream('stress:stream'))),
    'generated/topic-filters-pull.json': JSON.stringify(topicScenario(random.stream('stress:topic'))),
    'generated/bus-retries-dlq.json': JSON.stringify(busScenario(random.stream('stress:bus'))),
  };
}

/** A draw from {lo, lo + step, …, hi}: tidy numbers that JSON writes back exactly. */
function grid(rng: RandomStream, lo: number, hi: number, step: number): number {
  return lo + rng.nextInt(Math.round((hi - lo) / step) + 1) * step;
}

/**
 * A 6-partition keyed stream with a keyless sticky producer on a second stream, time and count
 * retention over small segments, members that crash and come back (rebalances, cooperative and
 * eager), a scale-out, an offset reset and a late group that replays from the earliest offset.
 */
function streamScenario(rng: RandomStream): ScenarioInput {
  const duration = 180;
  return {
    version: 1,
    name: 'Generated: 6-partition stream with crashes, rebalances and retention',
    seed: grid(rng, 1, 1_000_000, 1),
    duration,
    producers: [
      {
        id: 'orders',
        target: 'order-log',
        eventType: 'ORDER_PLACED',
        rate: { process: 'poisson', perSecond: grid(rng, 30, 60, 5) },
        bursts: [{ at: grid(rng, 40, 80, 1), count: grid(rng, 200, 600, 50), spread: 2 }],
        keys: grid(rng, 50, 5000, 50),
        payloadBytes: { type: 'lognormal', mean: 1500, cv: 0.8 },
      },
      {
        id: 'clicks',
        target: 'click-log',
        eventType: 'CLICK',
        rate: { process: 'constant', perSecond: grid(rng, 20, 40, 5) },
        payloadBytes: { type: 'uniform', min: 100, max: 900 },
      },
    ],
    brokers: [
      { id: 'order-log', kind: 'stream', partitions: 6, partitioner: 'keyed', retentionSeconds: grid(rng, 30, 60, 5), segmentSeconds: 5 },
      { id: 'click-log', kind: 'stream', partitions: 6, partitioner: 'sticky', maxEntries: grid(rng, 200, 600, 50), retentionBytes: 200_000 },
    ],
    consumers: [
      {
        id: 'fulfil',
        reads: 'order-log',
        instances: 4,
        startFrom: 'earliest',
        assignment: 'cooperative-sticky',
        commit: { mode: 'manual' },
        maxPollRecords: 50,
        sessionTimeout: 8,
        rebalancePause: 1,
        processing: { type: 'exponential', mean: grid(rng, 0.04, 0.08, 0.01) },
        crashes: { uptime: { type: 'exponential', mean: grid(rng, 30, 60, 5) }, downtime: { type: 'uniform', min: 2, max: 10 } },
      },
      {
        id: 'audit',
        reads: 'order-log',
        instances: 2,
        startFrom: 'latest',
        assignment: 'range',
        commit: { mode: 'auto', intervalSeconds: 2 },
        processing: { type: 'lognormal', mean: grid(rng, 0.1, 0.2, 0.02), p99: 0.6 },
      },
      {
        id: 'analytics',
        reads: 'click-log',
        instances: 3,
        startFrom: 'earliest',
        assignment: 'round-robin',
        processing: { type: 'normal', mean: 0.15, stddev: 0.05 },
        crashes: { uptime: { type: 'exponential', mean: 40 }, downtime: { type: 'constant', value: 4 } },
        sessionTimeout: 5,
      },
    ],
    timeline: [
      { at: grid(rng, 20, 40, 1), action: 'crash', group: 'audit', instance: 1 },
      { at: grid(rng, 50, 70, 1), action: 'restart', group: 'audit', instance: 1 },
      { at: grid(rng, 60, 90, 1), action: 'scale', group: 'fulfil', instances: 6 },
      { at: grid(rng, 100, 120, 1), action: 'reset-offsets', group: 'audit', to: 'timestamp', timestamp: grid(rng, 60, 90, 1) },
      { at: 130, action: 'scale', group: 'analytics', instances: 1 },
      { at: 140, action: 'set-rate', producer: 'orders', perSecond: grid(rng, 80, 120, 10) },
      {
        at: 150,
        action: 'add-group',
        group: { id: 'replay', reads: 'order-log', instances: 3, startFrom: 'earliest', processing: { type: 'constant', value: 0.01 } },
      },
    ],
  };
}

/**
 * A topic whose subscriptions filter on type, source and attributes (value lists, exists, prefix),
 * with leases, delivery limits, a dead-letter queue and a redrive, read by push groups with prefetch
 * and failures and by pull groups (long and short polls); a subscription and a pull group arrive late.
 */
function topicScenario(rng: RandomStream): ScenarioInput {
  const duration = 150;
  return {
    version: 1,
    name: 'Generated: filtered topic with pull groups, leases and a DLQ',
    seed: grid(rng, 1, 1_000_000, 1),
    duration,
    producers: [
      {
        id: 'web',
        target: 'events',
        eventType: 'USER_CREATED',
        rate: { process: 'poisson', perSecond: grid(rng, 20, 40, 5) },
        keys: 300,
        attributes: { region: 'eu-west', tier: 'gold' },
      },
      {
        id: 'mobile',
        target: 'events',
        eventType: 'USER_UPDATED',
        rate: { process: 'poisson', perSecond: grid(rng, 20, 40, 5) },
        bursts: [{ at: grid(rng, 30, 60, 1), count: grid(rng, 300, 800, 50) }],
        attributes: { region: 'us-east' },
      },
      {
        id: 'batch',
        target: 'events',
        eventType: 'USER_DELETED',
        rate: { process: 'constant', perSecond: 5 },
        attributes: { region: 'ap-south', tier: 'free' },
      },
    ],
    brokers: [
      {
        id: 'events',
        kind: 'topic',
        subscriptions: [
          { id: 'all-sub' },
          { id: 'eu-sub', filter: { attributes: { region: { prefix: 'eu-' } } }, ackTimeout: 2, maxDeliveries: 3, deadLetterTo: 'events-dlq' },
          { id: 'gold-sub', filter: { types: ['USER_CREATED', 'USER_UPDATED'], attributes: { tier: ['gold', 'platinum'] } }, maxLength: 50, overflow: 'drop-head' },
          { id: 'untiered-sub', filter: { attributes: { tier: { exists: false } } }, maxLength: 200, overflow: 'reject-publish', messageTtl: 20 },
          { id: 'mobile-sub', filter: { sources: ['mobile', 'batch'] }, deliveryDelay: 0.5, ackTimeout: 5, lateAck: 'accept' },
        ],
      },
      { id: 'events-dlq', kind: 'queue' },
    ],
    consumers: [
      { id: 'archive', reads: 'all-sub', instances: 3, concurrency: 4, prefetch: 16, processing: { type: 'exponential', mean: 0.05 } },
      {
        id: 'eu-mailer',
        reads: 'eu-sub',
        instances: 3,
        concurrency: 4,
        processing: { type: 'lognormal', mean: grid(rng, 0.05, 0.1, 0.01), p99: 0.5 },
        failure: { probability: grid(rng, 0.3, 0.5, 0.05), action: 'no-ack' },
      },
      { id: 'loyalty', reads: 'gold-sub', instances: 1, processing: { type: 'constant', value: grid(rng, 0.05, 0.1, 0.01) } },
      {
        id: 'puller',
        reads: 'untiered-sub',
        instances: 3,
        pull: { batchSize: 10, waitTime: 20 },
        processing: { type: 'exponential', mean: grid(rng, 0.05, 0.15, 0.01) },
        failure: { probability: 0.05, action: 'requeue' },
        crashes: { uptime: { type: 'exponential', mean: 30 }, downtime: { type: 'constant', value: 3 } },
      },
      {
        id: 'short-poller',
        reads: 'mobile-sub',
        instances: 2,
        pull: { batchSize: 5, waitTime: 0, pollInterval: 0.5 },
        processing: { type: 'choice', options: [{ value: 0.01, weight: 3 }, { value: 0.3, weight: 1 }] },
        failure: { probability: 0.1, action: 'reject' },
      },
    ],
    timeline: [
      { at: grid(rng, 40, 60, 1), action: 'add-subscription', topic: 'events', subscription: { id: 'late-sub', filter: { types: ['USER_DELETED', 'USER_CREATED'] }, ackTimeout: 1 } },
      { at: grid(rng, 60, 80, 1), action: 'add-group', group: { id: 'late-puller', reads: 'late-sub', instances: 2, pull: { batchSize: 20, waitTime: 5 }, processing: { type: 'exponential', mean: 0.05 } } },
      { at: 90, action: 'crash', group: 'archive', instance: 2 },
      { at: 100, action: 'set-processing', group: 'eu-mailer', processing: { type: 'constant', value: 0.02 } },
      { at: 110, action: 'redrive', from: 'events-dlq', to: 'eu-sub', limit: grid(rng, 20, 100, 10) },
      { at: 120, action: 'restart', group: 'archive', instance: 2 },
      { at: 125, action: 'scale', group: 'puller', instances: 0 },
    ],
  };
}

/**
 * An event bus whose rules match by type, source and attributes and fan out to a small queue that
 * refuses when full (so the bus retries with backoff, gives up on old events and dead-letters them),
 * a stream and a topic; a consumer drains the dead-letter queue and a redrive sends some back.
 */
function busScenario(rng: RandomStream): ScenarioInput {
  const duration = 200;
  return {
    version: 1,
    name: 'Generated: event bus with retries, max event age and a DLQ',
    seed: grid(rng, 1, 1_000_000, 1),
    duration,
    producers: [
      {
        id: 'payments',
        target: 'bus',
        eventType: 'PAYMENT_SETTLED',
        rate: { process: 'poisson', perSecond: grid(rng, 15, 30, 5) },
        bursts: [{ at: grid(rng, 20, 50, 1), count: grid(rng, 200, 500, 50), spread: 5 }],
        keys: 100,
        attributes: { currency: 'EUR' },
      },
      {
        id: 'refunds',
        target: 'bus',
        eventType: 'REFUND_ISSUED',
        rate: { process: 'poisson', perSecond: grid(rng, 5, 15, 5) },
        attributes: { currency: 'USD', priority: 'high' },
      },
      { id: 'noise', target: 'bus', eventType: 'HEARTBEAT', rate: { process: 'constant', perSecond: 2 } },
    ],
    brokers: [
      {
        id: 'bus',
        kind: 'bus',
        rules: [
          {
            id: 'ledger',
            pattern: { types: ['PAYMENT_SETTLED', 'REFUND_ISSUED'] },
            targets: [
              {
                to: 'ledger-q',
                retry: { attempts: grid(rng, 3, 8, 1), maxEventAge: grid(rng, 10, 30, 5), backoff: { base: 0.5, multiplier: 2, max: 8 } },
                deadLetterTo: 'bus-dlq',
              },
              { to: 'history', retry: { attempts: 2 } },
            ],
          },
          {
            id: 'urgent',
            pattern: { sources: ['refunds'], attributes: { priority: ['high'] } },
            targets: [{ to: 'alerts', retry: { attempts: 1, backoff: { base: 1, multiplier: 1, max: 1 } } }],
          },
          { id: 'euro', pattern: { attributes: { currency: { prefix: 'EU' } } }, targets: [{ to: 'fx-q' }] },
        ],
      },
      { id: 'ledger-q', kind: 'queue', maxLength: grid(rng, 20, 60, 10), overflow: 'reject-publish' },
      { id: 'history', kind: 'stream', partitions: 3, retentionSeconds: 60 },
      { id: 'alerts', kind: 'topic', subscriptions: [{ id: 'pager-sub', maxLength: 5, overflow: 'reject-publish' }, { id: 'log-sub' }] },
      { id: 'fx-q', kind: 'queue', maxLength: 30, overflow: 'drop-head', deadLetterTo: 'bus-dlq' },
      { id: 'bus-dlq', kind: 'queue' },
    ],
    consumers: [
      { id: 'ledger', reads: 'ledger-q', instances: 2, concurrency: 2, processing: { type: 'lognormal', mean: grid(rng, 0.1, 0.3, 0.05), cv: 1 } },
      { id: 'history-reader', reads: 'history', instances: 3, startFrom: 'earliest', processing: { type: 'exponential', mean: 0.02 } },
      { id: 'pager', reads: 'pager-sub', processing: { type: 'constant', value: 1 } },
      { id: 'logger', reads: 'log-sub', pull: { batchSize: 10, waitTime: 2 }, processing: { type: 'constant', value: 0.01 } },
      { id: 'fx', reads: 'fx-q', processing: { type: 'exponential', mean: 0.1 }, failure: { probability: 0.1, action: 'requeue' } },
      { id: 'dlq-inspector', reads: 'bus-dlq', pull: { batchSize: 5, waitTime: 10 }, processing: { type: 'uniform', min: 0.5, max: 1.5 } },
    ],
    timeline: [
      { at: grid(rng, 60, 90, 1), action: 'set-processing', group: 'ledger', processing: { type: 'exponential', mean: 0.02 } },
      { at: 100, action: 'scale', group: 'dlq-inspector', instances: 0 },
      { at: grid(rng, 120, 150, 1), action: 'redrive', from: 'bus-dlq', to: 'ledger-q' },
      { at: 160, action: 'set-rate', producer: 'payments', perSecond: 0 },
    ],
  };
}
