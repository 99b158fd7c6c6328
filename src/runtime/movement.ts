/**
 * What the worker tells the canvas moved, in a compact column-wise form: one entry per animation-
 * relevant trace record, nodes named by their index in the scenario's TopologyGraph. The codes are
 * numbers so a batch is a handful of typed arrays that can be transferred without copying.
 */

/** Movement kinds, by code. The index of a name in this list is its code. */
export const MOVE_KINDS = [
  /** producer → broker: the broker accepted the message (a stream's entry names its partition). */
  'published',
  /** producer → broker: the broker refused it. */
  'rejected',
  /** topic → subscription, or bus rule → target: a copy went on. */
  'routed',
  /** topic → subscription: the subscription's filter did not match; no copy went. */
  'filtered',
  /** broker → group instance (`slot`): a first delivery. */
  'delivered',
  /** broker → group instance: a repeat delivery (after a nack, a lease expiry, a crash, a rebalance…). */
  'redelivered',
  /** at a group instance: processed and acknowledged. */
  'acked',
  /** group instance → broker: back to the ready queue. */
  'requeued',
  /** at a broker: gone for good (`reason` says why). */
  'dropped',
  /** broker → its dead-letter queue. */
  'dead-lettered',
  /** at a broker: its TTL ran out. */
  'expired',
  /** dead-letter queue → working queue. */
  'redriven',
  /** at a stream partition: appended without a publish of its own (e.g. routed there by a bus). */
  'appended',
] as const;

export type MoveKind = (typeof MOVE_KINDS)[number];

/** Code of each movement kind. */
export const MOVE = Object.fromEntries(MOVE_KINDS.map((k, i) => [k, i])) as { readonly [K in MoveKind]: number };

/**
 * Reasons a movement can carry (why a message was dropped, dead-lettered or redelivered), by code;
 * code 0 is "none" and code 1 stands for any reason not listed.
 */
export const MOVE_REASONS = [
  '',
  'other',
  'maxlen',
  'expired',
  'refused',
  'rejected',
  'delivery-limit',
  'retries-exhausted',
  'max-event-age',
  'oversize',
  'sampled',
  'conflated',
  'broker-crash',
  'broker-crash-inflight',
  'broker-crash-delayed',
  'broker-crash-parked',
  'at-most-once',
  'slow-consumer',
  'no-subscriber',
  'fatal',
  'retry-limit',
  'retry-budget',
  'circuit-open',
  'dead-letter-refused',
  'nack',
  'lease-expired',
  'crash',
  'scale-in',
  'rebalance',
  'replay',
  'producer-backlog',
  'duplicate',
  'broker-down',
] as const;

const REASON_CODES = new Map<string, number>(MOVE_REASONS.map((r, i) => [r, i]));

/** The code of a trace reason (1, "other", for one not listed). */
export function reasonCode(reason: string): number {
  return REASON_CODES.get(reason) ?? 1;
}

/**
 * The movements of one frame, column-wise: entry i is (kind[i], time[i], …). `from` and `to` are
 * node indices (equal for something that happens at one place); `slot` is the group instance's
 * number (1 for group#1, else 0) and `partition` the stream partition (else -1); `colour` is the
 * event-type index of the message's producer.
 */
export interface MovementBatch {
  count: number;
  /** Entries left out because the frame had more than the cap: the canvas shows that it samples. */
  omitted: number;
  /** The virtual-time span the batch covers: the previous frame's time and this one's. */
  start: number;
  end: number;
  kind: Uint8Array;
  reason: Uint8Array;
  colour: Uint8Array;
  time: Float64Array;
  message: Float64Array;
  from: Int32Array;
  to: Int32Array;
  slot: Int32Array;
  partition: Int32Array;
}

/** State of one group instance, by code. */
export const INSTANCE_STATE = { absent: 0, live: 1, crashed: 2 } as const;

/** A group's instances now: index i is instance #(i+1). */
export interface GroupLevels {
  node: number;
  /** Deliveries each instance holds (in its slots or waiting in its prefetch). */
  held: Int32Array;
  /** INSTANCE_STATE codes. */
  state: Uint8Array;
  /** Stream partitions each member owns; -1 for a group that does not read a stream. A live member with 0 is idle. */
  owned: Int32Array;
}

/** A stream's partitions now: log start (retention has deleted everything before) and log end (the next offset). */
export interface StreamLevels {
  node: number;
  start: Float64Array;
  end: Float64Array;
}

/** A stream group's offsets on each partition: last committed and current read position (-1 before any). */
export interface OffsetLevels {
  group: number;
  stream: number;
  committed: Float64Array;
  position: Float64Array;
}

/** The canvas's share of a frame: what moved since the last frame, and the levels now. */
export interface TopologyFrame {
  movement: MovementBatch;
  groups: GroupLevels[];
  streams: StreamLevels[];
  offsets: OffsetLevels[];
}

/** The ArrayBuffers of a topology frame, for postMessage's transfer list. */
export function transferablesOf(frame: TopologyFrame): ArrayBuffer[] {
  const m = frame.movement;
  const buffers = [m.kind, m.reason, m.colour, m.time, m.message, m.from, m.to, m.slot, m.partition].map((a) => a.buffer as ArrayBuffer);
  for (const g of frame.groups) buffers.push(g.held.buffer as ArrayBuffer, g.state.buffer as ArrayBuffer, g.owned.buffer as ArrayBuffer);
  for (const s of frame.streams) buffers.push(s.start.buffer as ArrayBuffer, s.end.buffer as ArrayBuffer);
  for (const o of frame.offsets) buffers.push(o.committed.buffer as ArrayBuffer, o.position.buffer as ArrayBuffer);
  return buffers;
}
