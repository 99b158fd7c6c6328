import type { Broker, RejectReason } from './broker';
import type { ModelContext } from './context';
import type { ConsumerSlot, SlotHost } from './consumer-slot';
import { Deque } from './deque';
import type { Message } from './message';

export type QueueOverflow = 'drop-head' | 'reject-publish';

export interface QueueOptions {
  id: string;
  /**
   * Most ready messages the queue holds; undefined for unbounded. As in RabbitMQ it counts ready
   * messages only: messages being processed (unacked) do not count.
   */
  maxLength: number | undefined;
  /** What happens to a publish that finds the queue full. */
  overflow: QueueOverflow;
}

/**
 * A FIFO queue with competing consumers. Each message goes to exactly one consumer slot; idle
 * slots take work in the order they became idle, which spreads load round-robin across instances.
 * The queue is work-conserving: a message waits (is ready) only while every slot is busy.
 */
export class QueueBroker implements Broker, SlotHost {
  readonly kind = 'queue';
  readonly id: string;
  private readonly ready = new Deque<Message>();
  private readonly idle = new Deque<ConsumerSlot>();

  constructor(
    private readonly ctx: ModelContext,
    private readonly options: QueueOptions,
  ) {
    this.id = options.id;
  }

  /** Ready messages waiting for a consumer. */
  get depth(): number {
    return this.ready.length;
  }

  refusal(): RejectReason | undefined {
    const { maxLength, overflow } = this.options;
    if (overflow === 'reject-publish' && maxLength !== undefined && this.idle.length === 0 && this.ready.length >= maxLength) {
      return 'maxlen';
    }
    return undefined;
  }

  accept(message: Message): void {
    const { tracer, sim } = this.ctx;
    const slot = this.idle.shift();
    if (slot !== undefined) {
      tracer.emit('enqueued', sim.now, message, this.id);
      this.deliver(slot, message);
      return;
    }
    const maxLength = this.options.maxLength;
    if (maxLength !== undefined && this.ready.length >= maxLength) {
      // Only drop-head reaches here (reject-publish was refused earlier): make room at the front.
      this.dropHead();
      if (maxLength === 0) {
        // Nothing may wait, so the newcomer is itself the head that overflows.
        tracer.emit('enqueued', sim.now, message, this.id);
        tracer.emit('dropped', sim.now, message, this.id, '', '', 'maxlen');
        return;
      }
    }
    this.ready.push(message);
    tracer.emit('enqueued', sim.now, message, this.id);
  }

  attach(slots: readonly ConsumerSlot[]): void {
    for (const slot of slots) this.release(slot);
  }

  release(slot: ConsumerSlot): void {
    const next = this.ready.shift();
    if (next === undefined) this.idle.push(slot);
    else this.deliver(slot, next);
  }

  private dropHead(): void {
    const head = this.ready.shift();
    if (head !== undefined) this.ctx.tracer.emit('dropped', this.ctx.sim.now, head, this.id, '', '', 'maxlen');
  }

  private deliver(slot: ConsumerSlot, message: Message): void {
    message.deliveries++;
    slot.message = message;
    slot.group.begin(slot);
  }
}
