/**
 * A page script for the topology canvas's frame-cost test: it mounts the real controller, feeds it
 * synthetic frames that keep about `dots` messages travelling at once, and measures how long each
 * animation frame's drawing takes on the main thread.
 */
import { MOVE, type MovementBatch } from '../../../src/runtime/movement';
import type { FrameMessage } from '../../../src/runtime/protocol';
import { topologyGraph } from '../../../src/runtime/topology-graph';
import type { Scenario } from '../../../src/scenario';
import { createTopologyCanvas } from '../../../src/ui/topology/topology-canvas';

interface PerfResult {
  frames: number;
  p50: number;
  p95: number;
  maxActive: number;
}

async function measure(scenario: Scenario, dots: number, seconds: number): Promise<PerfResult> {
  const costs: number[] = [];
  const native = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) =>
    native((time) => {
      const start = performance.now();
      callback(time);
      costs.push(performance.now() - start);
    });
  const el = document.createElement('div');
  el.style.cssText = 'width: 1184px; max-height: 470px;';
  document.body.append(el);
  const canvas = createTopologyCanvas(el, { label: 'perf', reducedMotion: false });
  canvas.load(scenario, 1);
  const graph = topologyGraph(scenario);
  const edges = graph.edges.filter((e) => e.kind !== 'dead-letter');
  // A dot travels for 650 ms. Batches are meant to come every 100 ms, but a busy machine fires timers
  // late, so each batch is sized by the wall time since the previous one: about `dots` stay in the air.
  let time = 0;
  let maxActive = 0;
  let last = performance.now() - 100;
  const end = last + 100 + seconds * 1000;
  while (performance.now() < end) {
    const now = performance.now();
    const perBatch = Math.ceil((dots * Math.min(now - last, 600)) / 580);
    last = now;
    const batch: MovementBatch = {
      count: perBatch,
      omitted: 0,
      start: time,
      end: time + 0.1,
      kind: new Uint8Array(perBatch).fill(MOVE.published),
      reason: new Uint8Array(perBatch),
      colour: new Uint8Array(perBatch),
      time: new Float64Array(perBatch),
      message: new Float64Array(perBatch),
      from: new Int32Array(perBatch),
      to: new Int32Array(perBatch),
      slot: new Int32Array(perBatch),
      partition: new Int32Array(perBatch).fill(-1),
    };
    for (let i = 0; i < perBatch; i++) {
      const e = edges[i % edges.length]!;
      batch.time[i] = time + (0.1 * i) / perBatch;
      batch.from[i] = e.from;
      batch.to[i] = e.to;
      batch.colour[i] = i % 3;
      batch.kind[i] = i % 7 === 0 ? MOVE.redelivered : MOVE.delivered;
      batch.slot[i] = 1 + (i % 3);
    }
    time += 0.1;
    const frame = { type: 'frame', runId: 1, playback: 'playing', speed: 1, frame: { time, events: 0, done: false, brokers: {}, producers: {}, groups: {} }, samples: [], topology: { movement: batch, groups: [], streams: [], offsets: [] } };
    canvas.update(frame as FrameMessage);
    await new Promise((resolve) => setTimeout(resolve, 100));
    maxActive = Math.max(maxActive, Number(el.querySelector('canvas')?.dataset.active ?? 0));
  }
  canvas.destroy();
  window.requestAnimationFrame = native;
  // The first frames include the layout and warm-up; skip them.
  const sorted = costs.slice(10).sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { frames: sorted.length, p50: at(0.5), p95: at(0.95), maxActive };
}

(window as unknown as { topologyPerf: typeof measure }).topologyPerf = measure;
