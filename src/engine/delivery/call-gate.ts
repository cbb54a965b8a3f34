// The in-process gate of one subscription's API calls: concurrency cap, sliding-window throttle, 429 pause.
import type { Clock } from '../../core/clock.js';
import { runInSlot, type Gate, type GateLimits, type Release } from '../../core/ports/coordination.js';
import { SlidingWindow } from '../../core/delivery/throttle.js';

export type { GateLimits } from '../../core/ports/coordination.js';

/**
 * Calls wait here in arrival order (first come, first served) for a concurrency slot, the end of a pause and a
 * throttle slot, in that order. Token requests pass the same gate, so they count against the throttle too.
 * One process only: its slots need no lease, since they die with it.
 */
export class CallGate implements Gate {
  private window: SlidingWindow | undefined;
  private inFlight = 0;
  private pausedUntil = 0;
  private readonly waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;
  private closed = false;

  constructor(
    private limits: GateLimits,
    private readonly clock: Clock,
    /** Told how long a call waited for the throttle window or a pause (for metrics); not for concurrency. */
    private readonly onThrottled?: (waitMs: number) => void,
  ) {
    this.window = limits.limit === undefined ? undefined : new SlidingWindow(limits.limit, limits.windowMs);
  }

  /** New settings; calls in flight keep their slots, the window restarts when the throttle changes. */
  reconfigure(limits: GateLimits): void {
    if (limits.limit !== this.limits.limit || limits.windowMs !== this.limits.windowMs)
      this.window = limits.limit === undefined ? undefined : new SlidingWindow(limits.limit, limits.windowMs);
    this.limits = limits;
    this.pump();
  }

  /** Holds every call until `untilMs` (Moveworks' limit is organisation-wide: one 429 pauses all). */
  pause(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }

  /** How many more calls the gate would admit now, ignoring the concurrency cap: 0 while paused. */
  headroom(): number {
    const now = this.clock.now();
    if (this.pausedUntil > now || this.closed) return 0;
    return this.window === undefined ? Infinity : this.window.limit - this.window.used(now);
  }

  /**
   * Waits for a slot and resolves its release function, or undefined once the gate is closed. Call the release
   * exactly when the call ends (later calls are ignored): the throttle counts the window from that moment.
   */
  async acquire(): Promise<Release | undefined> {
    if (this.closed) return undefined;
    await new Promise<void>((admit) => {
      this.waiting.push({ admit, heldSince: undefined });
      this.pump();
    });
    if (this.closed) return undefined;
    const window = this.window;
    let done = false;
    return (how) => {
      if (done) return;
      done = true;
      this.inFlight--;
      // A window replaced meanwhile has no slot of this call to release.
      if (window === this.window) {
        if (how === 'unused') window?.giveBack();
        else window?.release(this.clock.now());
      }
      this.pump();
    };
  }

  /** Runs `call` inside a slot; after close() it runs at once, so shutdown never strands a caller. */
  run<T>(call: () => Promise<T>): Promise<T> {
    return runInSlot(this, call);
  }

  /** Admits every waiter (acquire resolves undefined) and stops the timer. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const waiter of this.waiting.splice(0)) waiter.admit();
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.inFlight < this.limits.concurrency) {
      const now = this.clock.now();
      const head = this.waiting[0];
      if (this.pausedUntil > now) return this.hold(head, now, this.pausedUntil - now);
      const wait = this.window?.tryAcquire(now) ?? 0;
      if (wait === Infinity) return; // a call in flight will pump when it ends
      if (wait > 0) return this.hold(head, now, wait);
      this.inFlight++;
      this.waiting.shift();
      if (head?.heldSince !== undefined) this.onThrottled?.(now - head.heldSince);
      head?.admit();
    }
  }

  /** The head call waits for the window or a pause: noted once, so its wait is reported when it is admitted. */
  private hold(head: Waiter | undefined, now: number, ms: number): void {
    if (head !== undefined) head.heldSince ??= now;
    this.wake(ms);
  }

  private wake(ms: number): void {
    const at = this.clock.now() + ms;
    if (this.timer !== undefined && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, ms);
  }
}

interface Waiter {
  readonly admit: () => void;
  /** When the throttle or a pause first held this call at the head of the queue. */
  heldSince: number | undefined;
}
