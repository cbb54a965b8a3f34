// Redis, then PostgreSQL, restarted under an API and two workers mid-run: no accepted Message lost or doubled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transferCounts, unsubscribe } from '../support/bulk-run.js';
import { runThroughDisruption } from '../support/disrupted-run.js';
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

/** Queues N Messages `${prefix}-…`, restarts `server` once 500 have arrived, and checks the settled run. */
async function runThrough(
  prefix: string,
  server: () => OwnRedis | OwnPostgres,
  downMs: number,
): Promise<Record<string, number>> {
  const { id, counts, ...tally } = await runThroughDisruption(rig, {
    name: `Restart ${prefix}`,
    prefix,
    n: N,
    after: 500,
    ofRun: (m) => m.message.startsWith(`${prefix} `),
    disrupt: async () => {
      await server().stop();
      await sleep(downMs);
      await server().start();
    },
  });
  process.stderr.write(`restart ${prefix}: ${JSON.stringify(tally)}\n`);
  expect(await transferCounts(rig.api, rig.token, id)).toEqual(counts);
  await unsubscribe(rig.api, rig.token, id);
  return counts;
}

/** Which server restarts, and for how long it is down. */
const restarts = [
  { when: 'Redis restarts empty', prefix: 'rr', server: () => redis, downMs: 1_000 },
  { when: 'PostgreSQL restarts', prefix: 'pr', server: () => postgres, downMs: 2_000 },
];

describe('two workers across a restart', () => {
  for (const { when, prefix, server, downMs } of restarts)
    it(`deliver every Message once when ${when} mid-run`, async () => {
      expect(await runThrough(prefix, server, downMs)).toEqual({ delivered: N });
    }, 420_000);
});
