import type { Message } from './message';

/** Why a broker refused a publish. */
export type RejectReason = 'maxlen';

export type BrokerKind = 'queue' | 'stream' | 'topic' | 'bus';

/** What a producer needs from the broker it publishes to. */
export interface Broker {
  readonly id: string;
  readonly kind: BrokerKind;
  /** Why `message` would be refused right now, or undefined if it would be accepted. */
  refusal(message: Message): RejectReason | undefined;
  /** Takes an accepted message. Only call after `refusal` returned undefined. */
  accept(message: Message): void;
}
