import type { Message } from './message';

/** Why a broker refused a publish: it is full (maxlen), the message is larger than it takes (oversize), or it is down after a crash (broker-down). */
export type RejectReason = 'maxlen' | 'oversize' | 'broker-down';

/** Validates a maxMessageBytes option (undefined: no limit); `where` names the broker in the error. */
export function checkMaxMessageBytes(value: number | undefined, where: string): number | undefined {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
    throw new RangeError(`${where}: maxMessageBytes must be a whole number of bytes >= 0, got ${value}`);
  }
  return value;
}

/**
 * 'oversize' when `message` is larger than `maxMessageBytes` (undefined: no limit), else undefined.
 * Every broker kind applies this the same way, before anything else it checks.
 */
export function sizeRefusal(message: Pick<Message, 'size'> | undefined, maxMessageBytes: number | undefined): RejectReason | undefined {
  return message !== undefined && maxMessageBytes !== undefined && message.size > maxMessageBytes ? 'oversize' : undefined;
}

export type BrokerKind = 'queue' | 'stream' | 'topic' | 'bus';

/** What a producer needs from the broker it publishes to. */
export interface Broker {
  readonly id: string;
  readonly kind: BrokerKind;
  /** Why `message` would be refused right now, or undefined if it would be accepted. Never refuses an oversize message for being full. */
  refusal(message: Message): RejectReason | undefined;
  /** Takes an accepted message. Only call after `refusal` returned undefined. */
  accept(message: Message): void;
}
