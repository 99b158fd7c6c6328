/**
 * The seek benchmark (issue 6, §2: "seeking anywhere in a 10-minute virtual run at 1,000 msg/s takes
 * under 1 s"): `npx tsx test/bench/seek.ts [--json] [--seconds N] [--repeats R] [--workload queue|design-challenge]`.
 *
 * A WorkerHost on the real wall clock and real timers (as in the worker, minus postMessage) loads a
 * run, goes to its end, then is timed seeking back to 95 % of it, from the `seek` message to the
 * paused frame at the target: a backward seek re-simulates from the start, so this is the worst case.
 * The first seek is cold (no checkpoint runs yet, as right after the run reached its end); then the
 * worker is left idle to park its checkpoint runs, and seeks back to several times are timed warm.
 * Two workloads at 1,000 msg/s: a queue with one group, and the design challenge (a topic with three
 * subscriptions, and a fourth group from 60 s) with its three groups sped up to keep pace. The fourth,
 * which the timeline adds, keeps its own pace (one instance, 50 ms a message) and falls behind: its
 * subscription's backlog grows to about 530,000 messages by the end, which weighs on the heap and GC.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FromWorker } from '../../src/runtime/protocol';
import { CHECKPOINT_SLICES } from '../../src/runtime/checkpoints';
import { WorkerHost } from '../../src/runtime/worker-host';
import { formatErrors, validateScenario, type Scenario } from '../../src/scenario';

const TARGET_MS = 1000;

function valid(input: unknown): Scenario {
  const result = validateScenario(input);
  if (!result.ok) throw new Error(`benchmark scenario is invalid:\n${formatErrors(result.errors)}`);
  return result.scenario;
}

function queueWorkload(seconds: number): Scenario {
  return valid({
    version: 1,
    name: 'bench: seek, queue at 1,000 msg/s',
    seed: 1,
    duration: seconds,
    producers: [{ id: 'orders', target: 'queue', rate: { process: 'poisson', perSecond: 1000 } }],
    brokers: [{ id: 'queue', kind: 'queue' }],
    consumers: [{ id: 'workers', reads: 'queue', instances: 4, processing: { type: 'exponential', mean: 0.002 } }],
  });
}

function designChallengeWorkload(seconds: number): Scenario {
  const json = JSON.parse(readFileSync(join(import.meta.dirname, '../../scenarios/design-challenge.json'), 'utf8')) as Record<string, unknown> & {
    producers: { rate: { perSecond: number }; stop?: number }[];
    consumers: { instances?: number; processing: { mean: number } }[];
    timeline: { action: string; group?: { instances?: number; processing: { mean: number } } }[];
  };
  // Its variants and expectations are about the base rates; the workload is only the topology here.
  delete json.variants;
  delete json.expect;
  json.duration = seconds;
  for (const p of json.producers) {
    p.rate.perSecond = 1000;
    delete p.stop;
  }
  // Every group keeps pace, the one the timeline adds at 60 s too: a backlog growing by 1,000 a second
  // would measure the heap and the garbage collector rather than the seek.
  const added = json.timeline.flatMap((a) => (a.action === 'add-group' && a.group ? [a.group] : []));
  for (const c of [...json.consumers, ...added]) {
    c.instances = 4;
    c.processing.mean = 0.002;
  }
  json.name = 'bench: seek, design challenge at 1,000 msg/s';
  return valid(json);
}

interface SeekResult {
  workload: string;
  virtualSeconds: number;
  target: number;
  events: number;
  seekMs: number;
  /**
   * CPU time of this process over the seek (all its threads, GC included): on a machine shared with
   * other work, the wall time says more about the neighbours than about the seek.
   */
  cpuMs: number;
  /** Frames posted while seeking, so the lab sees the clock and the chart move. */
  progressFrames: number;
  heapMiB: number;
  /**
   * With the checkpoint runs the worker builds while the lab is idle (src/runtime/checkpoints.ts):
   * the wall time that building took after the run reached its end, and the slowest of seeks back
   * to 13 %, 41 %, 77 % and 95 % of the run, each from the end with every checkpoint parked.
   */
  checkpointBuildMs: number;
  warmSeekMs: number;
  /** Heap in use with every checkpoint run parked. */
  warmHeapMiB: number;
  warmTargets: number[];
}

/** Resolves with the first posted message `until` accepts. */
function host(): { host: WorkerHost; next(until: (m: FromWorker) => boolean): Promise<FromWorker>; posted: FromWorker[] } {
  const posted: FromWorker[] = [];
  let waiter: { until: (m: FromWorker) => boolean; resolve: (m: FromWorker) => void } | null = null;
  const h = new WorkerHost({
    post: (message) => {
      posted.push(message);
      if (waiter && waiter.until(message)) {
        const w = waiter;
        waiter = null;
        w.resolve(message);
      }
    },
    now: () => performance.now(),
    // The worker's zero-delay timers are not clamped (zero-delay-timers.ts); Node's setImmediate is
    // their equivalent here, where a MessageChannel would keep the process alive.
    setTimer: (callback, ms) => (ms > 0 ? setTimeout(callback, ms) : { immediate: setImmediate(callback) }),
    clearTimer: (handle) => {
      if (typeof handle === 'object' && handle !== null && 'immediate' in handle) clearImmediate((handle as { immediate: NodeJS.Immediate }).immediate);
      else clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  });
  return {
    host: h,
    posted,
    next: (until) => new Promise((resolve) => (waiter = { until, resolve })),
  };
}

const settledAt = (time: number) => (m: FromWorker) => m.type === 'frame' && m.playback !== 'seeking' && m.frame.time === time;

async function measure(name: string, scenario: Scenario): Promise<SeekResult> {
  const { host: h, next, posted } = host();
  h.handle({ type: 'load', scenario });
  const end = next(settledAt(scenario.duration));
  h.handle({ type: 'seek', time: scenario.duration });
  await end;
  const target = scenario.duration * 0.95;
  posted.length = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const arrived = next(settledAt(target));
  h.handle({ type: 'seek', time: target });
  const frame = (await arrived) as Extract<FromWorker, { type: 'frame' }>;
  const seekMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const progress = posted.filter((m) => m.type === 'frame' && m.playback === 'seeking');
  const heapMiB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);

  // Warm: back at the end, let the idle worker park its checkpoint runs, then seek from there.
  const checkpoints = CHECKPOINT_SLICES - 1;
  const parked = async (): Promise<number> => {
    const t0 = performance.now();
    while (h.checkpointTimes().length < checkpoints) await new Promise((resolve) => setTimeout(resolve, 5));
    return performance.now() - t0;
  };
  const toEnd = async (): Promise<void> => {
    const back = next(settledAt(scenario.duration));
    h.handle({ type: 'seek', time: scenario.duration });
    await back;
  };
  await toEnd();
  const checkpointBuildMs = await parked();
  const warmTargets = [0.13, 0.41, 0.77, 0.95].map((f) => Math.round(scenario.duration * f * 10) / 10);
  let warmSeekMs = 0;
  for (const time of warmTargets) {
    await toEnd();
    await parked();
    const t0 = performance.now();
    const there = next(settledAt(time));
    h.handle({ type: 'seek', time });
    await there;
    warmSeekMs = Math.max(warmSeekMs, performance.now() - t0);
  }
  await parked();
  const warmHeapMiB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  return {
    workload: name,
    virtualSeconds: scenario.duration,
    target,
    events: frame.frame.events,
    seekMs: Math.round(seekMs),
    cpuMs: Math.round((used.user + used.system) / 1000),
    progressFrames: progress.length,
    heapMiB,
    checkpointBuildMs: Math.round(checkpointBuildMs),
    warmSeekMs: Math.round(warmSeekMs),
    warmHeapMiB,
    warmTargets,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const at = args.indexOf('--seconds');
  const seconds = at >= 0 ? Number(args[at + 1]) : 600;
  const r = args.indexOf('--repeats');
  const repeats = r >= 0 ? Number(args[r + 1]) : 1;
  // One workload alone, so that a CPU profile shows only its costs.
  const w = args.indexOf('--workload');
  const only = w >= 0 ? args[w + 1] : undefined;
  const workloads = { queue: queueWorkload, 'design-challenge': designChallengeWorkload };
  if (only !== undefined && !(only in workloads)) throw new Error(`--workload must be one of ${Object.keys(workloads).join(', ')}, got ${only}`);
  const results: SeekResult[] = [];
  for (const [name, workload] of Object.entries(workloads)) {
    if (only !== undefined && name !== only) continue;
    for (let i = 0; i < repeats; i++) results.push(await measure(name, workload(seconds)));
  }
  if (json) {
    console.log(JSON.stringify({ targetMs: TARGET_MS, results }));
    return;
  }
  for (const r of results) {
    console.log(
      `seek back to ${r.target} s of ${r.virtualSeconds} s, ${r.workload}: ${r.seekMs} ms wall (${r.cpuMs} ms CPU) for ${r.events.toLocaleString('en-US')} events ` +
        `(${r.seekMs <= TARGET_MS ? 'within' : 'over'} the ${TARGET_MS} ms target), ${r.progressFrames} progress frames, heap ${r.heapMiB} MiB`,
    );
    console.log(
      `  with checkpoints (built in ${r.checkpointBuildMs} ms of idle time after the end): slowest seek back to ${r.warmTargets.join(', ')} s took ${r.warmSeekMs} ms ` +
        `(${r.warmSeekMs <= TARGET_MS ? 'within' : 'over'} the ${TARGET_MS} ms target), heap ${r.warmHeapMiB} MiB with them parked`,
    );
  }
}

await main();
