// One subscription's gate shared by every worker through Redis: the window, the cap and the pause live there.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../../core/clock.js';
import { runInSlot, type Gate, type GateLimits, type Release } from '../../core/ports/coordination.js';
import type { Logger } from '../../core/ports/logger.js';
import { ACQUIRE, PAUSE, RELEASE, RENEW } from './gate-scripts.js';
import { LuaScript } from './lua-script.js';
import { SPARE, SPARE_HEADROOM, SpareSlots } from './spare-slots.js';

const acquire = new LuaScript(ACQUIRE);
const release = new LuaScript(RELEASE);
const renew = new LuaScript(RENEW);
const pause = new LuaScript(PAUSE);

/** Slots asked for in one round trip, at most. */
const BATCH = 32;
/** How soon to ask again when every slot is held elsewhere (a release in another worker sends no signal). */
const POLL_MS = 3;
/** Longest sleep between two asks, so settings changed in another process are seen. */
const MAX_SLEEP_MS = 1_000;
/** Back-off while Redis does not answer: nothing is granted meanwhile. */
const RETRY_MS = 200;
/** ACQUIRE's wait when the gate has no epoch and the caller did not say how long Redis has held history. */
const NO_EPOCH = -2;

export interface RedisGateDeps {
  readonly redis: Redis;
  /** Prefix of this gate's keys, e.g. `ferry:{gate:<subscription id>}`. */
  readonly keys: string;
  /** How long, in ms, this Redis has held Ferry's gate history (RedisCoordination.historyAge, see HELD). */
  readonly historyAge: () => Promise<number>;
  readonly clock: Clock;
  /** How long a slot stays held without renewal, ms: a dead worker's slots come back after this. */
  readonly leaseMs: number;
  /** How often holders renew (the settle period after Redis lost its data), ms. */
  readonly renewMs: number;
  readonly logger: Logger;
  /** Told how long the call at the head waited for the window or a pause (metrics). */
  readonly onThrottled?: ((waitMs: number) => void) | undefined;
}

const replyOf = (reply: unknown): [number, number, number] => {
  const [granted, wait, headroom] = Array.isArray(reply) ? (reply as unknown[]) : [];
  return [Number(granted ?? 0), Number(wait ?? RETRY_MS), Number(headroom ?? 0)];
};

/** Waiters of this process queue here first come, first served; one loop asks Redis for slots on their behalf. */
export class RedisGate implements Gate {
  private readonly waiting: ((release: Release | undefined) => void)[] = [];
  private readonly held = new Set<string>();
  /** Slots granted beyond the waiters and not handed out yet (see SpareSlots); counted in `held` meanwhile. */
  private readonly spare = new SpareSlots((slots) => this.returnUnused(slots));
  /** Slots ended in this turn of the event loop, released together in one round trip. */
  private ending: string[] = [];
  private readonly id = randomUUID();
  private seq = 0;
  private looping = false;
  private nudge: (() => void) | undefined;
  private closed = false;
  private pausedUntil = 0;
  private lastHeadroom = 0;
  private failing = false;
  /** Since when the call at the head of the queue has been held by the window or a pause. */
  private heldSince: number | undefined;

  constructor(
    private limits: GateLimits,
    private readonly deps: RedisGateDeps,
  ) {}

  reconfigure(limits: GateLimits): void {
    this.limits = limits;
    this.nudge?.();
  }

  pause(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
    const ms = Math.max(1, Math.ceil(untilMs - this.deps.clock.now()));
    pause.run(this.deps.redis, [this.key('pause')], [ms]).catch((err: unknown) => this.failed(err));
    this.nudge?.();
  }

  headroom(): number {
    if (this.closed || this.pausedUntil > this.deps.clock.now()) return 0;
    return this.limits.limit === undefined ? Infinity : this.lastHeadroom;
  }

  acquire(): Promise<Release | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const spare = this.usableSpare() ? this.spare.take(this.deps.clock.now()) : undefined;
    if (spare !== undefined) return Promise.resolve(this.releaser(spare));
    return new Promise((admit) => {
      this.waiting.push(admit);
      if (!this.looping) void this.loop();
    });
  }

  run<T>(call: () => Promise<T>): Promise<T> {
    return runInSlot(this, call);
  }

  close(): void {
    this.closed = true;
    for (const admit of this.waiting.splice(0)) admit(undefined);
    this.spare.drain();
    this.nudge?.();
  }

  /** Extends the lease of every slot held here (called by the coordination's renewal timer). */
  async renew(): Promise<void> {
    if (this.held.size === 0) return;
    await renew.run(this.deps.redis, [this.key('flight')], [this.deps.leaseMs, ...this.held]);
  }

  private key(part: string): string {
    return `${this.deps.keys}:${part}`;
  }

  private async loop(): Promise<void> {
    this.looping = true;
    try {
      while (!this.closed && this.waiting.length > 0) {
        const want = Math.min(this.waiting.length, BATCH, this.limits.concurrency - this.held.size);
        // Every slot is held here: the next release here nudges.
        const wait = want <= 0 ? MAX_SLEEP_MS : await this.ask(want);
        if (wait > 0) await this.sleep(wait);
      }
    } finally {
      this.looping = false;
    }
  }

  /**
   * One round trip: hands out what was granted, returns how long to sleep (0: ask again now). `historyAge`: how
   * long Redis has held Ferry's history, asked for only when ACQUIRE found no epoch (see ACQUIRE); -1 otherwise,
   * since an epoch missing later may follow a loss of history that age knows nothing of. Given an age, ACQUIRE
   * sets the epoch and never answers NO_EPOCH, so an ask calls itself again once at most.
   */
  private async ask(asked: number, historyAge = -1): Promise<number> {
    const { limit, windowMs, concurrency } = this.limits;
    let want = asked;
    // Spares only while the window is far from full: a tight throttle's slots stay with whoever waits for them.
    if (this.lastHeadroom >= SPARE_HEADROOM)
      want = Math.max(want, Math.min(want + SPARE, concurrency - this.held.size));
    const base = `${this.id}:${++this.seq}`;
    const keys = ['flight', 'done', 'pause', 'epoch'].map((k) => this.key(k));
    let reply: unknown;
    try {
      const { leaseMs, renewMs } = this.deps;
      const args = [base, limit ?? 0, windowMs, concurrency, leaseMs, want, renewMs, historyAge];
      reply = await acquire.run(this.deps.redis, keys, args);
    } catch (err) {
      this.failed(err);
      return RETRY_MS;
    }
    this.recovered();
    const [granted, wait, headroom] = replyOf(reply);
    if (wait === NO_EPOCH) {
      const age = await this.deps.historyAge().catch((err: unknown) => void this.failed(err));
      return age === undefined ? RETRY_MS : this.ask(asked, age);
    }
    this.lastHeadroom = granted > 0 ? (headroom < 0 ? Infinity : headroom) : 0;
    if (granted > 0 && this.heldSince !== undefined) {
      this.deps.onThrottled?.(this.deps.clock.now() - this.heldSince);
      this.heldSince = undefined;
    }
    for (let i = 1; i <= granted; i++) {
      const slot = `${base}:${i}`;
      this.held.add(slot);
      const admit = this.waiting.shift();
      if (admit !== undefined && !this.closed) admit(this.releaser(slot));
      else this.spare.keep(slot, this.deps.clock.now());
    }
    if (this.closed) this.spare.drain();
    if (granted > 0) return 0;
    if (wait > 0) this.heldSince ??= this.deps.clock.now();
    return wait < 0 ? POLL_MS : Math.min(Math.max(wait, 1), MAX_SLEEP_MS);
  }

  private releaser(slot: string): Release {
    let done = false;
    return (how) => {
      if (done) return;
      done = true;
      if (how === 'unused') this.returnUnused([slot]);
      else this.end(slot);
      this.nudge?.();
    };
  }

  /** Spare slots are handed out only while Redis answers, nobody waits before them, and nothing paused here. */
  private usableSpare(): boolean {
    const ready = !this.failing && this.deps.redis.status === 'ready';
    return ready && this.waiting.length === 0 && this.pausedUntil <= this.deps.clock.now();
  }

  /** Slots no call was made in go back to the other workers. */
  private returnUnused(slots: string[]): void {
    for (const slot of slots) this.held.delete(slot);
    this.deps.redis.zrem(this.key('flight'), ...slots).catch((err: unknown) => this.failed(err));
    this.nudge?.();
  }

  /** The slot's call ended: released with the others of this turn (a later release only counts it later). */
  private end(slot: string): void {
    this.held.delete(slot);
    if (this.ending.push(slot) > 1) return;
    setImmediate(() => {
      const slots = this.ending.splice(0);
      const window = this.limits.limit === undefined ? 0 : this.limits.windowMs;
      // Unreachable Redis: the slots stay in flight until their leases end, and count as finished then.
      release
        .run(this.deps.redis, [this.key('flight'), this.key('done')], [window, ...slots])
        .catch((err: unknown) => this.failed(err));
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((done) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const wake = () => {
        clearTimeout(timer);
        this.nudge = undefined;
        done();
      };
      timer = setTimeout(wake, ms);
      this.nudge = wake;
    });
  }

  private failed(err: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.deps.logger.warn(
      { gate: this.deps.keys, err: err instanceof Error ? err.message : String(err) },
      'Redis did not answer: no call is admitted until it does',
    );
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.deps.logger.info({ gate: this.deps.keys }, 'Redis answers again: calls are admitted');
  }
}
