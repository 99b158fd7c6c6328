import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerlab } from './spawn-cli';

// A small sweep of the checkout burst (a 60 s scenario with ~150 orders): each run takes milliseconds,
// so the cost is the spawn and the worker start-up.
const CHECKOUT = 'scenarios/checkout-burst.json';
const VARY = 'consumers[0].instances=4..12:4';
const P99 = 'groups.fulfilment.endToEnd.p99';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'brokerlab-sweep-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('brokerlab sweep', () => {
  it('writes the same CSV byte for byte with one worker thread and with two', async () => {
    const one = join(dir, 'one.csv');
    const two = join(dir, 'two.csv');
    const args = ['sweep', CHECKOUT, '--vary', VARY, '--replications', '3', '--metric', P99, '--metric', 'groups.fulfilment.throughput'];
    const [a, b] = await Promise.all([brokerlab(...args, '--workers', '1', '--out', one), brokerlab(...args, '--workers', '2', '--out', two)]);
    for (const result of [a, b]) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    }
    const csv = readFileSync(one, 'utf8');
    expect(readFileSync(two, 'utf8')).toBe(csv);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `consumers[0].instances,${P99}.mean,${P99}.ci95_low,${P99}.ci95_high,groups.fulfilment.throughput.mean,groups.fulfilment.throughput.ci95_low,groups.fulfilment.throughput.ci95_high`,
    );
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['4', '8', '12']);
    for (const line of lines.slice(1)) {
      const [, mean, low, high] = line.split(',').map(Number);
      expect(low).toBeLessThan(mean!);
      expect(high).toBeGreaterThan(mean!);
    }
    // More consumers drain the burst sooner.
    const means = lines.slice(1).map((line) => Number(line.split(',')[1]));
    expect(means[0]).toBeGreaterThan(means[2]!);
    // The table on stdout has the same points.
    expect(a.stdout.split('\n')[0]).toMatch(/^consumers\[0\]\.instances\s+groups\.fulfilment\.endToEnd\.p99 mean\s+ci95 low\s+ci95 high\s/);
    expect(a.stdout.trimEnd().split('\n')).toHaveLength(4);
  });

  it('prints the plan as ready-to-run JSON lines, one per point and replication, without simulating', async () => {
    const result = await brokerlab('sweep', CHECKOUT, '--vary', 'consumers[0].instances=2..3', '--replications', '2', '--plan');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        '{"point":0,"replication":0,"seed":7,"set":["consumers[0].instances=2"]}',
        '{"point":0,"replication":1,"seed":8,"set":["consumers[0].instances=2"]}',
        '{"point":1,"replication":0,"seed":7,"set":["consumers[0].instances=3"]}',
        '{"point":1,"replication":1,"seed":8,"set":["consumers[0].instances=3"]}',
        '',
      ].join('\n'),
    );
  });

  it('reports the smallest value meeting a target with its CI and exits 0, or exits 1 when no point meets it', async () => {
    const args = ['sweep', CHECKOUT, '--vary', VARY, '--replications', '3', '--format', 'csv'];
    const [met, missed] = await Promise.all([
      brokerlab(...args, '--target', `${P99} < 30`),
      brokerlab(...args, '--target', `${P99} < 1`),
    ]);
    expect(met.code).toBe(0);
    expect(met.stderr).toMatch(
      /^target groups\.fulfilment\.endToEnd\.p99 < 30: smallest consumers\[0\]\.instances = 8 \(mean [\d.]+, 95% CI [\d.]+\.\.[\d.]+; the (whole CI meets|CI does not wholly meet) the target\)\n$/,
    );
    // The target's metric is summarised even without --metric.
    expect(met.stdout.split('\n')[0]).toBe(`consumers[0].instances,${P99}.mean,${P99}.ci95_low,${P99}.ci95_high`);
    expect(missed.code).toBe(1);
    expect(missed.stderr).toBe(`target ${P99} < 1: not met at any consumers[0].instances in the sweep\n`);
  });

  it('names a metric path the report does not have, and runs nothing more', async () => {
    const result = await brokerlab('sweep', CHECKOUT, '--vary', VARY, '--metric', 'groups.fulfilment.endToEnd.p98');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--metric groups.fulfilment.endToEnd.p98: the report has no "p98" under groups.fulfilment.endToEnd');
  });

  it('rejects a malformed --vary and an override invalid at some point before simulating', async () => {
    const [syntax, invalid] = await Promise.all([
      brokerlab('sweep', CHECKOUT, '--vary', 'consumers[0].instances=2-10', '--metric', P99),
      // 1 is valid, 1.5 (the second point) is not: found by the up-front check, not by a worker.
      brokerlab('sweep', CHECKOUT, '--vary', 'consumers[0].instances=1..2:0.5', '--metric', P99),
    ]);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toContain('--vary consumers[0].instances=2-10: the range must look like from..to or from..to:step');
    expect(syntax.stderr).toContain('e.g. --vary consumers[0].instances=2..10:2');
    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toMatch(/^scenarios\/checkout-burst\.json: consumers\[0\]\.instances: .+\n/);
    expect(invalid.stderr).toContain('(checked with the overrides consumers[0].instances=1.5)');
  });
});
