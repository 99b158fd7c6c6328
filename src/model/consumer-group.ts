import type { Distribution, RandomStream } from '../engine';
import type { ModelContext } from './context';
import type { ConsumerSlot, SlotHost, SlotOwner } from './consumer-slot';

export interface ConsumerGroupOptions {
  id: string;
  source: SlotHost;
  instances: number;
  /** Messages one instance processes at once. */
  concurrency: number;
  processing: Distribution;
}

/**
 * A consumer group: `instances` × `concurrency` slots reading one broker. Each message is
 * processed for a time drawn from `processing` and acknowledged on completion.
 */
export class ConsumerGroup implements SlotOwner {
  readonly id: string;
  readonly slots: readonly ConsumerSlot[];
  private readonly rng: RandomStream;
  private readonly onComplete = (slotIndex: number): void => this.complete(slotIndex);

  constructor(
    private readonly ctx: ModelContext,
    private readonly options: ConsumerGroupOptions,
  ) {
    this.id = options.id;
    this.rng = ctx.random.stream(`group:${options.id}:processing`);
    const slots: ConsumerSlot[] = [];
    // Slot order interleaves instances (a#1, b#1 … then a#2 …) so idle capacity is taken round-robin.
    for (let s = 0; s < options.concurrency; s++) {
      for (let i = 0; i < options.instances; i++) {
        slots.push({ group: this, index: slots.length, consumer: `${options.id}#${i + 1}`, message: undefined });
      }
    }
    this.slots = slots;
  }

  /** Offers every slot to the source. Call once, at time 0. */
  start(): void {
    this.options.source.attach(this.slots);
  }

  begin(slot: ConsumerSlot): void {
    const { sim, tracer } = this.ctx;
    tracer.emit('delivered', sim.now, slot.message!, this.options.source.id, this.id, slot.consumer);
    sim.schedule(this.options.processing.sample(this.rng), this.onComplete, slot.index);
  }

  private complete(slotIndex: number): void {
    const { sim, tracer } = this.ctx;
    const slot = this.slots[slotIndex]!;
    tracer.emit('acked', sim.now, slot.message!, this.options.source.id, this.id, slot.consumer);
    slot.message = undefined;
    this.options.source.release(slot);
  }
}
