// Ferry scaled out as a user runs it: `ferry serve --no-dispatch` and `ferry worker` child processes on PostgreSQL and Redis.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from '../../src/sim/index.js';
import {
  startFerryProcess,
  startFerryWorker,
  type FerryProcess,
  type FerryWorkerProcess,
} from './ferry-process.js';
import { TestSchemas } from './postgres.js';

export interface ScaleOutRig {
  readonly sim: RunningSimulator;
  /** The API process (`ferry serve --no-dispatch`). */
  readonly api: FerryProcess;
  readonly token: string;
  /** What every process is started with: FERRY_DATABASE_URL, FERRY_REDIS_URL, FERRY_MASTER_KEY. */
  readonly env: Readonly<Record<string, string>>;
  /** Starts a `ferry worker` (again on `dataDir`, to restart one) and expects it to dispatch. */
  worker(dataDir?: string): Promise<FerryWorkerProcess>;
  close(): Promise<void>;
}

export interface ScaleOutOptions {
  readonly sim?: StartSimulatorOptions;
  /** Default: a fresh schema on the shared PostgreSQL (127.0.0.1:5432, database `test`), dropped at close. */
  readonly databaseUrl?: string;
  /** Redis every process shares, e.g. `redis://127.0.0.1:6379/3`: give each test file a database of its own. */
  readonly redisUrl: string;
}

export async function startScaleOutRig(options: ScaleOutOptions): Promise<ScaleOutRig> {
  const schemas = new TestSchemas();
  const databaseUrl = options.databaseUrl ?? (await schemas.create()).url;
  const env = {
    FERRY_DATABASE_URL: databaseUrl,
    FERRY_REDIS_URL: options.redisUrl,
    FERRY_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  const sim = await startSimulator({ rateLimit: 0, ...options.sim });
  const api = await startFerryProcess(mkdtempSync(join(tmpdir(), 'ferry-api-')), env, ['--no-dispatch']);
  const workers: FerryWorkerProcess[] = [];
  return {
    sim,
    api,
    token: api.token ?? '',
    env,
    async worker(dataDir) {
      const worker = await startFerryWorker(env, dataDir);
      workers.push(worker);
      if (worker.child.exitCode !== null)
        throw new Error(`ferry worker exited (${worker.child.exitCode}):\n${worker.output()}`);
      return worker;
    },
    async close() {
      await Promise.all([api, ...workers].map((p) => p.kill()));
      await sim.close();
      await schemas.dropAll();
    },
  };
}
