// API + 2 workers deliver 5,000 Messages; one worker is killed -9 mid-run and started again: none lost, none doubled.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  bulkSend,
  expectOnceOrUnconfirmed,
  sentId,
  settledCounts,
  subscribeTo,
} from '../support/bulk-run.js';
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
  const id = await subscribeTo(rig.api, rig.token, rig.sim.url, 'Kill a worker');
  await bulkSend(rig.api, rig.token, 'kw', N);

  await expect
    .poll(() => rig.sim.state.messagesAccepted(), { timeout: 120_000, interval: 20 })
    .toBeGreaterThan(1_000);
  await doomed?.kill('SIGKILL');
  expect(rig.sim.state.stats().messagesAccepted).toBeLessThan(N);
  // Its own journal directory again, as a supervisor restarts it; its claims lapse and are settled.
  await rig.worker(doomed?.dataDir);

  const counts = await settledCounts(rig.api, rig.token, id, 300_000);
  const received = rig.sim.state.messages().map((m) => sentId('kw', m.message));
  const { delivered, unconfirmed } = await expectOnceOrUnconfirmed(rig.api, rig.token, received, N);
  expect(counts).toEqual({ delivered, ...(unconfirmed > 0 ? { unconfirmed } : {}) });
  // Only the killed worker's claims can be ambiguous: at most what it claimed ahead plus what it had in flight.
  expect(unconfirmed).toBeLessThanOrEqual(256 + 10);
  process.stderr.write(`kill-worker: ${delivered} delivered, ${unconfirmed} unconfirmed of ${N}\n`);
}, 420_000);
