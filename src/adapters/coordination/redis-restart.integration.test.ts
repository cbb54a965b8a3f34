// The shared gate fails safe on a redis-server of the test's own that is killed and restarted empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import type { GateLimits } from '../../core/ports/coordination.js';
import { silentLogger } from '../../core/ports/logger.js';
import { startOwnRedis, type OwnRedis } from '../../../test/support/redis-server.js';
import { RedisCoordination } from './redis-coordination.js';

let redis: OwnRedis;
beforeAll(async () => {
  redis = await startOwnRedis();
});
afterAll(async () => {
  await redis.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const coordination = () =>
  new RedisCoordination({ url: redis.url, clock: systemClock, logger: silentLogger, leaseMs: 300 });

describe('RedisCoordination when Redis restarts', () => {
  it('admits nothing while Redis is down, and after it comes back empty waits one window', async () => {
    const a = coordination();
    const b = coordination();
    await Promise.all([a.ready(), b.ready()]);
    const limits: GateLimits = { limit: 4, windowMs: 500, concurrency: 10 };
    const admitted: number[] = [];
    const call = (gate: ReturnType<RedisCoordination['gate']>) =>
      gate.run(() => {
        admitted.push(Date.now());
        return Promise.resolve();
      });
    const gates = [a.gate('restart', limits), b.gate('restart', limits)];
    await Promise.all([0, 1, 2, 3].map((i) => call(gates[i % 2]!)));
    expect(admitted).toHaveLength(4); // the window is full now

    await redis.stop();
    let admittedWhileDown = false;
    let up = false;
    const later = Promise.all(
      [0, 1, 2, 3].map((i) =>
        call(gates[i % 2]!).then(() => {
          admittedWhileDown ||= !up;
        }),
      ),
    );
    await sleep(700);
    expect(admitted).toHaveLength(4);
    await redis.start();
    const restartedAt = Date.now();
    up = true;
    await later;
    expect(admittedWhileDown).toBe(false);
    expect(admitted).toHaveLength(8);
    // Nothing after the restart before one full window (the epoch) had passed.
    expect(Math.min(...admitted.slice(4)) - restartedAt).toBeGreaterThanOrEqual(490);
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses the token lock while Redis is down, naming the stable code, and grants it once it is back', async () => {
    const a = coordination();
    await a.ready();
    await redis.stop();
    let ran = false;
    const work = () => {
      ran = true;
      return Promise.resolve('token');
    };
    await expect(a.exclusive('token:x', work)).rejects.toMatchObject({
      code: 'ERR_COORDINATION_UNAVAILABLE',
    });
    await expect(a.recall('token:x')).rejects.toMatchObject({ code: 'ERR_COORDINATION_UNAVAILABLE' });
    expect(ran).toBe(false);
    await redis.start();
    await a.ready();
    await expect(a.exclusive('token:x', work)).resolves.toBe('token');
    await a.close();
  });
});
