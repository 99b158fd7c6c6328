import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import { BUS_PRESET_IDS, PRESETS, QUEUE_PRESET_IDS, STREAM_PRESET_IDS, findPreset, type Preset } from '../../../src/model/presets';
import { applyPresets, validateScenario } from '../../../src/scenario';
import { scenarioFrom } from '../../helpers/scenarios';

/** A scenario whose broker `b` (of `kind`, with `knobs`) is read by group `g` and fed by keyed producer `p`. */
function withBroker(kind: 'queue' | 'stream', knobs: Record<string, unknown>, group: Record<string, unknown> = {}, producer: Record<string, unknown> = {}) {
  return {
    version: 1,
    name: 'preset',
    duration: 5,
    producers: [{ id: 'p', target: 'b', keys: 3, rate: { process: 'constant', perSecond: 1 }, ...producer }],
    brokers: [{ id: 'b', kind, ...knobs }, { id: 'dlq', kind: 'queue' }],
    consumers: [{ id: 'g', reads: 'b', processing: { type: 'constant', value: 0.1 }, ...group }],
  };
}

/** A scenario whose bus `b` (with `knobs`) routes everything by rule `r` to queue `q`, read by group `g`. */
function withBus(knobs: Record<string, unknown>, target: Record<string, unknown> = {}) {
  return {
    version: 1,
    name: 'preset',
    duration: 5,
    producers: [{ id: 'p', target: 'b', rate: { process: 'constant', perSecond: 1 } }],
    brokers: [
      { id: 'b', kind: 'bus', rules: [{ id: 'r', targets: [{ to: 'q', deadLetterTo: 'dlq', ...target }] }], ...knobs },
      { id: 'q', kind: 'queue' },
      { id: 'dlq', kind: 'queue' },
    ],
    consumers: [{ id: 'g', reads: 'q', processing: { type: 'constant', value: 0.1 } }],
  };
}

/** A scenario that names `preset` on its first broker, with a dead-letter queue where the kind has one. */
function namingPreset(preset: Preset) {
  if (preset.kind === 'bus') return withBus({ preset: preset.id });
  return withBroker(preset.kind, { preset: preset.id, ...(preset.kind === 'queue' ? { deadLetterTo: 'dlq' } : {}) });
}

describe('the preset list', () => {
  it('has unique ids, and the schema enums of queue, stream and bus presets list exactly the presets of that kind', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    expect([...QUEUE_PRESET_IDS].sort()).toEqual(PRESETS.filter((p) => p.kind === 'queue').map((p) => p.id).sort());
    expect([...STREAM_PRESET_IDS].sort()).toEqual(PRESETS.filter((p) => p.kind === 'stream').map((p) => p.id).sort());
    expect([...BUS_PRESET_IDS].sort()).toEqual(PRESETS.filter((p) => p.kind === 'bus').map((p) => p.id).sort());
  });

  it('gives every preset a description that says what it simplifies', () => {
    for (const preset of PRESETS) expect(preset.description, preset.id).toMatch(/Simplifies: \S/);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s uses only real knobs, and a scenario naming it validates with its values', (_, preset) => {
    const result = validateScenario(namingPreset(preset));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { scenario } = result;
    expect(scenario.brokers[0]).toMatchObject({ ...preset.broker, ...preset.withDeadLetter, preset: preset.id });
    expect(scenario.consumers[0]).toMatchObject(preset.group ?? {});
    expect(scenario.producers[0]).toMatchObject(preset.producer ?? {});
    if (preset.target) expect(scenario.brokers[0]).toMatchObject({ rules: [{ targets: [preset.target] }] });
  });
});

describe('applying a preset to scenario data', () => {
  it('gives a Kafka stream its retention and segments, and the groups reading it Kafka consumer defaults', () => {
    const scenario = scenarioFrom(withBroker('stream', { preset: 'kafka', partitions: 6 }));
    expect(scenario.brokers[0]).toMatchObject({ partitions: 6, partitioner: 'keyed', retentionSeconds: 604_800, segmentBytes: 1_073_741_824 });
    expect(scenario.consumers[0]).toMatchObject({ assignment: 'range', commit: { mode: 'auto', intervalSeconds: 5 }, maxPollRecords: 500, sessionTimeout: 45, startFrom: 'latest' });
    expect(scenario.producers[0]).toMatchObject({ idempotent: true });
  });

  it('lets every field the file sets win over the preset, one top-level field at a time', () => {
    const scenario = scenarioFrom(
      withBroker('queue', { preset: 'sqs-fifo', ackTimeout: 5, maxDeliveries: 3, deadLetterTo: 'dlq' }, { pull: { batchSize: 2 } }, { idempotent: false }),
    );
    expect(scenario.brokers[0]).toMatchObject({ ackTimeout: 5, maxDeliveries: 3, orderByKey: true, maxMessageBytes: 1_048_576 });
    expect(scenario.consumers[0]).toMatchObject({ pull: { batchSize: 2, waitTime: 20, refill: 'batch' } });
    expect(scenario.producers[0]).toMatchObject({ idempotent: false });
  });

  it('gives a group that a timeline action adds later the defaults of the preset it reads', () => {
    const scenario = scenarioFrom({
      ...withBroker('stream', { preset: 'kafka' }),
      timeline: [{ at: 2, action: 'add-group', group: { id: 'late', reads: 'b', processing: { type: 'constant', value: 0.1 }, maxPollRecords: 7 } }],
    });
    expect(scenario.timeline[0]).toMatchObject({ group: { id: 'late', assignment: 'range', maxPollRecords: 7, sessionTimeout: 45 } });
  });

  it('gives every target of a bus preset its retry policy, unless the target sets its own', () => {
    const scenario = scenarioFrom(withBus({ preset: 'azure-event-grid' }));
    expect(scenario.brokers[0]).toMatchObject({ rules: [{ targets: [{ to: 'q', retry: { attempts: 29, backoff: { schedule: [10, 30, 60, 300, 600, 1800, 3600, 10_800, 21_600] } } }] }] });
    const own = scenarioFrom(withBus({ preset: 'sns' }, { retry: { attempts: 2 } }));
    expect(own.brokers[0]).toMatchObject({ rules: [{ targets: [{ retry: { attempts: 2, maxEventAge: 86_400, backoff: { base: 1, multiplier: 2, max: 480, jitter: 'none' } } }] }] });
  });

  it('adds SQS redrive knobs only to a queue that names a dead-letter queue', () => {
    const without = scenarioFrom(withBroker('queue', { preset: 'sqs' }));
    expect(without.brokers[0]).not.toHaveProperty('maxDeliveries');
    const withDlq = scenarioFrom(withBroker('queue', { preset: 'sqs', deadLetterTo: 'dlq' }));
    expect(withDlq.brokers[0]).toMatchObject({ maxDeliveries: 10, onMaxDeliveries: 'dead-letter' });
  });

  it('leaves groups and producers of other brokers, and the input data itself, untouched', () => {
    const data = withBroker('queue', { preset: 'nats-jetstream' });
    const other = { id: 'other', reads: 'dlq', processing: { type: 'constant', value: 1 } };
    const input = { ...data, consumers: [...data.consumers, other] };
    const before = JSON.stringify(input);
    const applied = applyPresets(input) as typeof input;
    expect(JSON.stringify(input)).toBe(before);
    expect(applied.consumers[0]).toMatchObject({ prefetch: 1000 });
    expect(applied.consumers[1]).toEqual(other);
    expect(applied.brokers[1]).toEqual({ id: 'dlq', kind: 'queue' });
  });

  it('reports an unknown preset id at the broker’s path, listing the valid ids', () => {
    const result = validateScenario(withBroker('queue', { preset: 'activemq' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const listed = QUEUE_PRESET_IDS.map((id) => `"${id}"`).join(', ');
    expect(result.errors).toContainEqual({ path: 'brokers[0].preset', message: `must be one of ${listed}, got "activemq"` });
  });

  it('reports a preset of the other broker kind as an unknown id, not applying it', () => {
    const result = validateScenario(withBroker('queue', { preset: 'kafka' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(['brokers[0].preset']);
    expect(result.errors[0]!.message).toContain('"rabbitmq-quorum"');
  });

  it('returns data that is not shaped like a scenario unchanged, for the schema to report', () => {
    expect(applyPresets(null)).toBe(null);
    const odd = { brokers: 'none' };
    expect(applyPresets(odd)).toBe(odd);
  });
});

describe('brokerlab presets', () => {
  function capture() {
    const out: string[] = [];
    return { out, io: { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t), errIsTTY: false, errColumns: 80 } };
  }

  it('lists every preset with its id, kind and name, then its description', async () => {
    const { out, io } = capture();
    expect(await runCli(['presets'], io)).toBe(0);
    const text = out.join('');
    for (const preset of PRESETS) expect(text).toMatch(new RegExp(`^${preset.id} +${preset.kind} +${preset.name.replace(/[()]/g, '\\$&')}$`, 'm'));
    expect(text).toContain('Simplifies:');
  });

  it('prints the presets whole as JSON with --format json', async () => {
    const { out, io } = capture();
    expect(await runCli(['presets', '--format', 'json'], io)).toBe(0);
    const listed = JSON.parse(out.join('')) as { id: string }[];
    expect(listed.map((p) => p.id)).toEqual(PRESETS.map((p) => p.id));
    expect(listed[0]).toEqual(findPreset(listed[0]!.id));
  });
});
