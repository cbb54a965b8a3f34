// Kill -9 while 5,000 messages are being delivered, start again: none lost, none delivered twice.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/index.js';
import {
  bulkSend,
  expectOnceOrUnconfirmed,
  sentId,
  settledCounts,
  subscribeTo,
} from '../support/bulk-run.js';
import { startFerryProcess, type FerryProcess } from '../support/ferry-process.js';

const N = 5_000;
let ferry: FerryProcess | undefined;
const sim = await startSimulator({ rateLimit: 0, latencyMs: { minMs: 1, maxMs: 4 } });
afterAll(async () => {
  await ferry?.kill();
  await sim.close();
});

it('settles every message as delivered or unconfirmed after kill -9, with no duplicate at Moveworks', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-kill-'));
  ferry = await startFerryProcess(dataDir);
  const token = ferry.token ?? '';
  const id = await subscribeTo(ferry, token, sim.url, 'Kill test');
  await bulkSend(ferry, token, 'k', N);

  await expect
    .poll(() => sim.state.messagesAccepted(), { timeout: 60_000, interval: 20 })
    .toBeGreaterThan(500);
  await ferry.kill('SIGKILL');
  const atKill = sim.state.stats().messagesAccepted;
  expect(atKill).toBeLessThan(N);

  ferry = await startFerryProcess(dataDir);
  await settledCounts(ferry, token, id, 120_000);
  const received = sim.state.messages().map((m) => sentId('k', m.message));
  const { unconfirmed } = await expectOnceOrUnconfirmed(ferry, token, received, N);
  // Only requests in flight at the kill (at most Concurrent Connections, 10), or answered and not yet recorded
  // (at most 32 waiting for their commit, and the answers of one event-loop turn, 10, beyond), may be
  // unconfirmed. Transfers claimed ahead and never sent go back to the queue (the send journal), so they are
  // not among them.
  expect(unconfirmed).toBeLessThanOrEqual(10 + 32 + 10);
}, 240_000);
