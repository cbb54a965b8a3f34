// `ferry serve --no-dispatch` plus `ferry worker` processes on PostgreSQL and Redis: one queue, shared limits.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveryRig, type DeliveryRig } from '../support/delivery-rig.js';
import { TestSchemas } from '../support/postgres.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const schemas = new TestSchemas();
const children: ChildProcess[] = [];
let rig: DeliveryRig;
let env: Record<string, string>;

/** A `ferry worker` child process with its own journal directory; resolves once it dispatches. */
function startWorker(
  extra: Record<string, string> = env,
): Promise<{ child: ChildProcess; output: () => string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-worker-'));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'worker'], {
    env: { ...process.env, FERRY_LOG_LEVEL: 'warn', FERRY_DATA_DIR: dataDir, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr.on('data', (c: Buffer) => (text += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${text}`)), 90_000);
    child.stderr.on('data', () => {
      if (!text.includes('is dispatching')) return;
      clearTimeout(timer);
      resolve({ child, output: () => text });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ child, output: () => `${text}\nexit ${String(code)}` });
    });
  });
}

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
  for (const child of children) child.kill('SIGKILL');
  await rig.close();
  await schemas.dropAll();
});

describe('ferry worker', () => {
  it('refuses an SQLite data directory with a clear error, exiting non-zero', async () => {
    const { child, output } = await startWorker({ FERRY_MASTER_KEY: env.FERRY_MASTER_KEY ?? '' });
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(undefined)));
    expect(child.exitCode).toBe(2);
    expect(output()).toContain('ferry worker needs storage every process shares');
    expect(output()).toContain('FERRY_DATABASE_URL');
  }, 120_000);

  it('delivers what the API queued through two workers, each Message once, with one token request', async () => {
    await Promise.all([startWorker(), startWorker()]);
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
