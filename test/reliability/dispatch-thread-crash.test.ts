// The dispatch thread ending unexpectedly: it is reported and replaced, and delivery goes on with nothing lost.
import type { Worker } from 'node:worker_threads';
import { afterAll, expect, it } from 'vitest';
import { spawnDispatchThread } from '../../src/host/threads/dispatch-host.js';
import { startDeliveryRig } from '../support/delivery-rig.js';

/** A Ferry and simulator whose every dispatch thread is recorded in `workers`, so a test can end one. */
const watchedRig = (workers: Worker[]) =>
  startDeliveryRig(
    {},
    {},
    {
      spawnDispatchThread: (config) => {
        const worker = spawnDispatchThread(config);
        workers.push(worker);
        return worker;
      },
    },
  );

const workers: Worker[] = [];
const rig = await watchedRig(workers);
afterAll(() => rig.close());

it('replaces a dispatch thread that ended, and the new one delivers what was queued before and after', async () => {
  const sub = await rig.subscribe();
  await rig.send('before-1', 'a@example.com');
  expect(await rig.settled(sub)).toEqual({ delivered: 1 });
  expect(workers).toHaveLength(1);

  await workers[0]?.terminate();
  // Until the replacement is ready, what needs the thread fails with a stable code.
  const down = await rig.ferry.api('POST', `/subscriptions/${sub}/test`);
  expect(down.status).toBe(503);
  expect(((await down.json()) as { code: string }).code).toBe('ERR_DELIVERY_UNAVAILABLE');
  // Queued while no thread runs: accepted and kept, delivered once the replacement starts.
  const during = await rig.send('during-1', 'b@example.com');
  expect(during.transfers.map((t) => t.status)).toEqual(['queued']);
  await expect.poll(() => workers.length, { timeout: 15_000 }).toBe(2);
  await rig.send('after-1', 'c@example.com');
  expect(await rig.settled(sub)).toEqual({ delivered: 3 });

  expect(rig.ferry.logs.some((l) => l.includes('the dispatch thread stopped; starting another'))).toBe(true);
  // The Connection Test runs through the replacement too.
  const test = await rig.ferry.api('POST', `/subscriptions/${sub}/test`);
  expect(test.status).toBe(200);
  expect(((await test.json()) as { ok: boolean }).ok).toBe(true);
  const received = rig.sim.state.messages().map((m) => m.message);
  expect(received.sort()).toEqual(['message after-1', 'message before-1', 'message during-1']);
}, 60_000);

it('does not replace the thread when Ferry closes it', async () => {
  const before = workers.length;
  await rig.restart();
  // The old server's thread was closed on purpose; the new server started exactly one thread.
  expect(workers.length).toBe(before + 1);
  await new Promise((r) => setTimeout(r, 1_500));
  expect(workers.length).toBe(before + 1);
}, 30_000);

it('shuts down cleanly while the thread is being replaced, and starts no replacement after', async () => {
  const mine: Worker[] = [];
  const other = await watchedRig(mine);
  await mine[0]?.terminate();
  await expect(other.close()).resolves.toBeUndefined();
  await new Promise((r) => setTimeout(r, 1_500));
  expect(mine).toHaveLength(1);
}, 30_000);
