import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/metrics';
import { brokerlab, repoRoot, runProcess, type CliResult } from './spawn-cli';

// Each spawn costs about half a second, so runs several tests look at are started once and shared.
const CHECKOUT = 'scenarios/checkout-burst.json';
const once = <T>(start: () => Promise<T>): (() => Promise<T>) => {
  let promise: Promise<T> | undefined;
  return () => (promise ??= start());
};
const baselineJson = once(() => brokerlab('run', CHECKOUT, '--format', 'json'));
const seed8WithTrace = once(() => brokerlab('run', CHECKOUT, '--format', 'json', '--seed', '8', '--trace', join(dir, 'seed8.ndjson')));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function reportOf(result: CliResult): RunReport {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as RunReport;
}

function writeScenario(name: string, data: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return file;
}

describe('brokerlab run', () => {
  it('prints a readable summary table and exits 0 when every invariant holds', async () => {
    const result = await brokerlab('run', CHECKOUT);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out.split('\n')[0]).toBe('Checkout burst (load levelling)');
    expect(out).toMatch(/^seed 7 · 60 s virtual · [\d,]+ events · trace [0-9a-f]+$/m);
    expect(out).toMatch(/^Producer\s+attempted\s+published\s+rejected/m);
    expect(out).toMatch(/^checkout\s+\d+\s+\d+\s+0$/m);
    expect(out).toMatch(/^Broker\s+kind\s+enqueued\s+depth mean\s+max\s+final\s+inflight mean\s+max\s+dropped/m);
    expect(out).toMatch(/^orders\s+queue\s/m);
    expect(out).toMatch(/^Consumer group\s+delivered\s+acked\s+throughput\/s$/m);
    expect(out).toMatch(/^fulfilment\s+wait\s+/m);
    expect(out).toMatch(/^fulfilment\s+endToEnd\s+/m);
    expect(out).toMatch(/^Invariants: ok \(conservation, /m);
  });

  it('prints the JSON report contract without the bulky series, and exits 0', async () => {
    const report = reportOf(await baselineJson());
    expect(report).toMatchObject({ scenario: 'Checkout burst (load levelling)', seed: 7, duration: 60 });
    expect(report.events).toBeGreaterThan(0);
    expect(report.traceHash).toMatch(/^[0-9a-f]+$/);
    expect(Object.keys(report.producers.checkout!)).toEqual(expect.arrayContaining(['attempted', 'published', 'rejected']));
    expect(report.brokers.orders).toMatchObject({ kind: 'queue', dropped: 0, droppedBy: {} });
    expect(Object.keys(report.brokers.orders!.depth)).toEqual(expect.arrayContaining(['mean', 'max', 'final']));
    expect(Object.keys(report.brokers.orders!.inflight)).toEqual(expect.arrayContaining(['mean', 'max']));
    const group = report.groups.fulfilment!;
    for (const summary of [group.wait, group.endToEnd]) {
      expect(Object.keys(summary)).toEqual(expect.arrayContaining(['mean', 'p50', 'p95', 'p99', 'max']));
    }
    expect(group.delivered).toBeGreaterThanOrEqual(group.acked);
    expect(group.throughput).toBeGreaterThan(0);
    expect(report.invariants.ok).toBe(true);
    expect(report.invariants.violations).toEqual([]);
    expect(report).not.toHaveProperty('series');
  });

  it('applies --set overrides: twice the workers make messages wait less, and --series adds the series', async () => {
    const baseline = reportOf(await baselineJson());
    const more = reportOf(await brokerlab('run', CHECKOUT, '--format', 'json', '--series', '--set', 'consumers[fulfilment].instances=20'));
    expect(more.groups.fulfilment!.wait.mean).toBeLessThan(baseline.groups.fulfilment!.wait.mean / 2);
    expect(more.traceHash).not.toBe(baseline.traceHash);
    expect(more.series.time.length).toBeGreaterThan(0);
    expect(more.series.brokers.orders!.depth).toHaveLength(more.series.time.length);
  });

  it('replaces the seed with --seed: another seed gives another trace, the same seed the same one', async () => {
    const baseline = reportOf(await baselineJson());
    const seed8 = reportOf(await seed8WithTrace());
    const seed8Again = reportOf(await brokerlab('run', CHECKOUT, '--format', 'json', '--seed', '8'));
    expect(seed8.seed).toBe(8);
    expect(seed8.traceHash).not.toBe(baseline.traceHash);
    expect(seed8Again.traceHash).toBe(seed8.traceHash);
    expect(seed8Again.groups).toEqual(seed8.groups);
  });

  it('writes one NDJSON line per trace record with --trace', async () => {
    const report = reportOf(await seed8WithTrace());
    const lines = readFileSync(join(dir, 'seed8.ndjson'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const records = lines.map((line) => JSON.parse(line) as { kind: string; time: number; message: number });
    const count = (kind: string): number => records.filter((r) => r.kind === kind).length;
    const producer = report.producers.checkout!;
    const broker = report.brokers.orders!;
    const group = report.groups.fulfilment!;
    expect(count('published')).toBe(producer.published);
    expect(count('rejected')).toBe(producer.rejected);
    expect(count('enqueued')).toBe(broker.enqueued);
    expect(count('dropped')).toBe(broker.dropped);
    expect(count('delivered')).toBe(group.delivered);
    expect(count('acked')).toBe(group.acked);
    expect(records).toHaveLength(producer.published + producer.rejected + broker.enqueued + broker.dropped + group.delivered + group.acked);
    expect(records.every((r, i) => i === 0 || r.time >= records[i - 1]!.time)).toBe(true);
  });

  it('writes the exact trace of a tiny scenario, each record its own object', async () => {
    const file = writeScenario('tiny.json', {
      version: 1,
      name: 'tiny',
      duration: 5,
      producers: [{ id: 'p', target: 'q', bursts: [{ at: 1, count: 2 }] }],
      brokers: [{ id: 'q', kind: 'queue' }],
      consumers: [{ id: 'g', reads: 'q', processing: { type: 'constant', value: 0.5 } }],
    });
    const trace = join(dir, 'tiny.ndjson');
    const result = await brokerlab('run', file, '--trace', trace);
    expect(result.code).toBe(0);
    const records = readFileSync(trace, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((r) => [r.kind, r.time, r.message, r.consumer])).toEqual([
      ['published', 1, 1, ''],
      ['enqueued', 1, 1, ''],
      ['delivered', 1, 1, 'g#1'],
      ['published', 1, 2, ''],
      ['enqueued', 1, 2, ''],
      ['acked', 1.5, 1, 'g#1'],
      ['delivered', 1.5, 2, 'g#1'],
      ['acked', 2, 2, 'g#1'],
    ]);
    expect(records[7]).toEqual({
      kind: 'acked',
      time: 2,
      message: 2,
      publishedAt: 1,
      producer: 'p',
      broker: 'q',
      group: 'g',
      consumer: 'g#1',
      reason: '',
      attempt: 1,
      partition: -1,
      offset: -1,
    });
  });

  it('exits 1 with a clear message when the run exceeds its event budget', async () => {
    const result = await brokerlab('run', CHECKOUT, '--set', 'limits.maxEvents=50');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^scenarios\/checkout-burst\.json: stopped: the run exceeded its budget of 50 events at virtual time [\d.]+ s; .*raise limits\.maxEvents\n$/);
  });

  it('exits 2 and names the file and path when an override makes the scenario invalid', async () => {
    const result = await brokerlab('run', CHECKOUT, '--seed', 'abc', '--set', 'consumers[0].instances=0');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      `${CHECKOUT}: consumers[0].instances: must be >= 1, got 0`,
      `${CHECKOUT}: seed: must be a number, got "abc"`,
      `${CHECKOUT}: (checked with the overrides consumers[0].instances=0 seed=abc)`,
      '',
    ]);
  });

  it('exits 2 when the scenario file does not exist', async () => {
    const result = await brokerlab('run', 'scenarios/no-such-scenario.json');
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'scenarios/no-such-scenario.json: no such file\n' });
  });

  it('exits 2 with the unknown option named and a pointer to the help', async () => {
    const result = await brokerlab('run', CHECKOUT, '--sed', '3');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("error: unknown option '--sed'");
    expect(result.stderr).toContain('--help');
  });
});

describe('brokerlab validate', () => {
  it('prints ok for a good file and every error of a bad one, naming file and path, and exits 2', async () => {
    const bad = writeScenario('bad.json', {
      version: 1,
      name: 'bad',
      duration: 10,
      producers: [{ id: 'p', target: 'order', rate: { perSecond: 1 } }],
      brokers: [{ id: 'orders', kind: 'queue' }],
      consumers: [{ id: 'g', reads: 'orders', processing: { type: 'lognormal', mean: 2, p99: 1 } }],
    });
    const broken = writeScenario('broken.json', '{\n  "version": 1,\n  "name": "x",,\n}');
    const result = await brokerlab('validate', CHECKOUT, bad, broken);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(`ok ${CHECKOUT}\n`);
    expect(result.stderr.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${bad}: consumers\\[0\\]\\.processing\\.p99: .*must be greater than mean`)),
      `${bad}: producers[0].target: no broker or subscription has id "order"; did you mean "orders"?`,
      `${broken}: (scenario): is not valid JSON: Expected double-quoted property name at line 3, column 15`,
      '2 of 3 files are invalid',
      '',
    ]);
  });
});

describe('brokerlab schema', () => {
  it('prints exactly the committed scenarios/schema.json', async () => {
    const result = await brokerlab('schema');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(repoRoot, 'scenarios/schema.json'), 'utf8'));
  });
});

describe('the brokerlab command', () => {
  it('exits 2 on an unknown command, suggesting the closest one', async () => {
    const result = await brokerlab('rnu', CHECKOUT);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: unknown command 'rnu'");
    expect(result.stderr).toContain('Did you mean run?');
  });

  it('runs through npx as the package bin, with help that lists the commands', async () => {
    const result = await runProcess('npx', ['--no-install', 'brokerlab', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: brokerlab /);
    for (const command of ['run', 'validate', 'schema']) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });
});
