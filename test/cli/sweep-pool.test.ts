import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CliError, ExitCode } from '../../src/cli/exit-codes';
import { parseVary, planPoints, planTasks } from '../../src/cli/sweep/plan';
import { runOnPool } from '../../src/cli/sweep/pool';
import { runPoint } from '../../src/cli/sweep/run-point';
import { sweepWorkerEntry } from '../../src/cli/sweep/worker-entry';

const FILE = 'scenarios/checkout-burst.json';
const text = readFileSync(new URL(`../../${FILE}`, import.meta.url), 'utf8');
const metrics = ['groups.fulfilment.endToEnd.p99', 'events'];

describe('the sweep worker pool', () => {
  it('returns each task its own results, in task order, the same as running the tasks in this thread', async () => {
    const tasks = planTasks(planPoints([parseVary('consumers[0].instances=3..9:3')]), 2, 7);
    const pooled = await runOnPool({ file: FILE, text, metrics }, tasks, 2, await sweepWorkerEntry());
    expect(pooled).toEqual(tasks.map((t) => runPoint(FILE, text, t.set, t.seed, metrics)));
  });

  it('starts workers from one bundled module, and gets the same results from the slower tsx entry', async () => {
    const entry = await sweepWorkerEntry();
    expect(entry.protocol).toBe('data:');
    const tasks = planTasks(planPoints([parseVary('consumers[0].instances=3..4')]), 1, 7);
    const viaTsx = await runOnPool({ file: FILE, text, metrics }, tasks, 1, new URL('../../src/cli/sweep/worker.mjs', import.meta.url));
    expect(await runOnPool({ file: FILE, text, metrics }, tasks, 1, entry)).toEqual(viaTsx);
  });

  it("stops at a worker's error and reports its message with the task it was running", async () => {
    const tasks = planTasks(planPoints([parseVary('consumers[0].instances=3..4')]), 1, 7);
    const failing = runOnPool({ file: FILE, text, metrics: ['brokers.orders.droppedBy.maxlen'] }, tasks, 2, await sweepWorkerEntry());
    await expect(failing).rejects.toBeInstanceOf(CliError);
    const error = (await failing.catch((e: unknown) => e)) as CliError;
    expect(error.exitCode).toBe(ExitCode.BadInput);
    expect(error.lines[0]).toBe('--metric brokers.orders.droppedBy.maxlen: the report has no "maxlen" under brokers.orders.droppedBy');
    expect(error.lines[1]).toMatch(/^\(in sweep point [01], replication 0 \(seed 7, consumers\[0\]\.instances=[34]\)\)$/);
  });
});
