import type { RandomStream } from '../engine';
import type { ConsumerInstance } from './consumer-instance';

/**
 * Who gets a message when the broker keeps nothing (a queue with buffering 'none', as NATS core): the
 * message goes at once to one consumer instance picked at random among those attached, or nowhere.
 *
 * The pick comes first and ignores room on purpose. In NATS the server hands each message of a queue
 * group to a random member; a member whose pending limit is full drops it (a slow consumer) even when
 * another member could have taken it. So `pick` is uniform over attached instances, and `take` then
 * says whether the picked one has room.
 *
 * An instance attaches with its first unit of room (its prefetch window is granted when it starts,
 * restarts or scales out) and detaches when it crashes or leaves. Its room here is the pending limit:
 * a unit is spent per delivery and given back when the instance settles the message. The broker's
 * credit queue is not used, so this bookkeeping is independent of how a buffering queue shares credits.
 * Arrays indexed by attachment position, not maps: a queue has a handful of instances, and a pick per
 * message must not allocate.
 */
export class PushDispatch {
  private readonly attached: ConsumerInstance[] = [];
  /** Free room (credits) of each attached instance, by the same position. */
  private readonly room: number[] = [];

  constructor(private readonly rng: RandomStream) {}

  /** Instances that would be picked from now: attached and not gone. */
  get attachedCount(): number {
    return this.attached.length;
  }

  /** One unit of room on `instance` (granted, or given back after it settled a message); attaches it if it was not. */
  credit(instance: ConsumerInstance): void {
    const at = this.attached.indexOf(instance);
    if (at >= 0) {
      this.room[at]!++;
      return;
    }
    this.attached.push(instance);
    this.room.push(1);
  }

  /** `instance` crashed or left: it is picked no more and its room is void (a restart grants it afresh). */
  detach(instance: ConsumerInstance): void {
    const at = this.attached.indexOf(instance);
    if (at < 0) return;
    this.attached.splice(at, 1);
    this.room.splice(at, 1);
  }

  /** Position of a uniformly random attached instance, or -1 when none is attached (no subscriber). */
  pick(): number {
    const n = this.attached.length;
    return n === 0 ? -1 : this.rng.nextInt(n);
  }

  /** The instance at position `at` (from `pick`). */
  instanceAt(at: number): ConsumerInstance {
    return this.attached[at]!;
  }

  /** Spends one unit of room of the instance at `at`; false when it has none (its pending limit is full). */
  take(at: number): boolean {
    if (this.room[at]! <= 0) return false;
    this.room[at]!--;
    return true;
  }
}
