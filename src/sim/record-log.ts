// A bounded, append-only log with stable absolute indices, so `?since=<index>` paging survives dropped entries.

export interface LogPage<T> {
  /** Entries from the requested index on, oldest first, each with its absolute index. */
  readonly entries: readonly { readonly index: number; readonly entry: T }[];
  /** The index to ask for next (the total when `since` was past the end, e.g. after a reset). */
  readonly next: number;
  /** Entries appended since start or the last reset, including dropped ones. */
  readonly total: number;
  /** Index of the oldest entry still kept; lower ones were dropped to bound memory. */
  readonly firstKept: number;
}

export class RecordLog<T> {
  private items: T[] = [];
  private head = 0;
  private dropped = 0;

  /** @param capacity entries kept; the oldest drop beyond it (0 keeps none, but still counts). */
  constructor(private readonly capacity: number) {}

  get total(): number {
    return this.dropped + this.items.length - this.head;
  }

  append(entry: T): number {
    const index = this.total;
    if (this.capacity === 0) {
      this.dropped++;
      return index;
    }
    this.items.push(entry);
    if (this.items.length - this.head > this.capacity) {
      this.head++;
      this.dropped++;
      // Shift the array only now and then, so dropping stays O(1) amortised.
      if (this.head > 1_024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
    }
    return index;
  }

  /** At most `limit` entries from absolute index `since` (clamped to the oldest kept). */
  page(since = 0, limit = Number.POSITIVE_INFINITY): LogPage<T> {
    const total = this.total;
    const from = Math.max(since, this.dropped);
    const to = Math.min(total, from + limit);
    const entries: { index: number; entry: T }[] = [];
    for (let index = from; index < to; index++) {
      const entry = this.items[this.head + index - this.dropped];
      if (entry !== undefined) entries.push({ index, entry });
    }
    return { entries, next: to, total, firstKept: this.dropped };
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.dropped = 0;
  }
}
