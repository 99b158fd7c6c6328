import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerlab } from './spawn-cli';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-expect-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Two messages at t=1, one worker taking 0.5 s each: 2 acked; the "slow" variant takes 10 s each, so 0 are acked by t=5. */
let written = 0;
function tinyScenario(expectList: unknown[]): string {
  const file = join(dir, `tiny-${++written}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      name: 'tiny',
      duration: 5,
      producers: [{ id: 'p', target: 'q', bursts: [{ at: 1, count: 2 }] }],
      brokers: [{ id: 'q', kind: 'queue' }],
      consumers: [{ id: 'g', reads: 'q', processing: { type: 'constant', value: 0.5 } }],
      variants: { slow: { description: 'a slow worker', set: { 'consumers[g].processing': { type: 'constant', value: 10 } } } },
      expect: expectList,
    }),
  );
  return file;
}

const everyAck = { name: 'every message is acked', path: 'groups.g.acked', op: '==', ref: 'producers.p.published' };
const slowAcksNothing = { path: 'groups.*.acked', op: '==', value: 0, variants: ['slow'] };

describe('brokerlab run with expectations', () => {
  it('prints each expectation as PASS after the report and exits 0 when all hold', async () => {
    const result = await brokerlab('run', tinyScenario([everyAck, slowAcksNothing]));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').slice(-2)).toEqual([
      'Expectations: 1 of 1 pass',
      'PASS every message is acked: groups.g.acked = 2, wanted == producers.p.published = 2',
    ]);
  });

  it('prints FAIL and exits 1 when an expectation does not hold in the chosen variant', async () => {
    const file = tinyScenario([everyAck, slowAcksNothing]);
    const result = await brokerlab('run', file, '--variant', 'slow');
    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().split('\n').slice(-3)).toEqual([
      'Expectations (variant slow): 1 of 2 pass',
      'FAIL every message is acked: groups.g.acked = 0, wanted == producers.p.published = 2',
      'PASS groups.*.acked == 0: groups.g.acked = 0, wanted == 0',
    ]);
    expect(result.stderr).toBe(`${file}: expectations failed: every message is acked\n`);
  });

  it('exits 1 with a clear line, not a crash, when a path is missing from the report', async () => {
    const result = await brokerlab('run', tinyScenario([{ path: 'groups.g.endToEnd.p100', op: '<', value: 1 }]));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL groups.g.endToEnd.p100 < 1: groups.g.endToEnd.p100: no such report value; groups.g.endToEnd has: count, mean, p50, p95, p99, max');
  });

  it('adds the variant and the results to the JSON report', async () => {
    const result = await brokerlab('run', tinyScenario([everyAck, slowAcksNothing]), '--variant', 'slow', '--format', 'json');
    const report = JSON.parse(result.stdout) as { variant: string; expectations: { index: number; ok: boolean }[] };
    expect(report.variant).toBe('slow');
    expect(report.expectations.map((r) => [r.index, r.ok])).toEqual([
      [0, false],
      [1, true],
    ]);
  });

  it('exits 2 and lists the known variants for an unknown one', async () => {
    const file = tinyScenario([everyAck]);
    const result = await brokerlab('run', file, '--variant', 'fast');
    expect(result).toEqual({ code: 2, stdout: '', stderr: `${file}: variants: has no variant "fast"; known: slow\n` });
  });
});

describe('brokerlab compare', () => {
  it('runs the base and every variant on the same seed and prints them side by side with each expectation', async () => {
    const file = tinyScenario([everyAck, { ...slowAcksNothing, name: 'a slow worker acks nothing in 5 s' }]);
    const result = await brokerlab('compare', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`${file}: variant slow: expectations failed: every message is acked\n`);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['tiny', 'seed 1 · 5 s virtual · 2 runs on the same seed']);
    expect(result.stdout).toMatch(/^Group\s+metric\s+base\s+slow$/m);
    expect(result.stdout).toMatch(/^g\s+acked\s+2\s+0$/m);
    expect(result.stdout).toMatch(/^\s+endToEnd p99 s\s+[\d.]+\s+0$/m);
    expect(result.stdout).toMatch(/^Expectation\s+base\s+slow$/m);
    expect(result.stdout).toMatch(/^every message is acked\s+PASS\s+FAIL$/m);
    expect(result.stdout).toMatch(/^a slow worker acks nothing in 5 s\s+-\s+PASS$/m);
  });

  it('prints the reports keyed by variant with --format json, all on the seed given', async () => {
    const result = await brokerlab('compare', tinyScenario([everyAck]), '--format', 'json', '--seed', '4');
    const reports = JSON.parse(result.stdout) as Record<string, { seed: number; groups: Record<string, { acked: number }>; expectations: { ok: boolean }[] }>;
    expect(Object.keys(reports)).toEqual(['base', 'slow']);
    expect(reports.base!.seed).toBe(4);
    expect(reports.slow!.seed).toBe(4);
    expect(reports.base!.groups.g!.acked).toBe(2);
    expect(reports.slow!.expectations.map((r) => r.ok)).toEqual([false]);
  });
});
