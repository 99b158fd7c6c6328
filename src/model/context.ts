import type { RandomSource, Simulation } from '../engine';
import { Tracer } from './trace';

/** What every model component shares within one run. Created per run: nothing here is global. */
export interface ModelContext {
  readonly sim: Simulation;
  readonly random: RandomSource;
  readonly tracer: Tracer;
  /** The next message id: 1, 2, 3… in publish order across all producers. */
  nextMessageId(): number;
}

export function createModelContext(sim: Simulation, random: RandomSource, tracer = new Tracer()): ModelContext {
  let lastId = 0;
  return { sim, random, tracer, nextMessageId: () => ++lastId };
}
