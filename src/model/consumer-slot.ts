import type { Message } from './message';

/**
 * One unit of consumer capacity: a concurrency slot of one instance of a group. Brokers hand
 * messages to slots; the slot's group processes and acknowledges them.
 */
export interface ConsumerSlot {
  readonly group: SlotOwner;
  /** Index within the group's slots; also the argument of the completion event. */
  readonly index: number;
  /** The instance's id, e.g. "fulfilment#3". */
  readonly consumer: string;
  /** The message being processed, if busy. */
  message: Message | undefined;
}

/** The side of a consumer group that a broker talks to. */
export interface SlotOwner {
  readonly id: string;
  /** Starts processing `message` on `slot` (the broker has already set `slot.message`). */
  begin(slot: ConsumerSlot): void;
}

/** The side of a broker that a consumer group talks to. */
export interface SlotHost {
  readonly id: string;
  /** Registers slots as idle capacity, in the order they should first receive work. */
  attach(slots: readonly ConsumerSlot[]): void;
  /** The slot finished its message and can take another. */
  release(slot: ConsumerSlot): void;
}
