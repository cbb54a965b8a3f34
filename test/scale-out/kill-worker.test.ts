// API + 2 workers deliver 5,000 Messages; one worker is killed -9 mid-run and started again: none lost, none doubled.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runThroughDisruption } from '../support/disrupted-run.js';
import { startScaleOutRig, type ScaleOutRig } from '../support/scale-out-rig.js';

const N = 5_000;
let rig: ScaleOutRig;
beforeAll(async () => {
  rig = await startScaleOutRig({
    redisUrl: 'redis://127.0.0.1:6379/11',
    sim: { latencyMs: { minMs: 1, maxMs: 4 } },
  });
}, 120_000);
afterAll(async () => {
  await rig.close();
});

it('settles every Message as delivered once or unconfirmed after a worker is killed -9 and restarted', async () => {
  const [doomed] = await Promise.all([rig.worker(), rig.worker()]);
  const { counts, delivered, unconfirmed } = await runThroughDisruption(rig, {
    name: 'Kill a worker',
    prefix: 'kw',
    n: N,
    after: 1_000,
    disrupt: async () => doomed?.kill('SIGKILL'),
    // Its own journal directory again, as a supervisor restarts it; its claims lapse and are settled.
    recover: () => rig.worker(doomed?.dataDir),
  });
  expect(counts).toEqual({ delivered, ...(unconfirmed > 0 ? { unconfirmed } : {}) });
  // Only the killed worker's claims can be ambiguous: at most what it claimed ahead plus what it had in flight.
  expect(unconfirmed).toBeLessThanOrEqual(256 + 10);
  process.stderr.write(`kill-worker: ${delivered} delivered, ${unconfirmed} unconfirmed of ${N}\n`);
}, 420_000);
