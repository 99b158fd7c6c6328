import { TRACE_KINDS, type TraceKind, type TraceRecord } from '../model';

/** Each kind's position in TRACE_KINDS, the number the hash folds in for it. */
const KIND_INDEX = Object.freeze(Object.fromEntries(TRACE_KINDS.map((kind, i) => [kind, i])) as Record<TraceKind, number>);

/**
 * A 64-bit fingerprint of a trace, as 16 hex digits: two independent 32-bit lanes fold in five words per
 * record with murmur3's mixing steps: kind and attempt, the time's exact IEEE-754 bits (two words), the
 * message id with the stream partition and offset, and the record's five names combined. Two runs match only if every record matches to the
 * last bit.
 *
 * It runs on every record of every run, so it is written for speed: each name field keeps the hash of its
 * previous value (a field usually repeats it), names are short ids so rehashing a new one beats a table
 * lookup, and the five words are folded in by straight-line code.
 */
export class TraceHasher {
  private h1 = 0x2545f491;
  private h2 = 0x9e3779b9;
  private readonly float = new Float64Array(1);
  private readonly words = new Uint32Array(this.float.buffer);
  private readonly names = new NameHashes();

  readonly observe = (r: Readonly<TraceRecord>): void => {
    this.float[0] = r.time;
    // Kind and attempt share a word; so do the message id and the stream position (partition and offset,
    // both -1 off streams), folded in with odd multipliers so that neither can cancel the other.
    const v0 = kindIndex(r.kind) | (r.attempt << 5);
    const v1 = this.words[0]! | 0;
    const v2 = this.words[1]! | 0;
    const v3 = (r.message ^ Math.imul(r.offset + 1, 0x9e3779b1) ^ Math.imul(r.partition + 1, 0x85ebca77)) | 0;
    const v4 = this.names.of(r);
    // Each word: murmur3's block step in the first lane (k, h), an independent fold in the second (g).
    // Unrolled by hand on purpose: a helper called ten times here is not inlined, and a loop over a
    // scratch array measured ~10% slower; this is the hottest observer in every run.
    let h = this.h1;
    let g = this.h2;
    let k: number;
    k = Math.imul(v0, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
    g ^= Math.imul(v0, 0x85ebca6b);
    g = (Math.imul((g << 17) | (g >>> 15), 9) + 0x7feb352d) | 0;
    k = Math.imul(v1, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
    g ^= Math.imul(v1, 0x85ebca6b);
    g = (Math.imul((g << 17) | (g >>> 15), 9) + 0x7feb352d) | 0;
    k = Math.imul(v2, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
    g ^= Math.imul(v2, 0x85ebca6b);
    g = (Math.imul((g << 17) | (g >>> 15), 9) + 0x7feb352d) | 0;
    k = Math.imul(v3, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
    g ^= Math.imul(v3, 0x85ebca6b);
    g = (Math.imul((g << 17) | (g >>> 15), 9) + 0x7feb352d) | 0;
    k = Math.imul(v4, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
    g ^= Math.imul(v4, 0x85ebca6b);
    g = (Math.imul((g << 17) | (g >>> 15), 9) + 0x7feb352d) | 0;
    this.h1 = h;
    this.h2 = g;
  };

  digest(): string {
    const a = finalise(this.h1) >>> 0;
    const b = finalise(this.h2 ^ this.h1) >>> 0;
    return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
  }
}

/** Combines a record's producer, broker, group, consumer and reason into one 32-bit word (FNV-1a of each). */
class NameHashes {
  private producer = '';
  private broker = '';
  private group = '';
  private consumer = '';
  private reason = '';
  private producerHash = fnv1a('');
  private brokerHash = fnv1a('');
  private groupHash = fnv1a('');
  private consumerHash = fnv1a('');
  private reasonHash = fnv1a('');

  of(r: Readonly<TraceRecord>): number {
    if (r.producer !== this.producer) this.producerHash = fnv1a((this.producer = r.producer));
    if (r.broker !== this.broker) this.brokerHash = fnv1a((this.broker = r.broker));
    if (r.group !== this.group) this.groupHash = fnv1a((this.group = r.group));
    if (r.consumer !== this.consumer) this.consumerHash = fnv1a((this.consumer = r.consumer));
    if (r.reason !== this.reason) this.reasonHash = fnv1a((this.reason = r.reason));
    // A polynomial in the five name hashes: the position of each name matters, so swapping two differs.
    let h = this.producerHash;
    h = Math.imul(h, 0x01000193) ^ this.brokerHash;
    h = Math.imul(h, 0x01000193) ^ this.groupHash;
    h = Math.imul(h, 0x01000193) ^ this.consumerHash;
    return Math.imul(h, 0x01000193) ^ this.reasonHash;
  }
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

function finalise(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The kind's position in TRACE_KINDS. The four kinds every message goes through are tested first by
 * identity: a keyed lookup in the sixteen-key table showed up as a large share of this hottest
 * observer in CPU profiles.
 */
function kindIndex(kind: TraceKind): number {
  if (kind === 'published') return 0;
  if (kind === 'enqueued') return 3;
  if (kind === 'delivered') return 8;
  if (kind === 'acked') return 9;
  return KIND_INDEX[kind];
}
