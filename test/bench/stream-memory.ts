/**
 * Stream memory benchmark: `npx tsx test/bench/stream-memory.ts [--json] [--entries N] [--segment-bytes B]`.
 *
 * Target (issue 3, §9): a stream retaining 10,000,000 entries stays within 64 bytes per entry above
 * the empty baseline. Two fresh child processes (run with --expose-gc) build the same partition log,
 * one empty and one with N entries appended (10,000,000 by default); each collects garbage and reports
 * its memory. The figure is the difference divided by N, for live memory (V8 heap used + memory
 * outside the heap, where typed arrays live) and for resident set size.
 *
 * The entries look like a busy stream's: ids 1…N, a millisecond apart, payloads of 200–1199 bytes,
 * 100 distinct keys, one producer and one event type, under Kafka's default retention (7 days,
 * 1 GiB segments), so nothing is deleted. `--segment-bytes 1` gives every entry a segment of its own:
 * the worst case for the segment table (24 bytes a segment).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PartitionLog, type LogMessage } from '../../src/model/stream';

interface Options {
  json: boolean;
  entries: number;
  segmentBytes: number;
  child: 'empty' | 'filled' | undefined;
}

interface Sample {
  entries: number;
  heapUsed: number;
  external: number;
  rss: number;
  allocatedBytes: number;
  appendSeconds: number;
}

const SELF = fileURLToPath(import.meta.url);
const TARGET_BYTES_PER_ENTRY = 64;

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { json: false, entries: 10_000_000, segmentBytes: 1 << 30, child: undefined };
  const whole = (name: string, text: string | undefined): number => {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} needs a positive whole number, got ${text}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--entries') options.entries = whole(arg, argv[++i]);
    else if (arg === '--segment-bytes') options.segmentBytes = whole(arg, argv[++i]);
    else if (arg === '--child') {
      const kind = argv[++i];
      if (kind !== 'empty' && kind !== 'filled') throw new Error(`--child must be empty or filled, got ${kind}`);
      options.child = kind;
    } else throw new Error(`unknown option ${arg}; use --json, --entries N or --segment-bytes B`);
  }
  return options;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the memory child needs --expose-gc');
  for (let i = 0; i < 4; i++) gc();
}

/** Builds the log in this process and reports memory after a full collection. */
function measure(entries: number, segmentBytes: number): Sample {
  const log = new PartitionLog({
    name: 'bench/0',
    retention: { retentionSeconds: 7 * 24 * 3600, segmentBytes },
  });
  const keys = Array.from({ length: 100 }, (_, i) => `key-${i}`);
  const message: { -readonly [K in keyof LogMessage]: LogMessage[K] } = { id: 0, key: '', size: 0, producer: 'shop', type: 'ORDER_PLACED' };
  const start = performance.now();
  for (let i = 0; i < entries; i++) {
    message.id = i + 1;
    message.key = keys[i % 100]!;
    message.size = 200 + ((i * 7919) % 1000);
    log.append(message, i / 1000);
    log.enforceRetention(i / 1000);
  }
  const appendSeconds = (performance.now() - start) / 1000;
  collectGarbage();
  const usage = process.memoryUsage();
  // Read the log after measuring, so it is certainly alive when measured.
  if (log.retainedEntries !== entries || (entries > 0 && log.idAt(entries - 1) !== entries)) throw new Error('the log lost entries');
  return {
    entries,
    heapUsed: usage.heapUsed,
    external: usage.external,
    rss: usage.rss,
    allocatedBytes: log.allocatedBytes,
    appendSeconds,
  };
}

function inChild(kind: 'empty' | 'filled', options: Options): Sample {
  const args = [...process.execArgv, '--expose-gc', SELF, '--child', kind, '--entries', String(options.entries), '--segment-bytes', String(options.segmentBytes)];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`memory child "${kind}" failed with exit code ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Sample;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  if (options.child !== undefined) {
    console.log(JSON.stringify(measure(options.child === 'empty' ? 0 : options.entries, options.segmentBytes)));
    return;
  }
  if (!options.json) console.error(`brokerlab stream memory: one partition log retaining ${options.entries.toLocaleString('en')} entries…`);
  const empty = inChild('empty', options);
  const filled = inChild('filled', options);
  const n = filled.entries;
  const perEntry = (bytes: number): number => Math.round((bytes / n) * 100) / 100;
  const result = {
    entries: n,
    segmentBytes: options.segmentBytes,
    liveBytesPerEntry: perEntry(filled.heapUsed + filled.external - (empty.heapUsed + empty.external)),
    rssBytesPerEntry: perEntry(filled.rss - empty.rss),
    storageBytesPerEntry: perEntry(filled.allocatedBytes),
    appendsPerSec: Math.round(n / filled.appendSeconds),
    target: TARGET_BYTES_PER_ENTRY,
  };
  if (options.json) {
    console.log(JSON.stringify(result));
    return;
  }
  const verdict = (value: number): string => (value <= TARGET_BYTES_PER_ENTRY ? 'ok' : 'ABOVE TARGET');
  const rows: [string, string, string][] = [
    ['entries', n.toLocaleString('en'), `segmentBytes ${options.segmentBytes.toLocaleString('en')}`],
    ['live bytes/entry', String(result.liveBytesPerEntry), `heap used + external above the empty log; target <= ${TARGET_BYTES_PER_ENTRY}: ${verdict(result.liveBytesPerEntry)}`],
    ['RSS bytes/entry', String(result.rssBytesPerEntry), `resident set above the empty log; target <= ${TARGET_BYTES_PER_ENTRY}: ${verdict(result.rssBytesPerEntry)}`],
    ['storage bytes/entry', String(result.storageBytesPerEntry), 'the log’s own column chunks (28 bytes an entry when full)'],
    ['appends/s', result.appendsPerSec.toLocaleString('en'), 'append + enforceRetention per entry'],
  ];
  for (const [name, value, note] of rows) console.log(`${name.padEnd(20)} ${value.padStart(12)}  ${note}`);
  if (result.liveBytesPerEntry > TARGET_BYTES_PER_ENTRY || result.rssBytesPerEntry > TARGET_BYTES_PER_ENTRY) process.exitCode = 1;
}

main();
