/**
 * The sweep benchmark (issue 5, §5): `npx tsx test/bench/sweep.ts [--repeats R] [--quick] [--json]`.
 *
 * A sweep of 20 points (payment instances 4..23) × 5 replications of scenarios/capacity-planning.json,
 * run in this process through the sweep command's own code path, once with 1 worker thread and once
 * with 2, alternating, `repeats` times each (3 by default); the median wall time of each is kept. The
 * time includes starting the worker threads, since a user pays for that too. The two runs must print
 * the same table: the worker count changes the speed, never the results. `--quick` sweeps 4 points ×
 * 2 replications, to check the benchmark itself runs; `--json` prints one JSON line (for run.ts).
 */
import { fileURLToPath } from 'node:url';
import { sweepCommand } from '../../src/cli/commands/sweep';
import type { CliIo } from '../../src/cli/io';

const SCENARIO = fileURLToPath(new URL('../../scenarios/capacity-planning.json', import.meta.url));
const QUICK = process.argv.includes('--quick');
const VARY = QUICK ? 'consumers[payment].instances=4..7' : 'consumers[payment].instances=4..23';
const POINTS = QUICK ? 4 : 20;
const REPLICATIONS = QUICK ? '2' : '5';

async function timedSweep(workers: number): Promise<{ seconds: number; output: string }> {
  let output = '';
  const io: CliIo = { out: (text) => void (output += text), err: () => undefined, errIsTTY: false, errColumns: 80 };
  const start = performance.now();
  const code = await sweepCommand(
    SCENARIO,
    { vary: [VARY], metric: ['groups.payment.endToEnd.p99'], replications: REPLICATIONS, format: 'table', workers: String(workers), progress: false },
    io,
  );
  const seconds = (performance.now() - start) / 1000;
  if (code !== 0) throw new Error(`the sweep with ${workers} worker(s) exited ${code}`);
  return { seconds, output };
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const repeatsAt = process.argv.indexOf('--repeats');
  const repeats = repeatsAt === -1 ? 3 : Number(process.argv[repeatsAt + 1]);
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError('--repeats: must be a whole number >= 1');
  await timedSweep(2); // warm-up: the JIT and the file cache, so the first timed run is not penalised
  const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
  let reference: string | undefined;
  for (let r = 0; r < repeats; r++) {
    for (const workers of [1, 2] as const) {
      const { seconds, output } = await timedSweep(workers);
      reference ??= output;
      if (output !== reference) throw new Error(`the sweep with ${workers} worker(s) printed different results`);
      times[workers].push(seconds);
    }
  }
  const one = median(times[1]);
  const two = median(times[2]);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ points: POINTS, replications: Number(REPLICATIONS), repeats, oneWorkerSeconds: one, twoWorkerSeconds: two, speedUp: one / two }));
    return;
  }
  console.log(`sweep: ${POINTS} points x ${REPLICATIONS} replications of capacity-planning.json, median of ${repeats}`);
  console.log(`  1 worker : ${one.toFixed(2)} s  (runs: ${times[1].map((t) => t.toFixed(2)).join(', ')})`);
  console.log(`  2 workers: ${two.toFixed(2)} s  (runs: ${times[2].map((t) => t.toFixed(2)).join(', ')})`);
  console.log(`  speed-up : ${(one / two).toFixed(2)}x`);
}

await main();
