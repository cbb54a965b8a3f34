// Redis, then PostgreSQL, restarted under an API and two workers mid-run: no accepted Message lost or doubled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bulkSend,
  expectOnceOrUnconfirmed,
  sentId,
  settledCounts,
  subscribeTo,
  transferCounts,
  unsubscribe,
} from '../support/bulk-run.js';
import { startOwnPostgres, type OwnPostgres } from '../support/own-postgres.js';
import { startOwnRedis, type OwnRedis } from '../support/redis-server.js';
import { startScaleOutRig, type ScaleOutRig } from '../support/scale-out-rig.js';

const N = 3_000;
let redis: OwnRedis;
let postgres: OwnPostgres;
let rig: ScaleOutRig;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startOwnRedis(), startOwnPostgres()]);
  // 15–25 ms answers, 10 at a time: a few hundred a second, so each run outlasts its restart.
  rig = await startScaleOutRig({
    redisUrl: redis.url,
    databaseUrl: postgres.url,
    sim: { latencyMs: { minMs: 15, maxMs: 25 } },
  });
  await Promise.all([rig.worker(), rig.worker()]);
}, 180_000);
afterAll(async () => {
  await rig.close();
  await redis.stop();
  await postgres.remove();
});

/** Queues N Messages `${prefix}-…`, runs `restart` once 500 have arrived, and checks the settled run. */
async function runThrough(prefix: string, restart: () => Promise<void>): Promise<Record<string, number>> {
  const id = await subscribeTo(rig.api, rig.token, rig.sim.url, `Restart ${prefix}`);
  await bulkSend(rig.api, rig.token, prefix, N);
  const ofRun = () => rig.sim.state.messages().filter((m) => m.message.startsWith(`${prefix} `));
  await expect.poll(() => ofRun().length, { timeout: 120_000, interval: 20 }).toBeGreaterThan(500);
  await restart();
  expect(ofRun().length).toBeLessThan(N);
  const counts = await settledCounts(rig.api, rig.token, id, 300_000);
  const received = ofRun().map((m) => sentId(prefix, m.message));
  const tally = await expectOnceOrUnconfirmed(rig.api, rig.token, received, N, id);
  process.stderr.write(`restart ${prefix}: ${JSON.stringify(tally)}\n`);
  expect(await transferCounts(rig.api, rig.token, id)).toEqual(counts);
  await unsubscribe(rig.api, rig.token, id);
  return counts;
}

describe('two workers across a restart', () => {
  it('deliver every Message once when Redis restarts empty mid-run', async () => {
    const counts = await runThrough('rr', async () => {
      await redis.stop();
      await sleep(1_000);
      await redis.start();
    });
    expect(counts).toEqual({ delivered: N });
  }, 420_000);

  it('deliver every Message once when PostgreSQL restarts mid-run', async () => {
    const counts = await runThrough('pr', async () => {
      await postgres.stop();
      await sleep(2_000);
      await postgres.start();
    });
    expect(counts).toEqual({ delivered: N });
  }, 420_000);
});
