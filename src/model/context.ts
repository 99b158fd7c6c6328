import type { RandomSource, Simulation } from '../engine';
import { Tracer } from './trace';

/** What every model component shares within one run. Created per run: nothing here is global. */
export interface ModelContext {
  readonly sim: Simulation;
  readonly random: RandomSource;
  readonly tracer: Tracer;
  /** The next message id: 1, 2, 3… in publish order across all producers. */
  nextMessageId(): number;
  /** Numbers for message keys, shared by every producer of the run (see Message.keyId). */
  readonly keyIds: KeyIds;
}

/** Gives each distinct key string a small number, the same for every producer that uses it. */
export class KeyIds {
  private readonly ids = new Map<string, number>();

  idOf(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }
}

export function createModelContext(sim: Simulation, random: RandomSource, tracer = new Tracer()): ModelContext {
  let lastId = 0;
  return { sim, random, tracer, nextMessageId: () => ++lastId, keyIds: new KeyIds() };
}
