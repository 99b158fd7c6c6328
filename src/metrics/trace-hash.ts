import { TRACE_KINDS, type TraceRecord } from '../model';

/**
 * A 64-bit fingerprint of a trace, as 16 hex digits: two independent 32-bit lanes, each folding in
 * every field of every record with murmur3's mixing steps. Times are hashed by their exact IEEE-754
 * bits, so two runs match only if every record matches to the last bit.
 */
export class TraceHasher {
  private h1 = 0x2545f491;
  private h2 = 0x9e3779b9;
  private readonly float = new Float64Array(1);
  private readonly words = new Uint32Array(this.float.buffer);
  private readonly stringHashes = new Map<string, number>();

  readonly observe = (r: Readonly<TraceRecord>): void => {
    this.mix(TRACE_KINDS.indexOf(r.kind));
    this.float[0] = r.time;
    this.mix(this.words[0]!);
    this.mix(this.words[1]!);
    this.mix(r.message);
    this.mix(r.attempt);
    this.mix(this.hashString(r.producer));
    this.mix(this.hashString(r.broker));
    this.mix(this.hashString(r.group));
    this.mix(this.hashString(r.consumer));
    this.mix(this.hashString(r.reason));
  };

  digest(): string {
    const a = finalise(this.h1) >>> 0;
    const b = finalise(this.h2 ^ this.h1) >>> 0;
    return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
  }

  private mix(value: number): void {
    let k = Math.imul(value | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    let h = this.h1 ^ k;
    h = (h << 13) | (h >>> 19);
    this.h1 = (Math.imul(h, 5) + 0xe6546b64) | 0;
    let g = this.h2 ^ Math.imul(value | 0, 0x85ebca6b);
    g = (g << 17) | (g >>> 15);
    this.h2 = (Math.imul(g, 9) + 0x7feb352d) | 0;
  }

  private hashString(text: string): number {
    let h = this.stringHashes.get(text);
    if (h === undefined) {
      h = 0x811c9dc5;
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      this.stringHashes.set(text, h);
    }
    return h;
  }
}

function finalise(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
