/**
 * The per-key state a consumer keeps (a customer's current e-mail address, an order's status): each
 * message of a key is an update carrying the key's version. Applying updates in arrival order with
 * competing consumers can apply an older version after a newer one: the state goes back in time,
 * and if no later update fixes it, the key ends with the wrong value ("Bob instead of Charlie").
 *
 * Remedies:
 * - none: apply every update as it comes;
 * - reject-older: skip an update whose version is older than the one applied (optimistic versioning);
 * - last-write-wins: skip an update whose publish time is older than the applied one's.
 */
export type OrderingRemedy = 'none' | 'reject-older' | 'last-write-wins';

export const ORDERING_REMEDIES: readonly OrderingRemedy[] = ['none', 'reject-older', 'last-write-wins'];

/** What applying one update did. */
export type StateOutcome = 'in-order' | 'out-of-order' | 'stale';

export class KeyState {
  private version = new Int32Array(64);
  private stamp = new Float64Array(64);

  constructor(private readonly remedy: OrderingRemedy) {
    if (!ORDERING_REMEDIES.includes(remedy)) throw new RangeError(`ordering.remedy must be one of ${ORDERING_REMEDIES.join(', ')}, got ${JSON.stringify(remedy)}`);
  }

  /**
   * Applies version `version` (published at `publishedAt`) of key `keyId` unless the remedy skips it:
   * 'stale' when skipped, 'out-of-order' when applied over a newer version, else 'in-order'.
   */
  apply(keyId: number, version: number, publishedAt: number): StateOutcome {
    this.ensure(keyId);
    const current = this.version[keyId]!;
    const older = version < current;
    if (this.remedy === 'reject-older' && older) return 'stale';
    if (this.remedy === 'last-write-wins' && current > 0 && publishedAt < this.stamp[keyId]!) return 'stale';
    this.version[keyId] = version;
    this.stamp[keyId] = publishedAt;
    return older ? 'out-of-order' : 'in-order';
  }

  private ensure(keyId: number): void {
    if (keyId < this.version.length) return;
    const size = Math.max(keyId + 1, this.version.length * 2);
    const version = new Int32Array(size);
    version.set(this.version);
    const stamp = new Float64Array(size);
    stamp.set(this.stamp);
    this.version = version;
    this.stamp = stamp;
  }
}
