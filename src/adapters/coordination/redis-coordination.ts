// Coordination across every worker on Redis (FERRY_REDIS_URL): shared gates, a leased lock and a short-lived memo.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Clock } from '../../core/clock.js';
import { FerryError } from '../../core/errors.js';
import type { Coordination, Gate, GateLimits, Shared } from '../../core/ports/coordination.js';
import type { Logger } from '../../core/ports/logger.js';
import { EXTEND, HELD, RECALL, UNLOCK } from './gate-scripts.js';
import { LuaScript } from './lua-script.js';
import { RedisGate } from './redis-gate.js';

const unlock = new LuaScript(UNLOCK);
const extend = new LuaScript(EXTEND);
const recall = new LuaScript(RECALL);
const held = new LuaScript(HELD);

export interface RedisCoordinationOptions {
  /** `redis://host:port/db`. */
  readonly url: string;
  /** Every key starts with this; default `ferry:`. Tests give each their own. */
  readonly prefix?: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A slot or lock not renewed for this long is taken back, ms; default 6000. */
  readonly leaseMs?: number;
  /** How long `exclusive` waits for a lock before giving up, ms; default 60000. */
  readonly lockWaitMs?: number;
}

/** How long a lock or memo call waits for a connection being made before it fails, ms. */
const CONNECT_WAIT_MS = 2_000;

const unavailable = (err: unknown): FerryError =>
  new FerryError('ERR_COORDINATION_UNAVAILABLE', 'Redis (FERRY_REDIS_URL) did not answer', { cause: err });

/**
 * Redis keeps nothing on disk here: it holds only what workers must agree on now, never the queue (the
 * transfers table is that), so losing it costs a pause of one throttle window (see ACQUIRE), never a Message. A
 * new Redis pauses the same way for its first window: it cannot be told from one that lost its history.
 * Commands fail at once while Redis is unreachable (no offline queue): a grant is never made from stale state.
 */
export class RedisCoordination implements Coordination {
  private readonly redis: Redis;
  private readonly gates = new Map<string, RedisGate>();
  private readonly prefix: string;
  private readonly leaseMs: number;
  private readonly renewMs: number;
  private readonly renewal: NodeJS.Timeout;
  /** How long this Redis has held Ferry's gate history: the age of this key (see HELD). */
  private readonly historyKey: string;

  constructor(private readonly options: RedisCoordinationOptions) {
    this.prefix = options.prefix ?? 'ferry:';
    this.historyKey = `${this.prefix}history-since`;
    this.leaseMs = options.leaseMs ?? 6_000;
    this.renewMs = Math.max(1, Math.floor(this.leaseMs / 3));
    this.redis = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(times * 100, 1_000),
    });
    // Reconnection is ioredis' job; each failed command is reported by its caller.
    this.redis.on('error', () => undefined);
    this.renewal = setInterval(() => this.renewAll(), this.renewMs);
    this.renewal.unref();
  }

  /**
   * Resolves once Redis answers (for start-up: a worker without coordination must not dispatch), and starts this
   * Redis' history clock if it has none (see HELD): a gate first used a window later is served at once.
   */
  async ready(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.historyAge();
        return;
      } catch (err) {
        if (Date.now() > until) throw unavailable(err);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Waits a moment for a connection being made (start-up, reconnect) instead of failing at once. */
  private async connected(): Promise<void> {
    if (this.redis.status === 'ready') return;
    const ok = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => done(false), CONNECT_WAIT_MS);
      const onReady = () => done(true);
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        resolve(value);
      };
      this.redis.once('ready', onReady);
    });
    if (!ok) throw unavailable(new Error(`not connected (${this.redis.status})`));
  }

  gate(key: string, limits: GateLimits, onThrottled?: (waitMs: number) => void): Gate {
    let gate = this.gates.get(key);
    if (gate === undefined) {
      const { clock, logger } = this.options;
      const keys = `${this.prefix}{gate:${key}}`;
      const historyAge = () => this.historyAge();
      const leases = this.leases();
      const deps = { redis: this.redis, keys, historyAge, clock, logger, onThrottled, ...leases };
      gate = new RedisGate(limits, deps);
      this.gates.set(key, gate);
    }
    return gate;
  }

  forget(key: string): void {
    this.gates.get(key)?.close();
    this.gates.delete(key);
  }

  async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const lock = `${this.prefix}lock:${key}`;
    const token = randomUUID();
    await this.connected();
    const until = Date.now() + (this.options.lockWaitMs ?? 60_000);
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      let taken: string | null;
      try {
        taken = await this.redis.set(lock, token, 'PX', this.leaseMs, 'NX');
      } catch (err) {
        throw unavailable(err);
      }
      if (taken === 'OK') break;
      if (Date.now() > until) throw unavailable(new Error(`lock ${key} still held`));
      await new Promise((r) => setTimeout(r, wait));
    }
    const keep = setInterval(() => {
      extend.run(this.redis, [lock], [token, this.leaseMs]).catch(() => undefined);
    }, this.renewMs);
    try {
      return await work();
    } finally {
      clearInterval(keep);
      // Not freed (Redis away): the lease frees it.
      await unlock.run(this.redis, [lock], [token]).catch(() => undefined);
    }
  }

  async remember(key: string, value: string, ttlMs: number): Promise<void> {
    await this.connected();
    try {
      await this.redis.set(`${this.prefix}memo:${key}`, value, 'PX', Math.max(1, Math.floor(ttlMs)));
    } catch (err) {
      throw unavailable(err);
    }
  }

  async recall(key: string): Promise<Shared | undefined> {
    await this.connected();
    let reply: unknown;
    try {
      reply = await recall.run(this.redis, [`${this.prefix}memo:${key}`], []);
    } catch (err) {
      throw unavailable(err);
    }
    if (!Array.isArray(reply)) return undefined;
    const [value, ttl] = reply as [unknown, unknown];
    const ttlMs = Number(ttl);
    return typeof value === 'string' && ttlMs > 0 ? { value, ttlMs } : undefined;
  }

  async close(): Promise<void> {
    clearInterval(this.renewal);
    for (const key of [...this.gates.keys()]) this.forget(key);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** How long, in ms, this Redis has held Ferry's gate history; starts that clock if it has none (see HELD). */
  private async historyAge(): Promise<number> {
    return Number(await held.run(this.redis, [this.historyKey], []));
  }

  private leases(): { leaseMs: number; renewMs: number } {
    return { leaseMs: this.leaseMs, renewMs: this.renewMs };
  }

  private renewAll(): void {
    for (const gate of this.gates.values())
      gate.renew().catch(() => undefined /* the lease runs out; the gate reports Redis' absence */);
  }
}
