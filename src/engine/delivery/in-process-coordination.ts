// Coordination within one process (the embedded default): CallGates, a promise-chain lock and a memo in memory.
import type { Clock } from '../../core/clock.js';
import type { Coordination, Gate, GateLimits, Shared } from '../../core/ports/coordination.js';
import { CallGate } from './call-gate.js';

/** Everything lives and dies with the process, which is exactly the scope one SQLite data directory has. */
export class InProcessCoordination implements Coordination {
  private readonly gates = new Map<string, CallGate>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly memo = new Map<string, { value: string; until: number }>();

  constructor(private readonly clock: Clock) {}

  gate(key: string, limits: GateLimits, onThrottled?: (waitMs: number) => void): Gate {
    let gate = this.gates.get(key);
    if (gate === undefined) {
      gate = new CallGate(limits, this.clock, onThrottled);
      this.gates.set(key, gate);
    }
    return gate;
  }

  forget(key: string): void {
    this.gates.get(key)?.close();
    this.gates.delete(key);
  }

  /** Waits for the previous holder of `key` (whatever its outcome), then runs `work`. */
  exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.locks.get(key) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(work);
    const tail = mine.catch(() => undefined);
    this.locks.set(key, tail);
    void tail.then(() => {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    });
    return mine;
  }

  remember(key: string, value: string, ttlMs: number): Promise<void> {
    this.memo.set(key, { value, until: this.clock.now() + ttlMs });
    return Promise.resolve();
  }

  recall(key: string): Promise<Shared | undefined> {
    const entry = this.memo.get(key);
    const ttlMs = entry === undefined ? 0 : entry.until - this.clock.now();
    if (entry === undefined || ttlMs <= 0) {
      this.memo.delete(key);
      return Promise.resolve(undefined);
    }
    return Promise.resolve({ value: entry.value, ttlMs });
  }

  close(): Promise<void> {
    for (const key of [...this.gates.keys()]) this.forget(key);
    return Promise.resolve();
  }
}
