import { portableLog, RandomSource } from '../../src/engine';
import type { Mmc, WorkloadResult } from './workload';

/**
 * The baseline: M/M/c written as one tight loop, the way one would by hand with no framework. Its own
 * binary heap (parallel typed arrays ordered by time, then seq), a ring buffer of waiting arrival times,
 * and the same sfc32 streams and portable logarithm as the engine, so it draws bit-identical variates.
 * No model, no trace, no metrics: the ceiling to compare with.
 */
export function runBareLoop(w: Mmc): WorkloadResult {
  const random = new RandomSource(w.seed);
  const arrivals = random.stream('bench:arrivals');
  const service = random.stream('bench:service');
  const meanGap = 1 / w.arrivalRate;
  const meanService = 1 / w.serviceRate;

  const heap = new MinHeap();
  const ARRIVAL = 0;
  const DEPARTURE = 1;
  let waiting = new Float64Array(1024);
  let head = 0;
  let queued = 0;
  let busy = 0;
  let customers = 0;
  let events = 0;
  let waitSum = 0;

  heap.push(-meanGap * portableLog(arrivals.nextOpenZero()), ARRIVAL);
  while (heap.size > 0) {
    const now = heap.topTime();
    if (now > w.duration) break;
    const kind = heap.topKind();
    heap.pop();
    events++;
    if (kind === ARRIVAL) {
      customers++;
      heap.push(now - meanGap * portableLog(arrivals.nextOpenZero()), ARRIVAL);
      if (busy < w.servers) {
        busy++;
        heap.push(now - meanService * portableLog(service.nextOpenZero()), DEPARTURE);
      } else {
        if (queued === waiting.length) {
          const bigger = new Float64Array(waiting.length * 2);
          for (let i = 0; i < queued; i++) bigger[i] = waiting[(head + i) & (waiting.length - 1)]!;
          waiting = bigger;
          head = 0;
        }
        waiting[(head + queued) & (waiting.length - 1)] = now;
        queued++;
      }
    } else if (queued > 0) {
      waitSum += now - waiting[head]!;
      head = (head + 1) & (waiting.length - 1);
      queued--;
      heap.push(now - meanService * portableLog(service.nextOpenZero()), DEPARTURE);
    } else {
      busy--;
    }
  }
  return { messages: customers, events, meanWait: waitSum / customers };
}

/** A binary min-heap of (time, seq, kind) in parallel typed arrays; seq breaks ties in insertion order. */
class MinHeap {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private kinds = new Uint8Array(1024);
  private nextSeq = 0;
  size = 0;

  topTime(): number {
    return this.times[0]!;
  }

  topKind(): number {
    return this.kinds[0]!;
  }

  push(time: number, kind: number): void {
    if (this.size === this.times.length) this.grow();
    const { times, seqs, kinds } = this;
    const seq = this.nextSeq++;
    let hole = this.size++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[hole] = pt;
      seqs[hole] = seqs[parent]!;
      kinds[hole] = kinds[parent]!;
      hole = parent;
    }
    times[hole] = time;
    seqs[hole] = seq;
    kinds[hole] = kind;
  }

  pop(): void {
    const n = --this.size;
    if (n === 0) return;
    const { times, seqs, kinds } = this;
    const time = times[n]!;
    const seq = seqs[n]!;
    const kind = kinds[n]!;
    let hole = 0;
    const half = n >> 1;
    while (hole < half) {
      let child = 2 * hole + 1;
      let ct = times[child]!;
      let cs = seqs[child]!;
      const right = child + 1;
      if (right < n) {
        const rt = times[right]!;
        if (rt < ct || (rt === ct && seqs[right]! < cs)) {
          child = right;
          ct = rt;
          cs = seqs[right]!;
        }
      }
      if (time < ct || (time === ct && seq < cs)) break;
      times[hole] = ct;
      seqs[hole] = cs;
      kinds[hole] = kinds[child]!;
      hole = child;
    }
    times[hole] = time;
    seqs[hole] = seq;
    kinds[hole] = kind;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    const kinds = new Uint8Array(capacity);
    kinds.set(this.kinds);
    this.times = times;
    this.seqs = seqs;
    this.kinds = kinds;
  }
}
