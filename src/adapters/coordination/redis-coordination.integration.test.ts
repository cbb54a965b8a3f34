// The shared gate, lock and memo against the real Redis at 127.0.0.1:6379: two instances stand for two workers.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import type { GateLimits } from '../../core/ports/coordination.js';
import { silentLogger } from '../../core/ports/logger.js';
import { RedisCoordination } from './redis-coordination.js';

const URL = 'redis://127.0.0.1:6379';
const open: RedisCoordination[] = [];

/** Two workers on a key prefix of their own (a fresh Redis for the gate: the first grant waits out the epoch). */
async function workers(leaseMs = 600): Promise<[RedisCoordination, RedisCoordination, string]> {
  const prefix = `test:${randomUUID()}:`;
  const make = () =>
    new RedisCoordination({ url: URL, prefix, clock: systemClock, logger: silentLogger, leaseMs });
  const a = make();
  const b = make();
  open.push(a, b);
  await Promise.all([a.ready(), b.ready()]);
  return [a, b, prefix];
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Most calls (by the time each was admitted) in any window of `windowMs`. */
function mostInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((x, y) => x - y);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** Runs `n` calls of `ms` each through the gate of whichever worker, recording admissions and peak concurrency. */
async function drive(gates: { run: <T>(c: () => Promise<T>) => Promise<T> }[], n: number, ms: number) {
  const admitted: number[] = [];
  let inFlight = 0;
  let peak = 0;
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      gates[i % gates.length]!.run(async () => {
        admitted.push(Date.now());
        peak = Math.max(peak, ++inFlight);
        await sleep(ms);
        inFlight--;
      }),
    ),
  );
  return { admitted, peak };
}

describe('RedisCoordination gates shared by two workers', () => {
  it('admits at most the limit in any window across both, counting from each call’s end', async () => {
    const [a, b] = await workers();
    const limits: GateLimits = { limit: 5, windowMs: 400, concurrency: 10 };
    const key = 'sub-throttle';
    const gates = [a.gate(key, limits), b.gate(key, limits)];
    // First use of a throttled gate in this Redis waits one window (the epoch), then the limit holds.
    const { admitted } = await drive(gates, 20, 10);
    expect(admitted).toHaveLength(20);
    expect(mostInWindow(admitted, 400)).toBeLessThanOrEqual(5);
  });

  it('waits one window on a gate first used as Redis starts holding history, not on one new a window later', async () => {
    const [a] = await workers();
    const limits: GateLimits = { limit: 5, windowMs: 1_000, concurrency: 10 };
    const admittedAfter = async (key: string) => {
      const asked = Date.now();
      await a.gate(key, limits).run(() => Promise.resolve());
      return Date.now() - asked;
    };
    // This Redis (this prefix) has held history for no time: a lost history cannot be ruled out.
    expect(await admittedAfter('at-start')).toBeGreaterThanOrEqual(900);
    // Now it has held it for a window: a gate without an epoch is new (a subscription just created).
    expect(await admittedAfter('created-later')).toBeLessThan(500);
  });

  it('counts a slot given back unused for nothing in the window, so the next call goes at once', async () => {
    const [a, b] = await workers();
    const limits: GateLimits = { limit: 1, windowMs: 2_000, concurrency: 5 };
    // The first grant waits out the epoch (this prefix's Redis history is new), then one slot in a 2 s window:
    // had it counted, the next call would wait about 2 s.
    const first = await a.gate('unused', limits).acquire();
    first?.('unused');
    const asked = Date.now();
    await b.gate('unused', limits).run(() => Promise.resolve());
    expect(Date.now() - asked).toBeLessThan(1_000);
  });

  it('keeps the concurrency cap across both workers', async () => {
    const [a, b] = await workers();
    const limits: GateLimits = { limit: undefined, windowMs: 1_000, concurrency: 3 };
    const gates = [a.gate('cap', limits), b.gate('cap', limits)];
    const { admitted, peak } = await drive(gates, 30, 20);
    expect(admitted).toHaveLength(30);
    expect(peak).toBe(3);
  });

  it('hands a worker’s unused spare slots back, so another can take the whole cap', async () => {
    const [a, b, prefix] = await workers();
    const limits: GateLimits = { limit: undefined, windowMs: 1_000, concurrency: 4 };
    const [ga, gb] = [a.gate('spare', limits), b.gate('spare', limits)];
    // Two calls through a: once it has seen the window far from full, it asks for spare slots too, up to the cap.
    (await ga.acquire())!();
    const second = await ga.acquire();
    const redis = new Redis(URL);
    try {
      // More slots in flight than the one call it has: the rest are spares kept for its next acquires.
      expect(await redis.zcard(`${prefix}{gate:spare}:flight`)).toBeGreaterThan(1);
    } finally {
      redis.disconnect();
    }
    second!();
    await sleep(100);
    const releases = await Promise.all([1, 2, 3, 4].map(() => gb.acquire()));
    expect(releases.every((r) => typeof r === 'function')).toBe(true);
    let fifth = false;
    void gb.acquire().then((r) => {
      fifth = true;
      r?.();
    });
    await sleep(50);
    expect(fifth).toBe(false);
    for (const r of releases) r?.();
    await sleep(50);
    expect(fifth).toBe(true);
  });

  it('holds every worker while one of them was told to pause (429)', async () => {
    const [a, b] = await workers();
    const limits: GateLimits = { limit: undefined, windowMs: 1_000, concurrency: 5 };
    const gateA = a.gate('pause', limits);
    const gateB = b.gate('pause', limits);
    await gateA.run(() => Promise.resolve());
    const pausedAt = Date.now();
    gateA.pause(pausedAt + 400);
    await sleep(20);
    await gateB.run(() => Promise.resolve());
    expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(390);
    expect(gateB.headroom()).toBe(Infinity);
  });

  it('gives a dead worker’s slots back once their lease ends, counted as finished then', async () => {
    const [a, b] = await workers(300);
    const limits: GateLimits = { limit: undefined, windowMs: 1_000, concurrency: 2 };
    const gateA = a.gate('lease', limits);
    expect(await gateA.acquire()).toBeTypeOf('function');
    expect(await gateA.acquire()).toBeTypeOf('function');
    const diedAt = Date.now();
    await a.close(); // dies holding both slots: no release, no renewal
    const release = await b.gate('lease', limits).acquire();
    expect(release).toBeTypeOf('function');
    expect(Date.now() - diedAt).toBeGreaterThanOrEqual(250);
  });

  it('renews the slots a live worker holds beyond one lease', async () => {
    const [a, b] = await workers(300);
    const limits: GateLimits = { limit: undefined, windowMs: 1_000, concurrency: 1 };
    const held = await a.gate('renew', limits).acquire();
    let second = false;
    const waiting = b
      .gate('renew', limits)
      .acquire()
      .then((r) => {
        second = true;
        return r;
      });
    await sleep(900);
    expect(second).toBe(false);
    held?.();
    (await waiting)?.();
    expect(second).toBe(true);
  });
});

describe('RedisCoordination lock and memo', () => {
  it('lets one holder at a time run the work, across workers', async () => {
    const [a, b] = await workers();
    let holders = 0;
    let most = 0;
    const work = async () => {
      most = Math.max(most, ++holders);
      await sleep(15);
      holders--;
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).exclusive('token:x', work)));
    expect(most).toBe(1);
  });

  it('frees the lock when the work fails', async () => {
    const [a, b] = await workers();
    await expect(a.exclusive('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(b.exclusive('k', () => Promise.resolve(7))).resolves.toBe(7);
  });

  it('shares a remembered value with its remaining lifetime until it expires', async () => {
    const [a, b] = await workers();
    await a.remember('t', 'sealed-value', 300);
    const seen = await b.recall('t');
    expect(seen?.value).toBe('sealed-value');
    expect(seen?.ttlMs).toBeGreaterThan(0);
    expect(seen?.ttlMs).toBeLessThanOrEqual(300);
    await sleep(350);
    expect(await b.recall('t')).toBeUndefined();
  });
});
