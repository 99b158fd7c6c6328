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
  /** The last version published per key id. */
  private versions = new Int32Array(16);

  idOf(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }

  /** The next per-key version of key `id` (1, 2, 3…): keys are versioned across every producer of the run. */
  nextVersion(id: number): number {
    if (id >= this.versions.length) {
      const bigger = new Int32Array(Math.max(id + 1, this.versions.length * 2));
      bigger.set(this.versions);
      this.versions = bigger;
    }
    return ++this.versions[id]!;
  }
}

export function createModelContext(sim: Simulation, random: RandomSource, tracer = new Tracer()): ModelContext {
  let lastId = 0;
  return { sim, random, tracer, nextMessageId: () => ++lastId, keyIds: new KeyIds() };
}
