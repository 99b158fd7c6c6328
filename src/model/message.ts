/** One message as the model carries it. Ids are unique within a run and increase with publish order. */
export interface Message {
  readonly id: number;
  /** Virtual time the producer published it. */
  readonly publishedAt: number;
  readonly producer: string;
  /** Event type, e.g. "ORDER_PLACED"; used by routing and filters in later stages. */
  readonly type: string;
  /** Partitioning / ordering key; '' when the message has none. */
  readonly key: string;
  /** Payload size in bytes. */
  readonly size: number;
  /** How many times it has been handed to a consumer. */
  deliveries: number;
}
