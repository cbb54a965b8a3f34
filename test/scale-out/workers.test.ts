// `ferry serve --no-dispatch` plus `ferry worker` processes on PostgreSQL and Redis: one queue, shared limits.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveryRig, type DeliveryRig } from '../support/delivery-rig.js';
import { startFerryWorker, type FerryWorkerProcess } from '../support/ferry-process.js';
import { TestSchemas } from '../support/postgres.js';

const schemas = new TestSchemas();
const workers: FerryWorkerProcess[] = [];
let rig: DeliveryRig;
let env: Record<string, string>;

const startWorker = async (extra: Record<string, string> = env) => {
  const worker = await startFerryWorker(extra);
  workers.push(worker);
  return worker;
};

beforeAll(async () => {
  const { url } = await schemas.create();
  env = {
    FERRY_DATABASE_URL: url,
    FERRY_REDIS_URL: 'redis://127.0.0.1:6379',
    FERRY_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  rig = await startDeliveryRig({}, { ...env, FERRY_DISPATCH: 'false' });
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await rig.close();
  await schemas.dropAll();
});

describe('ferry worker', () => {
  it('refuses an SQLite data directory with a clear error, exiting non-zero', async () => {
    const worker = await startWorker({ FERRY_MASTER_KEY: env.FERRY_MASTER_KEY ?? '' });
    expect(await worker.exit).toBe(2);
    const output = worker.output;
    expect(output()).toContain('ferry worker needs storage every process shares');
    expect(output()).toContain('FERRY_DATABASE_URL');
  }, 120_000);

  it('refuses a worker concurrency below 1, naming the setting, exiting non-zero', async () => {
    const worker = await startWorker({ ...env, FERRY_WORKER_CONCURRENCY: '0' });
    expect(await worker.exit).toBe(2);
    expect(worker.output()).toContain('FERRY_WORKER_CONCURRENCY: Too small');
  }, 120_000);

  it('delivers what the API queued through two workers, each Message once, with one token request', async () => {
    // One worker capped at 2 sends in flight: the other takes the rest of the subscription's 8.
    await Promise.all([startWorker({ ...env, FERRY_WORKER_CONCURRENCY: '2' }), startWorker()]);
    const sub = await rig.subscribe({ concurrentConnections: 8 }, false);
    const n = 60;
    for (let i = 0; i < n; i++) await rig.send(`so-${i}`, 'ada@example.com');
    expect(await rig.settled(sub, 120_000)).toEqual({ delivered: n });
    const texts = rig.sim.state.messages().map((m) => m.message);
    expect(new Set(texts).size).toBe(n);
    expect(texts).toHaveLength(n);
    expect(rig.sim.state.stats().tokenRequests).toBe(1);
  }, 240_000);
});
