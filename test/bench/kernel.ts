import { portableLog, RandomSource, Simulation } from '../../src/engine';
import type { Mmc, WorkloadResult } from './workload';

/**
 * The same M/M/c logic as the bare loop, written directly against the engine's Simulation
 * (schedule/runUntil) with no model, trace or metrics: it measures what the kernel itself costs.
 */
export function runKernel(w: Mmc): WorkloadResult {
  const random = new RandomSource(w.seed);
  const arrivals = random.stream('bench:arrivals');
  const service = random.stream('bench:service');
  const meanGap = 1 / w.arrivalRate;
  const meanService = 1 / w.serviceRate;
  const sim = new Simulation({ maxEvents: Number.MAX_SAFE_INTEGER });

  let waiting = new Float64Array(1024);
  let head = 0;
  let queued = 0;
  let busy = 0;
  let customers = 0;
  let waitSum = 0;

  const onDeparture = (): void => {
    if (queued > 0) {
      waitSum += sim.now - waiting[head]!;
      head = (head + 1) & (waiting.length - 1);
      queued--;
      sim.schedule(-meanService * portableLog(service.nextOpenZero()), onDeparture);
    } else {
      busy--;
    }
  };
  const onArrival = (): void => {
    customers++;
    sim.schedule(-meanGap * portableLog(arrivals.nextOpenZero()), onArrival);
    if (busy < w.servers) {
      busy++;
      sim.schedule(-meanService * portableLog(service.nextOpenZero()), onDeparture);
      return;
    }
    if (queued === waiting.length) {
      const bigger = new Float64Array(waiting.length * 2);
      for (let i = 0; i < queued; i++) bigger[i] = waiting[(head + i) & (waiting.length - 1)]!;
      waiting = bigger;
      head = 0;
    }
    waiting[(head + queued) & (waiting.length - 1)] = sim.now;
    queued++;
  };

  sim.schedule(-meanGap * portableLog(arrivals.nextOpenZero()), onArrival);
  sim.runUntil(w.duration);
  return { messages: customers, events: sim.eventsProcessed, meanWait: waitSum / customers };
}
