// The subscription throttle's arithmetic: at most `limit` API calls in any window of `windowMs`, sliding.

/**
 * A sliding log of calls. A call holds its slot from the moment it is granted until `windowMs` after it
 * finished: counting from the finish (not the start) means the receiving side, which sees the call somewhere
 * in between, can never count more than `limit` in any of its own windows, whatever the network latency.
 * Finish times are recorded as they happen, so the log stays sorted and pruning is O(1) amortised.
 */
export class SlidingWindow {
  private finished: number[] = [];
  private head = 0;
  private inFlight = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
    if (!(windowMs > 0)) throw new RangeError('windowMs must be positive');
  }

  /** Calls counted against the window at `now` (in flight, or finished within the window). */
  used(now: number): number {
    this.prune(now);
    return this.inFlight + this.finished.length - this.head;
  }

  /**
   * Takes a slot and returns 0, or returns how many ms to wait before asking again. `Infinity` means every
   * slot is held by a call still in flight: ask again when one finishes.
   */
  tryAcquire(now: number): number {
    if (this.used(now) < this.limit) {
      this.inFlight++;
      return 0;
    }
    const oldest = this.finished[this.head];
    return oldest === undefined ? Infinity : oldest + this.windowMs - now + 1;
  }

  /** A slot taken for a call that was never made: it no longer counts, as if never taken. */
  giveBack(): void {
    if (this.inFlight === 0) throw new Error('give back without acquire');
    this.inFlight--;
  }

  /** The call holding a slot finished (or was abandoned) at `now`. */
  release(now: number): void {
    if (this.inFlight === 0) throw new Error('release without acquire');
    this.inFlight--;
    const last = this.finished[this.finished.length - 1];
    // A clock that stepped back must not unsort the log: keep the later time.
    this.finished.push(last !== undefined && last > now ? last : now);
  }

  private prune(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.head < this.finished.length && (this.finished[this.head] ?? 0) < cutoff) this.head++;
    if (this.head > 1_024 && this.head * 2 > this.finished.length) {
      this.finished = this.finished.slice(this.head);
      this.head = 0;
    }
  }
}
