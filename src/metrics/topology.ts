/** What the metrics need to know about a run's components up front, so idle ones still get a row. */
export interface Topology {
  producers: readonly string[];
  brokers: readonly { id: string; kind: string }[];
  groups: readonly { id: string; broker: string }[];
}
