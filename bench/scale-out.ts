// Section scale-out: delivery by 2 `ferry worker` processes ÷ by 1, on PostgreSQL and Redis, Moveworks answering in 20 ms.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { startSimulator } from '../src/sim/index.js';
import { spawnFerry, spawnWorker, stopChild } from './ferry-child.js';
import { FerryClient } from './ferry-client.js';
import { removeDir, tempDir, THROTTLE_OFF, waitFor } from './rig.js';

/** The PostgreSQL the bench uses (a fresh schema per run, dropped after); BENCH_DATABASE_URL overrides it. */
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Moveworks' answer time the simulator adds to every request, ms. */
const LATENCY_MS = 20;
/**
 * Sends each worker keeps in flight (FERRY_WORKER_CONCURRENCY): one worker full, the machine not. On this 2-core
 * machine the workers share the cores with PostgreSQL, Redis, the API and the simulator, so a worker allowed to
 * use a whole core would measure the machine, not what a second worker adds. BENCH_WORKER_CONCURRENCY overrides.
 */
const WORKER_CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 32);
/** Messages each worker delivers before the clock starts, so V8 has optimised it (a running service). */
const WARMUP_PER_WORKER = 2_000;
/** Holds the queue: the warm-up filled this window, so nothing more goes out until the throttle is lifted. */
const HOLD = { throttleLimit: 1, throttleSeconds: 3_600 };

export interface WorkersRun {
  readonly workers: number;
  /** Messages a second between the 5th and the 95th percentile of their arrival at the simulator. */
  readonly perSecond: number;
  /** Share of the machine's CPU time left idle while the workers delivered (every process, others' too). */
  readonly idleShare: number;
}

export interface ScaleOutRound {
  readonly one: WorkersRun;
  readonly two: WorkersRun;
  readonly ratio: number;
}

export interface ScaleOutResult {
  readonly messages: number;
  readonly latencyMs: number;
  readonly concurrentConnections: number;
  readonly workerConcurrency: number;
  /** Each round: 1 worker, then 2, and the second's rate over the first's. */
  readonly rounds: readonly ScaleOutRound[];
  /** The 1-minute load average before the first run and after the last. */
  readonly loadBefore: number;
  readonly loadAfter: number;
}

/** Idle and total CPU time of every core so far, ms. */
function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

/** Arrivals a second over the middle 90% of the simulator's record (start-up and the tail left out). */
function middleRate(arrivals: readonly number[]): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  const from = Math.floor(sorted.length * 0.05);
  const to = Math.ceil(sorted.length * 0.95) - 1;
  const ms = (sorted[to] ?? 0) - (sorted[from] ?? 0);
  return ms > 0 ? ((to - from) * 1_000) / ms : NaN;
}

/**
 * One run: a fresh schema, `ferry serve --no-dispatch` from the build, the subscription (throttle off) and
 * `workers` workers started together; they deliver a warm-up, then the queue is held (throttle 1 per hour) while
 * `count` Messages are queued in one bulk upload, and released; the rate is read from the simulator's arrival
 * record of those `count` once all are delivered.
 */
async function runWith(workers: number, count: number, connections: number): Promise<WorkersRun> {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  const schema = `ferry_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const env = {
    FERRY_DATABASE_URL: url.toString(),
    FERRY_REDIS_URL: REDIS_URL,
    FERRY_MASTER_KEY: randomBytes(32).toString('base64'),
    FERRY_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
  };
  const sim = await startSimulator({ rateLimit: 0, latencyMs: LATENCY_MS });
  const dirs = [tempDir('scale-api'), ...Array.from({ length: workers }, () => tempDir('scale-worker'))];
  const children: ChildProcess[] = [];
  try {
    const api = await spawnFerry(dirs[0] ?? '', env, ['--no-dispatch']);
    children.push(api.child);
    const ferry = new FerryClient(api.url, api.token);
    const open = { ...THROTTLE_OFF, concurrentConnections: connections };
    const id = await ferry.subscribe(sim.url, open, false);
    children.push(...(await Promise.all(dirs.slice(1).map((dir) => spawnWorker(dir, env)))));
    const warmup = WARMUP_PER_WORKER * workers;
    await queue(ferry, 'warm', warmup);
    await waitFor(() => sim.state.messagesAccepted() >= warmup, 300_000, 50);
    await ferry.update(id, HOLD);
    await queue(ferry, 'scale', count);
    const before = cpuTimes();
    await ferry.update(id, open);
    await waitFor(() => sim.state.messagesAccepted() >= warmup + count, 300_000, 50);
    const after = cpuTimes();
    return {
      workers,
      perSecond: middleRate(sim.state.messages(warmup).map((m) => m.receivedAtMs)),
      idleShare: (after.idle - before.idle) / Math.max(1, after.total - before.total),
    };
  } finally {
    await Promise.all(children.map(stopChild));
    await sim.close();
    for (const dir of dirs) removeDir(dir);
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

async function queue(ferry: FerryClient, prefix: string, count: number): Promise<void> {
  const ingest = await ferry.bulk(prefix, count);
  if (ingest.accepted !== count) throw new Error(`only ${ingest.accepted} of ${count} accepted`);
}

/**
 * `rounds` times 1 worker, then 2, on the same settings: each ratio is how far delivery scales out on one machine
 * (this shared machine drifts between runs, so the bench reports the median of the rounds).
 */
export async function runScaleOut(
  count: number,
  connections: number,
  rounds: number,
): Promise<ScaleOutResult> {
  const loadBefore = loadavg()[0] ?? 0;
  const results: ScaleOutRound[] = [];
  for (let i = 0; i < rounds; i++) {
    const one = await runWith(1, count, connections);
    const two = await runWith(2, count, connections);
    results.push({ one, two, ratio: two.perSecond / one.perSecond });
  }
  return {
    messages: count,
    latencyMs: LATENCY_MS,
    concurrentConnections: connections,
    workerConcurrency: WORKER_CONCURRENCY,
    rounds: results,
    loadBefore,
    loadAfter: loadavg()[0] ?? 0,
  };
}
