/**
 * Partition assignment for stream consumer groups: which member of a group reads which partition.
 *
 * Members are identified by their index in the group and passed sorted ascending (Kafka sorts member
 * ids as strings; we sort by index, so "g#10" comes after "g#2"). Every strategy gives each partition
 * to exactly one member when there is at least one, and members beyond the partition count get none.
 *
 * - `range` (Kafka RangeAssignor, eager): member i of n takes a contiguous run of partitions; the
 *   first `partitions % n` members take one more.
 * - `round-robin` (Kafka RoundRobinAssignor, eager): partition p goes to member p mod n.
 * - `cooperative-sticky` (Kafka CooperativeStickyAssignor): balanced (counts differ by at most one)
 *   while keeping as many partitions as possible with their previous owner; only the partitions that
 *   change owner are revoked, so the rest of the group keeps consuming during a rebalance.
 */
export type AssignmentStrategy = 'range' | 'round-robin' | 'cooperative-sticky';

export const ASSIGNMENT_STRATEGIES: readonly AssignmentStrategy[] = ['range', 'round-robin', 'cooperative-sticky'];

/** True when a rebalance under `strategy` stops only the partitions that move (incremental protocol). */
export function isCooperative(strategy: AssignmentStrategy): boolean {
  return strategy === 'cooperative-sticky';
}

/**
 * Writes the owner (a member index, or -1 when `members` is empty) of each of `out.length`
 * partitions into `out`. `previous[p]` is the member that owned p before (-1 for none); only the
 * sticky strategy reads it, and only owners still listed in `members` count.
 */
export function assignPartitions(strategy: AssignmentStrategy, members: readonly number[], previous: ArrayLike<number>, out: Int32Array): void {
  const partitions = out.length;
  const n = members.length;
  if (n === 0) {
    out.fill(-1);
    return;
  }
  switch (strategy) {
    case 'range':
      assignRange(members, partitions, out);
      return;
    case 'round-robin':
      for (let p = 0; p < partitions; p++) out[p] = members[p % n]!;
      return;
    case 'cooperative-sticky':
      assignSticky(members, previous, out);
      return;
    default:
      throw new RangeError(`assignment must be one of ${ASSIGNMENT_STRATEGIES.join(', ')}, got ${JSON.stringify(strategy)}`);
  }
}

function assignRange(members: readonly number[], partitions: number, out: Int32Array): void {
  const n = members.length;
  const each = Math.floor(partitions / n);
  const extra = partitions % n;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const count = each + (i < extra ? 1 : 0);
    for (let k = 0; k < count; k++) out[p++] = members[i]!;
  }
}

/**
 * Balanced and sticky: members that already hold the most partitions get the larger quotas (so fewer
 * partitions move); each member keeps its lowest-numbered previous partitions up to its quota; every
 * partition left over goes, in ascending order, to the member furthest below its quota (ties: lowest index).
 */
function assignSticky(members: readonly number[], previous: ArrayLike<number>, out: Int32Array): void {
  const partitions = out.length;
  const n = members.length;
  const slot = new Map<number, number>();
  for (let i = 0; i < n; i++) slot.set(members[i]!, i);
  const held = new Array<number>(n).fill(0);
  for (let p = 0; p < partitions; p++) {
    const s = slot.get(previous[p]!);
    if (s !== undefined) held[s]!++;
  }
  const byHeld = members.map((_, i) => i).sort((a, b) => held[b]! - held[a]! || a - b);
  const base = Math.floor(partitions / n);
  const quota = new Array<number>(n).fill(base);
  for (let k = 0; k < partitions % n; k++) quota[byHeld[k]!]!++;

  const count = new Array<number>(n).fill(0);
  for (let p = 0; p < partitions; p++) {
    const s = slot.get(previous[p]!);
    if (s !== undefined && count[s]! < quota[s]!) {
      out[p] = members[s]!;
      count[s]!++;
    } else out[p] = -1;
  }
  for (let p = 0; p < partitions; p++) {
    if (out[p] !== -1) continue;
    let best = -1;
    for (let s = 0; s < n; s++) {
      const room = quota[s]! - count[s]!;
      if (room > 0 && (best < 0 || room > quota[best]! - count[best]!)) best = s;
    }
    out[p] = members[best]!;
    count[best]!++;
  }
}
