// Sliding-window arithmetic: the organisation and listener rate limits, and the record of request times.

/**
 * Admits at most `limit` events in any window of `windowMs` (a sliding log, not fixed buckets, so bursts at a
 * bucket edge cannot double the rate). Rejected attempts are not recorded. A limit of 0 admits everything.
 * Memory is bounded by the events in one window.
 */
export class SlidingWindowLimiter {
  private times: number[] = [];
  private head = 0;

  constructor(
    public limit: number,
    readonly windowMs: number,
  ) {}

  /** Records `nowMs` and returns 0 when admitted; otherwise returns the ms until a slot frees (> 0). */
  tryAdmit(nowMs: number): number {
    const cutoff = nowMs - this.windowMs;
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= cutoff) this.head++;
    // Recorded even while off, so a limit switched on at run time sees the traffic already in the window.
    if (this.limit > 0 && this.times.length - this.head >= this.limit) {
      // The entry that must leave before the count drops below the limit (the limit may have been lowered).
      const blocking = this.times[this.times.length - this.limit] ?? nowMs;
      return Math.max(1, blocking + this.windowMs - nowMs);
    }
    this.times.push(nowMs);
    if (this.head > 1_024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return 0;
  }

  clear(): void {
    this.times = [];
    this.head = 0;
  }
}

/** An append-only list of times in ms, 8 bytes each, so a benchmark can replay every window exactly. */
export class TimeLog {
  private buffer = new Float64Array(1_024);
  private size = 0;
  private sorted = true;

  get length(): number {
    return this.size;
  }

  push(timeMs: number): void {
    if (this.size === this.buffer.length) {
      const bigger = new Float64Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    // A test clock may be set backwards; sorting on read keeps the window maths right.
    if (this.size > 0 && timeMs < (this.buffer[this.size - 1] ?? 0)) this.sorted = false;
    this.buffer[this.size++] = timeMs;
  }

  /** A sorted copy of the recorded times. */
  toArray(): Float64Array {
    const copy = this.buffer.slice(0, this.size);
    return this.sorted ? copy : copy.sort();
  }

  clear(): void {
    this.buffer = new Float64Array(1_024);
    this.size = 0;
    this.sorted = true;
  }
}

/**
 * The most entries of the ascending `timesMs` that fall in any window (t - windowMs, t]. The busiest window
 * always ends on an entry, so checking the window ending at each entry is exact.
 */
export function maxInWindow(timesMs: ArrayLike<number>, windowMs: number): number {
  let max = 0;
  let low = 0;
  for (let high = 0; high < timesMs.length; high++) {
    const cutoff = (timesMs[high] ?? 0) - windowMs;
    while ((timesMs[low] ?? 0) <= cutoff) low++;
    max = Math.max(max, high - low + 1);
  }
  return max;
}
