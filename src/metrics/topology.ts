/** Kinds of place a message can be, as the metrics see them; a topic's subscription is a queue of its own. */
export type TopologyBrokerKind = 'queue' | 'stream' | 'topic' | 'bus' | 'subscription';

export interface TopologyBroker {
  readonly id: string;
  readonly kind: TopologyBrokerKind;
  /** Streams: the number of partitions. */
  readonly partitions?: number;
  /** Subscriptions: the topic they belong to. */
  readonly topic?: string;
}

export interface TopologyGroup {
  readonly id: string;
  /** The queue, subscription or stream it reads. */
  readonly broker: string;
  /**
   * Most unacknowledged deliveries one instance may hold (its prefetch, or its pull batch size), for
   * the auditor's lease check; undefined for stream groups.
   */
  readonly holdLimit?: number;
  /** Instances it starts with (for instance-seconds); the `scaled` records tell the changes. */
  readonly instances?: number;
  /** When it starts (a group the timeline adds); 0 if absent. */
  readonly from?: number;
}

/**
 * What the metrics need to know about a run's components up front, so idle ones still get a row and
 * records can be told apart by the kind of broker they name. It lists everything the run ever has,
 * including subscriptions and groups the timeline adds later.
 */
export interface Topology {
  producers: readonly string[];
  brokers: readonly TopologyBroker[];
  groups: readonly TopologyGroup[];
}
