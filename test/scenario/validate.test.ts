import { describe, expect, it } from 'vitest';
import { formatErrors, parseScenario, ScenarioValidationError, validateScenario, type ScenarioError } from '../../src/scenario';
import { validScenarioData } from './fixtures';

function errorsOf(data: unknown): ScenarioError[] {
  const result = validateScenario(data);
  if (result.ok) throw new Error('expected the scenario to be rejected, but it was accepted');
  return result.errors;
}

describe('validateScenario', () => {
  it('accepts a valid scenario and fills in every default', () => {
    const result = validateScenario(validScenarioData());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario.seed).toBe(1);
    expect(result.scenario.description).toBe('');
    expect(result.scenario.limits).toEqual({ maxEvents: 50_000_000, maxWallSeconds: 120 });
    expect(result.scenario.producers[0]).toMatchObject({ bursts: [], start: 0, eventType: 'MESSAGE', rate: { process: 'poisson' } });
    expect(result.scenario.brokers[0]).toMatchObject({ overflow: 'drop-head' });
    expect(result.scenario.consumers[0]).toMatchObject({ instances: 2, concurrency: 1 });
  });

  it('names an unknown field by its path and suggests the known field it most likely meant', () => {
    const data = validScenarioData();
    data.consumers[0]!.instnaces = 3;
    data.durration = 5;
    expect(errorsOf(data)).toEqual([
      { path: 'consumers[0].instnaces', message: 'unknown field; did you mean "instances"?' },
      { path: 'durration', message: 'unknown field; did you mean "duration"?' },
    ]);
  });

  it('lists the known fields when an unknown one is not close to any of them', () => {
    const data = validScenarioData();
    data.brokers[0]!.partitions = 4;
    const [error] = errorsOf(data);
    expect(error?.path).toBe('brokers[0].partitions');
    expect(error?.message).toBe('unknown field; known fields: id, kind, preset, maxLength, maxBytes, overflow, keepOneIn, conflate, orderByKey, memoryLimitBytes, onMemoryLimit, restartSeconds, ackTimeout, lateAck, maxDeliveries, onMaxDeliveries, deadLetterTo, messageTtl, deliveryDelay, maxMessageBytes, delivery, buffering, consumerMode, requeueDelay, onConsumerCrash');
  });

  it('suggests fields of the right distribution type inside a processing distribution', () => {
    const data = validScenarioData();
    data.consumers[0]!.processing = { type: 'lognormal', mean: 2, p90: 5 };
    expect(errorsOf(data)).toContainEqual({ path: 'consumers[0].processing.p90', message: 'unknown field; did you mean "p99"?' });
  });

  it('says which type a field must have and what it got', () => {
    const data: Record<string, unknown> & { consumers: Record<string, unknown>[] } = validScenarioData();
    data.consumers[0]!.instances = 'three';
    data.name = 42;
    data.producers = {};
    expect(errorsOf(data)).toEqual([
      { path: 'consumers[0].instances', message: 'must be a number, got "three"' },
      { path: 'name', message: 'must be a string, got 42' },
      { path: 'producers', message: 'must be a list, got an object' },
    ]);
  });

  it('rejects a whole-number field given a fraction', () => {
    const data = validScenarioData();
    data.consumers[0]!.instances = 2.5;
    expect(errorsOf(data)).toEqual([{ path: 'consumers[0].instances', message: 'must be a whole number, got 2.5' }]);
  });

  it('reports a missing required field as required', () => {
    const data = validScenarioData();
    delete data.duration;
    expect(errorsOf(data)).toEqual([{ path: 'duration', message: 'is required (a number)' }]);
  });

  it('rejects a negative or zero arrival rate with the bound it broke', () => {
    const data = validScenarioData();
    data.producers[0]!.rate = { perSecond: -2 };
    expect(errorsOf(data)).toEqual([{ path: 'producers[0].rate.perSecond', message: 'must be > 0, got -2' }]);
    data.producers[0]!.rate = { perSecond: 0 };
    expect(errorsOf(data)).toEqual([{ path: 'producers[0].rate.perSecond', message: 'must be > 0, got 0' }]);
  });

  it('rejects a lognormal whose p99 is below its mean, at the p99 field', () => {
    const data = validScenarioData();
    data.consumers[0]!.processing = { type: 'lognormal', mean: 2, p99: 1 };
    const errors = errorsOf(data);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('consumers[0].processing.p99');
    expect(errors[0]?.message).toMatch(/must be greater than mean \(2\)/);
  });

  it('asks for exactly one of p99 or cv on a lognormal', () => {
    const data = validScenarioData();
    data.consumers[0]!.processing = { type: 'lognormal', mean: 2 };
    expect(errorsOf(data)).toEqual([
      { path: 'consumers[0].processing', message: 'a lognormal needs exactly one of p99 or cv next to its mean' },
    ]);
    data.consumers[0]!.processing = { type: 'lognormal', mean: 2, p99: 6, cv: 0.5 };
    expect(errorsOf(data)[0]?.path).toBe('consumers[0].processing');
  });

  it('names the bad discriminator value of a broker kind or distribution type, not the whole object', () => {
    const data = validScenarioData();
    (data.brokers[0] as { kind: string }).kind = 'mailbox';
    data.consumers[0]!.processing = { type: 'gamma', mean: 1 };
    expect(errorsOf(data)).toEqual([
      { path: 'brokers[0].kind', message: 'must be one of "queue", "stream", "topic", "bus", got "mailbox"' },
      {
        path: 'consumers[0].processing.type',
        message: 'must be one of "constant", "exponential", "uniform", "normal", "lognormal", "choice", got "gamma"',
      },
    ]);
  });

  it('rejects a target or reads naming a broker that does not exist, suggesting the closest id', () => {
    const data = validScenarioData();
    data.producers[0]!.target = 'order';
    data.consumers[0]!.reads = 'payments';
    expect(errorsOf(data)).toEqual([
      { path: 'consumers[0].reads', message: 'no broker or subscription has id "payments"; queues, subscriptions and streams are: orders' },
      { path: 'producers[0].target', message: 'no broker or subscription has id "order"; did you mean "orders"?' },
    ]);
  });

  it('rejects an id used twice, even across producers, brokers and consumer groups', () => {
    const data = validScenarioData();
    data.brokers.push({ id: 'orders', kind: 'queue' });
    data.consumers[0]!.id = 'checkout';
    expect(errorsOf(data)).toEqual([
      { path: 'brokers[1].id', message: 'id "orders" is already used by brokers[0].id; ids must be unique' },
      { path: 'consumers[0].id', message: 'id "checkout" is already used by producers[0].id; ids must be unique' },
    ]);
  });

  it('reports every error in the file, not only the first, sorted by path', () => {
    const data = validScenarioData();
    data.duration = -1;
    data.producers[0]!.rate = { perSecond: 'fast' };
    data.brokers[0]!.maxLength = -3;
    data.consumers[0]!.processing = { type: 'exponential', mean: 0 };
    data.consumers[0]!.concurency = 2;
    const errors = errorsOf(data);
    expect(errors.map((e) => e.path)).toEqual([
      'brokers[0].maxLength',
      'consumers[0].concurency',
      'consumers[0].processing.mean',
      'duration',
      'producers[0].rate.perSecond',
    ]);
  });

  it('requires a version and refuses one newer than it reads', () => {
    const missing = validScenarioData();
    delete missing.version;
    expect(errorsOf(missing)).toEqual([{ path: 'version', message: 'is required; this brokerlab reads version 1' }]);

    const newer = { ...validScenarioData(), version: 2 };
    expect(errorsOf(newer)).toEqual([
      { path: 'version', message: '2 is newer than this brokerlab reads (up to 1); upgrade brokerlab' },
    ]);

    const text = { ...validScenarioData(), version: '1' };
    expect(errorsOf(text)).toEqual([{ path: 'version', message: 'must be 1, got "1"' }]);
  });

  it('refuses data that is not a JSON object', () => {
    for (const data of [null, [], 'scenario', 3]) {
      expect(errorsOf(data)).toEqual([{ path: '', message: 'a scenario must be a JSON object' }]);
    }
  });

  it('rejects a producer that would publish nothing, and a burst that ends after the run', () => {
    const data = validScenarioData();
    delete data.producers[0]!.rate;
    expect(errorsOf(data)).toEqual([{ path: 'producers[0]', message: 'publishes nothing: give it a rate, bursts, or a set-rate action in the timeline' }]);
    data.producers[0]!.bursts = [{ at: 50, count: 10, spread: 20 }];
    expect(errorsOf(data)).toEqual([{ path: 'producers[0].bursts[0]', message: 'ends at 70 s, after the run ends (duration 60)' }]);
  });

  it('refuses a sample interval so fine that the depth series would not fit in bounded memory', () => {
    const data = { ...validScenarioData(), duration: 3_000_000, sampleInterval: 0.25 };
    expect(errorsOf(data)).toEqual([
      { path: 'sampleInterval', message: 'gives 12000000 samples over the duration; the most is 100000, so use at least 30' },
    ]);
    expect(validateScenario({ ...data, sampleInterval: 30 }).ok).toBe(true);
  });
});

describe('formatErrors and parseScenario', () => {
  it('formats one "path: message" line per error, naming the whole scenario when the path is empty', () => {
    expect(
      formatErrors([
        { path: 'duration', message: 'must be > 0, got -1' },
        { path: '', message: 'a scenario must be a JSON object' },
      ]),
    ).toBe('duration: must be > 0, got -1\n(scenario): a scenario must be a JSON object');
  });

  it('throws a ScenarioValidationError carrying every error', () => {
    const data = validScenarioData();
    data.duration = 0;
    data.name = '';
    let thrown: unknown;
    try {
      parseScenario(data);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScenarioValidationError);
    expect((thrown as ScenarioValidationError).errors.map((e) => e.path)).toEqual(['duration', 'name']);
    expect((thrown as Error).message).toContain('duration: must be > 0, got 0');
  });
});

describe('validateScenario: the delivery lifecycle and the timeline', () => {
  const base = (): ReturnType<typeof validScenarioData> => ({
    ...validScenarioData(),
    brokers: [
      { id: 'orders', kind: 'queue' },
      { id: 'dead', kind: 'queue' },
    ],
  });

  it('fills in lifecycle defaults: no lease, ignore late acks, dead-letter at the limit, no delay, prefetch from concurrency', () => {
    const result = validateScenario(base());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario.brokers[0]).toMatchObject({ lateAck: 'ignore', onMaxDeliveries: 'dead-letter', deliveryDelay: 0 });
    expect(result.scenario.brokers[0]).not.toHaveProperty('ackTimeout');
    expect(result.scenario.consumers[0]!.prefetch).toBeUndefined();
    expect(result.scenario.timeline).toEqual([]);
  });

  it('rejects a dead-letter queue that does not exist or is the queue itself', () => {
    const data = base();
    data.brokers[0] = { ...data.brokers[0]!, deadLetterTo: 'orders' };
    expect(errorsOf(data)).toEqual([{ path: 'brokers[0].deadLetterTo', message: 'a queue cannot be its own dead-letter queue' }]);
    data.brokers[0] = { ...data.brokers[0]!, deadLetterTo: 'deed' };
    expect(errorsOf(data)).toEqual([{ path: 'brokers[0].deadLetterTo', message: 'no broker or subscription has id "deed"; did you mean "dead"?' }]);
  });

  it('refuses dead-letter queues that lead back to where they started, naming the cycle once', () => {
    const data = base();
    data.brokers[0] = { ...data.brokers[0]!, deadLetterTo: 'dead' };
    data.brokers[1] = { ...data.brokers[1]!, deadLetterTo: 'orders' };
    expect(errorsOf(data)).toEqual([
      {
        path: 'brokers[0].deadLetterTo',
        message: 'dead-letter queues form a cycle (orders → dead → orders), so a message could circle for ever; end the chain at a queue without deadLetterTo',
      },
    ]);
  });

  it('refuses a no-ack failure on a queue without a lease, since the message would stay in flight for ever', () => {
    const data = base();
    data.consumers[0] = { ...data.consumers[0]!, failure: { probability: 0.1, action: 'no-ack' } };
    expect(errorsOf(data)).toEqual([
      {
        path: 'consumers[0].failure.action',
        message: '"no-ack" leaves a failed message in flight until its lease expires, but "orders" has no ackTimeout; set one or use "requeue" or "reject"',
      },
    ]);
  });

  it('refuses a crash process whose uptime can be zero on average', () => {
    const data = base();
    data.consumers[0] = {
      ...data.consumers[0]!,
      crashes: { uptime: { type: 'constant', value: 0 }, downtime: { type: 'constant', value: 1 } },
    };
    expect(errorsOf(data)).toEqual([
      { path: 'consumers[0].crashes.uptime', message: 'must have a mean above 0, or events would repeat without time passing' },
    ]);
  });

  it('checks every timeline action: its time, the names it refers to and the instance number', () => {
    const data = {
      ...base(),
      timeline: [
        { at: 500, action: 'crash', group: 'fulfilment', instance: 1 },
        { at: 1, action: 'crash', group: 'fulfilmnt', instance: 1 },
        { at: 1, action: 'restart', group: 'fulfilment', instance: 9 },
        { at: 1, action: 'set-rate', producer: 'nobody', perSecond: 2 },
        { at: 1, action: 'redrive', from: 'dead', to: 'dead' },
      ],
    };
    expect(errorsOf(data).map((e) => e.path)).toEqual([
      'timeline[0].at',
      'timeline[1].group',
      'timeline[2].instance',
      'timeline[3].producer',
      'timeline[4].to',
    ]);
    expect(errorsOf(data)[2]!.message).toBe('group "fulfilment" never has more than 2 instances, got 9');
  });

  it('names the allowed actions when a timeline entry has an unknown one', () => {
    expect(errorsOf({ ...base(), timeline: [{ at: 1, action: 'explode' }] })).toEqual([
      {
        path: 'timeline[0].action',
        message: 'must be one of "crash", "restart", "scale", "set-rate", "set-processing", "redrive", "add-subscription", "add-group", "outage", "reset-offsets", "set-queue-limits", "set-producer-flow", "set-prefetch", "set-pull", "set-autoscale", "set-breaker", "set-failure", "set-idempotency", "add-partitions", "caption", got "explode"',
      },
    ]);
  });
});
