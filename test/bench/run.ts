/**
 * The benchmark: `npm run bench [-- --json] [--messages N] [--repeats R] [--quick]`.
 *
 * Workload: M/M/10 with λ = 9, μ = 1 and N messages (2,000,000 by default), three ways:
 * - model:    the scenario through the CLI's code path (validateScenario → Run with metrics → report);
 * - kernel:   the same queue written directly against the engine's Simulation, no model or metrics;
 * - baseline: a bare hand-written loop (own binary heap, the same PRNG), no engine at all.
 *
 * Each comparison runs in its own fresh child process, with the baseline in the same process as what it
 * is compared with, interleaved round by round: model and kernel share the engine's code, and one
 * running first would skew the JIT's view of the other. After a warm-up, each is timed `repeats` times
 * and the median is kept. Peak RSS is measured in one more fresh process that runs the model once.
 *
 * Then the stream workloads of issue 3:
 * - fan-out: 1,000 msg/s into a 6-partition stream read by 3 consumer groups for 1,000 virtual
 *   seconds (1M published, 3M deliveries), timed against the same bare loop in its own process, and
 *   its peak RSS in another;
 * - stream memory: test/bench/stream-memory.ts, bytes per retained entry at 10,000,000 entries.
 * And the policies workload of issue 4 (test/bench/policies.ts): 1,000 msg/s for 1,000 virtual seconds
 * with every backpressure and failure policy on, timed against the same workload with them off and the
 * bare loop, all three interleaved in one process; the target is at most twice the policies-off time.
 * And the sweep workload of issue 5 (test/bench/sweep.ts, in its own process): 20 points × 5
 * replications of the capacity-planning scenario with 1 worker thread and with 2, and the speed-up.
 * `--quick` shrinks everything tenfold, to check the benchmark itself runs.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runBareLoop } from './bare-loop';
import { runFanout, type FanoutResult } from './fanout';
import { runKernel } from './kernel';
import { runPolicies, type PoliciesResult } from './policies';
import { mm10, runModel, type WorkloadResult } from './workload';

interface Options {
  json: boolean;
  /** Everything shrunk, to check the benchmark runs (--quick). */
  quick: boolean;
  messages: number;
  repeats: number;
  child: string | undefined;
  /** Virtual seconds of the fan-out workload (1,000 msg/s). */
  fanoutSeconds: number;
  /** Entries of the stream memory benchmark. */
  streamEntries: number;
}

/** Target of issue 4, §9: policies on cost at most this many times the same workload with them off. */
const POLICIES_TARGET_RATIO = 2;

/** Targets of issue 3, §9. */
const FANOUT_TARGET_SECONDS = 3;
const FANOUT_TARGET_RSS_MIB = 200;
const FANOUT_REPEATS = 3;

/** One timed comparison: the candidate and the baseline, medians over the repeats. */
interface Comparison {
  candidate: Timing;
  baseline: Timing;
}

interface Timing {
  messages: number;
  events: number;
  /** Median wall seconds per run. */
  seconds: number;
  meanWait: number;
}

const SELF = fileURLToPath(import.meta.url);
const WARM_UP_MESSAGES = 300_000;

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { json: false, quick: false, messages: 2_000_000, repeats: 5, child: undefined, fanoutSeconds: 1000, streamEntries: 10_000_000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${arg} needs a positive whole number, got ${argv[i]}`);
      return n;
    };
    if (arg === '--json') options.json = true;
    else if (arg === '--messages') options.messages = value();
    else if (arg === '--repeats') options.repeats = value();
    else if (arg === '--child') options.child = argv[++i];
    else if (arg === '--fanout-seconds') options.fanoutSeconds = value();
    else if (arg === '--quick') {
      options.quick = true;
      options.messages = 200_000;
      options.repeats = 1;
      options.fanoutSeconds = 100;
      options.streamEntries = 1_000_000;
    }
    else throw new Error(`unknown option ${arg}; use --json, --messages N, --repeats N or --quick`);
  }
  return options;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function timeOnce(workload: (messages: number) => WorkloadResult, messages: number): { result: WorkloadResult; seconds: number } {
  const start = performance.now();
  const result = workload(messages);
  return { result, seconds: (performance.now() - start) / 1000 };
}

/** Warm both up, then time them alternately `repeats` times each. */
function compare(candidate: (messages: number) => WorkloadResult, options: Options): Comparison {
  const baseline = (messages: number): WorkloadResult => runBareLoop(mm10(messages));
  for (let i = 0; i < 2; i++) {
    candidate(Math.min(options.messages, WARM_UP_MESSAGES));
    baseline(Math.min(options.messages, WARM_UP_MESSAGES));
  }
  const runs = { candidate: [] as { result: WorkloadResult; seconds: number }[], baseline: [] as { result: WorkloadResult; seconds: number }[] };
  for (let i = 0; i < options.repeats; i++) {
    runs.baseline.push(timeOnce(baseline, options.messages));
    runs.candidate.push(timeOnce(candidate, options.messages));
  }
  const summarise = (list: { result: WorkloadResult; seconds: number }[]): Timing => ({
    ...list[0]!.result,
    seconds: median(list.map((r) => r.seconds)),
  });
  return { candidate: summarise(runs.candidate), baseline: summarise(runs.baseline) };
}

/** The fan-out workload against the bare loop, warmed up on a tenth of it, medians of FANOUT_REPEATS runs. */
function compareFanout(options: Options): { fanout: FanoutResult & { seconds: number }; baseline: Timing } {
  const baselineMessages = options.fanoutSeconds * 1000;
  const baseline = (messages: number): WorkloadResult => runBareLoop(mm10(messages));
  runFanout(Math.max(1, options.fanoutSeconds / 10));
  baseline(baselineMessages / 10);
  const fanouts: { result: FanoutResult; seconds: number }[] = [];
  const baselines: { result: WorkloadResult; seconds: number }[] = [];
  for (let i = 0; i < FANOUT_REPEATS; i++) {
    baselines.push(timeOnce(baseline, baselineMessages));
    const start = performance.now();
    const result = runFanout(options.fanoutSeconds);
    fanouts.push({ result, seconds: (performance.now() - start) / 1000 });
  }
  return {
    fanout: { ...fanouts[0]!.result, seconds: median(fanouts.map((r) => r.seconds)) },
    baseline: { ...baselines[0]!.result, seconds: median(baselines.map((r) => r.seconds)) },
  };
}

/** Policies on, policies off and the bare loop, interleaved after a warm-up, medians of FANOUT_REPEATS runs. */
function comparePolicies(options: Options): { on: PoliciesResult & { seconds: number }; off: PoliciesResult & { seconds: number }; baseline: Timing } {
  const seconds = options.fanoutSeconds;
  const baseline = (messages: number): WorkloadResult => runBareLoop(mm10(messages));
  runPolicies(Math.max(1, seconds / 10), true);
  runPolicies(Math.max(1, seconds / 10), false);
  baseline((seconds * 1000) / 10);
  const on: { result: PoliciesResult; seconds: number }[] = [];
  const off: { result: PoliciesResult; seconds: number }[] = [];
  const baselines: { result: WorkloadResult; seconds: number }[] = [];
  const timed = <T>(run: () => T): { result: T; seconds: number } => {
    const start = performance.now();
    const result = run();
    return { result, seconds: (performance.now() - start) / 1000 };
  };
  for (let i = 0; i < FANOUT_REPEATS; i++) {
    baselines.push(timed(() => baseline(seconds * 1000)));
    off.push(timed(() => runPolicies(seconds, false)));
    on.push(timed(() => runPolicies(seconds, true)));
  }
  const summarise = <T>(list: { result: T; seconds: number }[]): T & { seconds: number } => ({ ...list[0]!.result, seconds: median(list.map((r) => r.seconds)) });
  return { on: summarise(on), off: summarise(off), baseline: summarise(baselines) };
}

function runChild(options: Options): void {
  switch (options.child) {
    case 'model':
      console.log(JSON.stringify(compare((n) => runModel(mm10(n)), options)));
      return;
    case 'kernel':
      console.log(JSON.stringify(compare((n) => runKernel(mm10(n)), options)));
      return;
    case 'rss': {
      const result = runModel(mm10(options.messages));
      console.log(JSON.stringify({ messages: result.messages, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
      return;
    }
    case 'fanout':
      console.log(JSON.stringify(compareFanout(options)));
      return;
    case 'policies':
      console.log(JSON.stringify(comparePolicies(options)));
      return;
    case 'fanout-rss': {
      const result = runFanout(options.fanoutSeconds);
      console.log(JSON.stringify({ ...result, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
      return;
    }
    default:
      throw new Error(`unknown child workload ${options.child}`);
  }
}

/** Runs this file again in a fresh Node process (with the same loader flags, i.e. tsx) and parses its JSON line. */
function inChild<T>(kind: string, options: Options): T {
  const args = [
    ...process.execArgv,
    SELF,
    '--child',
    kind,
    '--messages',
    String(options.messages),
    '--repeats',
    String(options.repeats),
    '--fanout-seconds',
    String(options.fanoutSeconds),
  ];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`benchmark child "${kind}" failed with exit code ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as T;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  if (options.child !== undefined) {
    runChild(options);
    return;
  }
  if (!options.json) console.error(`brokerlab bench: M/M/10, λ = 9, μ = 1, ${options.messages.toLocaleString('en')} messages, median of ${options.repeats}…`);
  const model = inChild<Comparison>('model', options);
  const kernel = inChild<Comparison>('kernel', options);
  const memory = inChild<{ messages: number; peakRssMiB: number }>('rss', options);
  const fanout = inChild<ReturnType<typeof compareFanout>>('fanout', options);
  const fanoutMemory = inChild<FanoutResult & { peakRssMiB: number }>('fanout-rss', options);
  const streamMemory = streamMemoryBench(options.streamEntries);
  const policies = inChild<ReturnType<typeof comparePolicies>>('policies', options);
  const sweep = sweepBench(options);
  const seek = seekBench(options);

  // The kernel and the bare loop draw the same variates in the same order: their queues must agree exactly.
  if (kernel.candidate.meanWait !== kernel.baseline.meanWait) {
    throw new Error(`kernel and baseline simulated different queues (mean wait ${kernel.candidate.meanWait} vs ${kernel.baseline.meanWait})`);
  }
  const baselineCustomersPerSec = model.baseline.messages / model.baseline.seconds;
  const messagesPerSec = model.candidate.messages / model.candidate.seconds;
  const result = {
    messages: model.candidate.messages,
    messagesPerSec: Math.round(messagesPerSec),
    eventsPerSec: Math.round(model.candidate.events / model.candidate.seconds),
    baselineCustomersPerSec: Math.round(baselineCustomersPerSec),
    ratio: round(messagesPerSec / baselineCustomersPerSec, 3),
    kernelRatio: round(kernel.candidate.messages / kernel.candidate.seconds / (kernel.baseline.messages / kernel.baseline.seconds), 3),
    peakRssMiB: round(memory.peakRssMiB, 1),
    fanout: {
      messages: fanout.fanout.messages,
      deliveries: fanout.fanout.deliveries,
      seconds: round(fanout.fanout.seconds, 3),
      messagesPerSec: Math.round(fanout.fanout.messages / fanout.fanout.seconds),
      deliveriesPerSec: Math.round(fanout.fanout.deliveries / fanout.fanout.seconds),
      baselineCustomersPerSec: Math.round(fanout.baseline.messages / fanout.baseline.seconds),
      ratio: round(fanout.fanout.messages / fanout.fanout.seconds / (fanout.baseline.messages / fanout.baseline.seconds), 3),
      peakRssMiB: round(fanoutMemory.peakRssMiB, 1),
    },
    streamMemory,
    policies: {
      messages: policies.on.messages,
      retries: policies.on.retries,
      onSeconds: round(policies.on.seconds, 3),
      offSeconds: round(policies.off.seconds, 3),
      ratioToOff: round(policies.on.seconds / policies.off.seconds, 3),
      ratioToBaseline: round(policies.on.messages / policies.on.seconds / (policies.baseline.messages / policies.baseline.seconds), 3),
    },
    sweep: { ...sweep, oneWorkerSeconds: round(sweep.oneWorkerSeconds, 2), twoWorkerSeconds: round(sweep.twoWorkerSeconds, 2), speedUp: round(sweep.speedUp, 2) },
    seek,
  };
  if (options.json) {
    console.log(JSON.stringify(result));
    return;
  }
  const verdict = (ok: boolean): string => (ok ? 'ok' : 'BELOW TARGET');
  const rows: [string, string, string][] = [
    ['messages', result.messages.toLocaleString('en'), ''],
    ['model messages/s', result.messagesPerSec.toLocaleString('en'), `mean wait ${model.candidate.meanWait.toFixed(4)} (Erlang C: 0.6687)`],
    ['model events/s', result.eventsPerSec.toLocaleString('en'), ''],
    ['kernel customers/s', Math.round(kernel.candidate.messages / kernel.candidate.seconds).toLocaleString('en'), ''],
    ['baseline customers/s', result.baselineCustomersPerSec.toLocaleString('en'), `mean wait ${model.baseline.meanWait.toFixed(4)}`],
    ['ratio', String(result.ratio), `target >= 0.25: ${verdict(result.ratio >= 0.25)}`],
    ['kernelRatio', String(result.kernelRatio), `target >= 0.7: ${verdict(result.kernelRatio >= 0.7)}`],
    ['peak RSS (MiB)', String(result.peakRssMiB), `target <= 150: ${verdict(result.peakRssMiB <= 150)}`],
    ['fan-out messages', result.fanout.messages.toLocaleString('en'), `${result.fanout.deliveries.toLocaleString('en')} deliveries to 3 groups`],
    [
      'fan-out wall (s)',
      String(result.fanout.seconds),
      options.fanoutSeconds === 1000
        ? `target <= ${FANOUT_TARGET_SECONDS} at 1,000 s virtual: ${verdict(result.fanout.seconds <= FANOUT_TARGET_SECONDS)}`
        : `${options.fanoutSeconds} s virtual (the target is for 1,000 s)`,
    ],
    ['fan-out messages/s', result.fanout.messagesPerSec.toLocaleString('en'), `ratio to the bare loop ${result.fanout.ratio}`],
    ['fan-out deliveries/s', result.fanout.deliveriesPerSec.toLocaleString('en'), ''],
    ['fan-out RSS (MiB)', String(result.fanout.peakRssMiB), `target <= ${FANOUT_TARGET_RSS_MIB}: ${verdict(result.fanout.peakRssMiB <= FANOUT_TARGET_RSS_MIB)}`],
    [
      'stream bytes/entry',
      String(streamMemory.liveBytesPerEntry),
      `live, at ${streamMemory.entries.toLocaleString('en')} entries (RSS ${streamMemory.rssBytesPerEntry}); target <= 64: ${verdict(streamMemory.liveBytesPerEntry <= 64 && streamMemory.rssBytesPerEntry <= 64)}`,
    ],
    ['policies on wall (s)', String(result.policies.onSeconds), `${result.policies.messages.toLocaleString('en')} messages, ${result.policies.retries.toLocaleString('en')} retries`],
    ['policies off wall (s)', String(result.policies.offSeconds), `messages/s ratio to the bare loop with policies on ${result.policies.ratioToBaseline}`],
    ['policies on / off', String(result.policies.ratioToOff), `target <= ${POLICIES_TARGET_RATIO}: ${verdict(result.policies.ratioToOff <= POLICIES_TARGET_RATIO)}`],
    ['sweep 1 worker (s)', String(result.sweep.oneWorkerSeconds), `${sweep.points} points x ${sweep.replications} replications of capacity-planning.json, median of ${sweep.repeats}`],
    ['sweep 2 workers (s)', String(result.sweep.twoWorkerSeconds), 'the same sweep on 2 worker threads (same results)'],
    ['sweep speed-up', String(result.sweep.speedUp), 'over 1 worker; 2 is the ceiling on 2 cores'],
    ...seek.results.flatMap((r): [string, string, string][] => [
      [`seek ${r.workload === 'queue' ? 'queue' : 'challenge'} cold ms`, String(r.seekMs), `${r.workload}: back to ${r.target} s of ${r.virtualSeconds} s at 1,000 msg/s from 0 (no checkpoints yet), ${r.events.toLocaleString('en')} events`],
      [`seek ${r.workload === 'queue' ? 'queue' : 'challenge'} warm ms`, String(r.warmSeekMs), `slowest of ${r.warmTargets.join(', ')} s from checkpoints built in ${r.checkpointBuildMs} ms idle; target <= ${seek.targetMs}: ${verdict(r.warmSeekMs <= seek.targetMs)}`],
    ]),
  ];
  for (const [name, value, note] of rows) console.log(`${name.padEnd(22)} ${value.padStart(12)}  ${note}`);
}

interface StreamMemory {
  entries: number;
  liveBytesPerEntry: number;
  rssBytesPerEntry: number;
  storageBytesPerEntry: number;
}

/** Runs the stream memory benchmark (its own pair of child processes) and reads its JSON line. */
function streamMemoryBench(entries: number): StreamMemory {
  return benchScriptJson<StreamMemory>('./stream-memory.ts', ['--entries', String(entries)], 'stream memory benchmark');
}

interface SweepBench {
  points: number;
  replications: number;
  repeats: number;
  oneWorkerSeconds: number;
  twoWorkerSeconds: number;
  speedUp: number;
}

/** Runs the sweep benchmark in its own process (its worker threads must not share a JIT with the others) and reads its JSON line. */
function sweepBench(options: Options): SweepBench {
  return benchScriptJson<SweepBench>('./sweep.ts', options.quick ? ['--quick'] : [], 'sweep benchmark');
}

interface SeekBench {
  targetMs: number;
  results: { workload: string; virtualSeconds: number; target: number; events: number; seekMs: number; checkpointBuildMs: number; warmSeekMs: number; warmTargets: number[] }[];
}

/** Runs the lab's seek benchmark (issue 6: a worker host seeking in a 10-minute run at 1,000 msg/s) in its own process. */
function seekBench(options: Options): SeekBench {
  return benchScriptJson<SeekBench>('./seek.ts', options.quick ? ['--seconds', '60'] : [], 'seek benchmark');
}

/** Runs a sibling benchmark script with `--json` in a fresh process and parses the last line it prints. */
function benchScriptJson<T>(relative: string, args: readonly string[], what: string): T {
  const script = fileURLToPath(new URL(relative, import.meta.url));
  const child = spawnSync(process.execPath, [...process.execArgv, script, '--json', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`${what} failed with exit code ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as T;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

main();
