// Two `ferry serve` on one data directory: the second refuses at once, naming the holder, and nothing is doubled.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { transferCounts } from '../support/bulk-run.js';
import { startBulkRun, serveRunStarter } from '../support/disrupted-run.js';
import { freePort } from '../support/free-port.js';
import { serveUntilExit } from '../support/ferry-process.js';

const N = 4_000;
// 10 requests in flight of 15–25 ms each: about 500 a second, so delivery outlasts both second starts.
const startRun = serveRunStarter('ferry-second-', { rateLimit: 0, latencyMs: { minMs: 15, maxMs: 25 } });

it('refuses a second serve on the same port and on another while the first delivers; a kill -9 then does not block a restart', async () => {
  const serve = await startRun();
  const { sim, dataDir, token } = serve;
  const first = serve.api;
  const id = await startBulkRun(serve, {
    name: 'Second serve',
    prefix: 's',
    n: N,
    after: 100,
    arriveTimeoutMs: 60_000,
  });

  // Both at once, mid-delivery: one on the first's own port, one on a free port (which would otherwise run).
  const samePort = Number(new URL(first.url).port);
  const [same, other] = await Promise.all([
    serveUntilExit(samePort, dataDir),
    serveUntilExit(await freePort(), dataDir),
  ]);
  // The run was still delivering when both had given up: they were refused beside a busy owner.
  expect(sim.state.stats().messagesAccepted).toBeLessThan(N);
  for (const second of [same, other]) {
    expect(second.code).not.toBe(0);
    expect(second.code).not.toBeNull();
    expect(second.output).toContain('is in use by another Ferry process');
    expect(second.output).toContain(`pid ${first.child.pid}`);
    expect(second.output).toContain(join(dataDir, 'ferry.lock'));
    expect(second.output).not.toContain('port');
  }
  expect(readFileSync(join(dataDir, 'ferry.pid'), 'utf8').trim()).toBe(String(first.child.pid));

  await expect
    .poll(async () => (await transferCounts(first, token, id)).delivered ?? 0, {
      timeout: 120_000,
      interval: 200,
    })
    .toBe(N);
  expect(await transferCounts(first, token, id)).toEqual({ delivered: N });
  const received = sim.state.messages().map((m) => m.message);
  expect(received).toHaveLength(N);
  expect(new Set(received).size).toBe(N);

  // kill -9 leaves the lock file and a pid file behind; the kernel dropped the lock with the process.
  await first.kill('SIGKILL');
  const again = await serve.restart();
  expect(readFileSync(join(dataDir, 'ferry.pid'), 'utf8').trim()).toBe(String(again.child.pid));
  expect(await transferCounts(again, token, id)).toEqual({ delivered: N });
}, 240_000);
