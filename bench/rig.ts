// One section's world: a simulator and a Ferry on a temporary SQLite database, both in this process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as ConfigModule from '../src/core/config.js';
import type * as ServerModule from '../src/host/server.js';
import type { FerryServer } from '../src/host/server.js';
import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from '../src/sim/index.js';
import { FerryClient } from './ferry-client.js';

// Ferry as it ships: the build `npm run bench` makes first, not the source through tsx, whose helpers (a keepNames
// wrapper on every function, a loader in each thread) cost about 2% of delivery and are not in what users run.
const built = (path: string): Promise<unknown> => import(new URL(`../dist/${path}`, import.meta.url).href);
const { loadConfig } = (await built('core/config.js')) as typeof ConfigModule;
const { startServer } = (await built('host/server.js')) as typeof ServerModule;

export interface BenchRig {
  readonly sim: RunningSimulator;
  readonly ferry: FerryClient;
  close(): Promise<void>;
}

/** Settings that switch Ferry's throttle off (1,000,000 calls per second) at the default concurrency. */
export const THROTTLE_OFF = { throttleLimit: 1_000_000, throttleSeconds: 1, concurrentConnections: 10 };

/** A temporary directory under os.tmpdir(); the caller removes it. */
export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `ferry-bench-${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Starts the simulator (rate limit off unless given) and Ferry with logs at warn, written to stderr; `env` adds
 * Ferry settings (e.g. FERRY_MONITOR_INTERVAL_MS).
 */
export async function startRig(
  label: string,
  simOptions: StartSimulatorOptions = {},
  env: Record<string, string> = {},
): Promise<BenchRig> {
  const sim = await startSimulator({ rateLimit: 0, ...simOptions });
  const dataDir = tempDir(label);
  let server: FerryServer;
  try {
    const config = loadConfig({
      FERRY_PORT: '0',
      FERRY_DATA_DIR: dataDir,
      FERRY_DEMO: 'false',
      FERRY_LOG_LEVEL: 'warn',
      ...env,
    });
    server = await startServer(config, { logWrite: (line) => process.stderr.write(line) });
    if (server.bootstrapToken === undefined) {
      await server.close();
      throw new Error('a fresh data directory gave no admin token');
    }
  } catch (err) {
    await sim.close();
    removeDir(dataDir);
    throw err;
  }
  return {
    sim,
    ferry: new FerryClient(server.url, server.bootstrapToken ?? ''),
    async close() {
      await server.close();
      await sim.close();
      removeDir(dataDir);
    },
  };
}

/** Runs `body` with a fresh rig and always closes it. */
export async function withRig<T>(
  label: string,
  simOptions: StartSimulatorOptions,
  body: (rig: BenchRig) => Promise<T>,
): Promise<T> {
  const rig = await startRig(label, simOptions);
  try {
    return await body(rig);
  } finally {
    await rig.close();
  }
}

/** Polls `done` every `intervalMs` until it holds; throws after `timeoutMs`. */
export async function waitFor(done: () => boolean, timeoutMs: number, intervalMs = 20): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
