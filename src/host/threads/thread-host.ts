// Starting a worker thread of Ferry's and watching it: the part the dispatch and ingest threads share.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FerryConfig } from '../../core/config.js';
import { PortRpc, type RpcHandlers } from '../../adapters/thread/port-rpc.js';

const START_TIMEOUT_MS = 30_000;

/**
 * The young generation of each thread in MB (a third of it per semi-space; V8's default grows it to 48 MB in a
 * busy thread), as the main thread's is held in bin/ferry.js.
 * - Ingest: 3 MB. With all three threads held, `ferry serve`'s peak RSS with 200,000 Messages uploaded went from
 *   295 to 253 MB (239 MB with 50,000), end to end showing no loss beyond the noise of a shared 2-core machine.
 * - Dispatch: 16 MB. At 3 MB its scavenges took 16% of the thread while delivering at full speed; at 16 MB
 *   delivery alone ran 6% faster (11,687 against 11,057 msg/s, alternating runs on 22a7e48). A queued backlog
 *   does not grow it (the thread allocates as it sends), so peak RSS with 200,000 queued is the ingest side's.
 */
const YOUNG_GENERATION_MB = { 'dispatch-thread': 16, 'ingest-thread': 3 } as const;

/**
 * The settings a thread runs with: all but the master keys, which no thread needs (the dispatch thread gets
 * subscriptions unsealed, the ingest thread without their secrets), so no key is copied into a second thread.
 */
export function threadConfig(config: FerryConfig): FerryConfig {
  return { ...config, masterKey: undefined, previousMasterKeys: [] };
}

/**
 * A thread of Ferry's on `config` without its master keys (threadConfig), its young generation held to
 * YOUNG_GENERATION_MB. From the compiled build it runs `{entry}.js`; from source (tests, `npm run bench`)
 * it runs the TypeScript file through tsx, registered inside the thread because loader flags do not reach workers.
 */
export function spawnThread(entry: 'dispatch-thread' | 'ingest-thread', config: FerryConfig): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(`./${entry}.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  const options = {
    workerData: { config: threadConfig(config) },
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB[entry] },
  };
  if (!fromSource) return new Worker(url, options);
  const tsx = new URL(
    'dist/esm/api/index.mjs',
    pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')),
  ).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, ...options });
}

export interface RunningThread {
  readonly worker: Worker;
  readonly rpc: PortRpc;
  /** False once the thread has ended. */
  readonly alive: () => boolean;
}

export interface LaunchOptions {
  /** Makes the worker. */
  readonly spawn: () => Worker;
  /** What the thread may call on this side; `ready` is added (the thread casts it once it can take calls). */
  readonly handlers: RpcHandlers;
  /** The thread in words, for errors: "the dispatch thread". */
  readonly name: string;
  /**
   * The error (a FerryError with the code callers see) for calls while the thread is gone, and for a start that
   * failed or timed out.
   */
  readonly unavailable: (message: string) => Error;
  /** Told once when a thread that was ready ends, with the reason calls now fail with. */
  readonly ended: (reason: Error) => void;
}

/** Starts one thread and resolves once it is ready; rejects (and ends the worker) if it fails to start. */
export async function launchThread(options: LaunchOptions): Promise<RunningThread> {
  const { name, unavailable } = options;
  const worker = options.spawn();
  let ready: () => void = () => undefined;
  const started = new Promise<void>((done) => (ready = done));
  let isReady = false;
  const rpc = new PortRpc(worker, { ...options.handlers, ready: () => ready() });
  let failed: (err: Error) => void = () => undefined;
  const failure = new Promise<never>((_, fail) => (failed = fail));
  failure.catch(() => undefined);
  let over = false;
  const end = (reason: Error) => {
    rpc.close(reason);
    failed(reason);
    if (isReady && !over) options.ended(reason);
    over = true;
  };
  worker.on('error', (err) => end(unavailable(`${name} failed: ${err.message}`)));
  worker.on('exit', (code) => end(unavailable(`${name} ended (exit code ${code})`)));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(unavailable(`${name} did not start within ${START_TIMEOUT_MS / 1_000} s`)),
      START_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([started, failure, timeout]);
    isReady = true;
  } catch (err) {
    await worker.terminate();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return { worker, rpc, alive: () => !over };
}
