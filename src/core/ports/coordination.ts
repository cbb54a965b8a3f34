// The coordination port: what every dispatcher of one subscription must agree on, in one process or across many.

export interface GateLimits {
  /** At most this many calls in any window of `windowMs`; undefined for no throttle. */
  readonly limit: number | undefined;
  readonly windowMs: number;
  /** At most this many calls in flight. */
  readonly concurrency: number;
}

/**
 * Ends a call's slot; calls after the first are ignored. The throttle counts the window from that moment, unless
 * the slot is given back `'unused'`: no call was made in it (a send that gave it up to wait for a token), so it
 * counts for nothing.
 */
export type Release = (how?: 'unused') => void;

/**
 * The gate every call to one subscription's API passes: concurrency cap, sliding-window throttle (token requests
 * included: they pass the same gate) and the 429 pause. Within one process callers are served first come, first
 * served; across processes the order is not promised, only the limits.
 */
export interface Gate {
  /** New settings; calls in flight keep their slots. */
  reconfigure(limits: GateLimits): void;
  /** Holds every call until `untilMs` (clock ms; Moveworks' limit is organisation-wide: one 429 pauses all). */
  pause(untilMs: number): void;
  /**
   * About how many more calls the gate would admit now, ignoring the concurrency cap: 0 while paused. A hint for
   * claiming work ahead (a shared gate answers from its last look), never a promise of a slot.
   */
  headroom(): number;
  /**
   * Waits for a slot and resolves its release, or undefined once the gate is closed. A shared gate's slot has a
   * lease its holder renews, so the slots of a process that died come back (counted as finished at expiry).
   */
  acquire(): Promise<Release | undefined>;
  /** Runs `call` inside a slot; after close() it runs at once, so shutdown never strands a caller. */
  run<T>(call: () => Promise<T>): Promise<T>;
  /** Admits every waiter (acquire resolves undefined) and stops timers; held slots stay held until released. */
  close(): void;
}

/** `Gate.run` for every gate: the slot is released however `call` ends; without one (closed gate) it runs at once. */
export async function runInSlot<T>(gate: Pick<Gate, 'acquire'>, call: () => Promise<T>): Promise<T> {
  const release = await gate.acquire();
  try {
    return await call();
  } finally {
    release?.();
  }
}

/** A short-lived value left for the other processes, and how much longer it lives. */
export interface Shared {
  readonly value: string;
  readonly ttlMs: number;
}

/**
 * The per-subscription gates plus a lock and a small shared memo, for token refresh as a single flight across
 * every process. It promises limits, never order or durability: the transfers table stays the one durable queue,
 * and a coordination backend that loses everything (a restart of Redis) must fail safe, granting nothing it
 * cannot prove within the limits. Values are stored as given: callers seal secrets before `remember`.
 */
export interface Coordination {
  /**
   * The gate named `key` (one per subscription, for its whole life), with these limits. `onThrottled` is told how
   * long a call waited for the throttle window or a pause (metrics; not for the concurrency cap).
   */
  gate(key: string, limits: GateLimits, onThrottled?: (waitMs: number) => void): Gate;
  /** The gate `key` is no longer used here: close it and forget it. */
  forget(key: string): void;
  /**
   * Runs `work` while holding the lock `key`: one holder at a time across every process. The lock has a lease
   * renewed while `work` runs, so a holder that died frees it. Rejects (ERR_COORDINATION_UNAVAILABLE) when the
   * backend cannot be reached: the caller then must not do the work.
   */
  exclusive<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Leaves `value` under `key` for `ttlMs` (overwriting). */
  remember(key: string, value: string, ttlMs: number): Promise<void>;
  /** What `remember` left under `key`, if it still lives. */
  recall(key: string): Promise<Shared | undefined>;
  /** Closes every gate and the connection. */
  close(): Promise<void>;
}
