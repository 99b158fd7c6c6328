/**
 * Interns strings as small integers, so a log column can hold a number per entry instead of a
 * reference to a string. Meant for low-cardinality values (keys drawn from a key space, producer ids,
 * event types): the table never forgets a string, so it grows with the number of distinct values,
 * not with the number of entries.
 */
export class StringTable {
  private readonly indexes = new Map<string, number>();
  private readonly values: string[] = [];
  // The last string interned: producers and event types repeat from one append to the next.
  private lastValue: string | undefined;
  private lastIndex = -1;

  /**
   * @param name what the strings are, for error messages ("key", "producer").
   * @param limit most distinct strings the table may hold (the width of the column that stores indexes).
   */
  constructor(
    readonly name: string,
    readonly limit: number,
  ) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`${name} table limit must be a whole number >= 1, got ${limit}`);
  }

  /** How many distinct strings the table holds. */
  get size(): number {
    return this.values.length;
  }

  /** The index of `value`, adding it on first sight. Throws once `limit` distinct strings are held. */
  intern(value: string): number {
    if (value === this.lastValue) return this.lastIndex;
    const known = this.indexes.get(value);
    if (known !== undefined) {
      this.lastValue = value;
      this.lastIndex = known;
      return known;
    }
    const index = this.values.length;
    if (index >= this.limit) {
      throw new RangeError(`too many distinct ${this.name} values: at most ${this.limit} are supported, and "${value}" would be one more`);
    }
    this.indexes.set(value, index);
    this.values.push(value);
    return index;
  }

  /** The string at `index`, which must come from `intern` on this table. */
  at(index: number): string {
    const value = this.values[index];
    if (value === undefined) throw new RangeError(`no ${this.name} has index ${index} (the table holds ${this.values.length})`);
    return value;
  }
}
