// The main thread's side of the dispatch thread: starts it, answers what it asks, and forwards what it is told.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FerryConfig } from './core/config.js';
import { FerryError } from './core/errors.js';
import type { MoveworksPayload } from './core/moveworks.js';
import type { SendOutcome } from './core/ports/moveworks.js';
import type { Subscription } from './core/subscription.js';
import { PortRpc } from './adapters/thread/port-rpc.js';
import type { ConnectionTestResult } from './engine/connection-test.js';
import type { DeliveryControl } from './engine/dispatcher.js';
import type { MoveworksAccess } from './engine/subscription-runtime.js';

export interface DispatchThreadDeps {
  /** Where the thread's log lines go (scrubbed there already, with the secrets it learnt). */
  readonly logWrite: (line: string) => void;
  /** Every subscription, secrets unsealed: the thread holds no key. */
  readonly subscriptions: () => Promise<Subscription[]>;
  readonly markAuthFailed: (id: string, detail: string) => Promise<void>;
  /** The thread ended without being asked to (or a replacement failed to start); another follows shortly. */
  readonly onCrash: (reason: Error) => void;
  /** Makes the worker; by default `spawnDispatchThread`. */
  readonly spawn?: (config: FerryConfig) => Worker;
}

export interface DispatchThread {
  /** Connection Tests and Send Tests run in the thread, through the gates and token caches delivery uses. */
  readonly access: MoveworksAccess;
  readonly delivery: DeliveryControl;
  /** Closes the thread's clients and database connection and ends it; call after `delivery.stop()`. */
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
/** Wait before replacing a thread that ended, so a thread that cannot run does not spin. */
export const RESTART_DELAY_MS = 1_000;

/**
 * The settings the thread runs with: all but the master keys, which it never needs (subscriptions reach it
 * unsealed), so no key is copied into a second thread.
 */
export function threadConfig(config: FerryConfig): FerryConfig {
  return { ...config, masterKey: undefined, previousMasterKeys: [] };
}

/**
 * From the compiled build the thread runs `dispatch-thread.js`; from source (tests, `npm run bench`) it runs the
 * TypeScript file through tsx, registered inside the thread because loader flags do not reach workers.
 */
export function spawnDispatchThread(config: FerryConfig): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./dispatch-thread.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  const workerData = { config: threadConfig(config) };
  if (!fromSource) return new Worker(entry, { workerData });
  const tsx = new URL(
    'dist/esm/api/index.mjs',
    pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')),
  ).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/** Why a call to the dispatch thread failed: it ended, and calls fail until its replacement is ready. */
const unavailable = (message: string): FerryError => new FerryError('ERR_DELIVERY_UNAVAILABLE', message);

interface Running {
  readonly worker: Worker;
  readonly rpc: PortRpc;
  /** False once the thread has ended. */
  readonly alive: () => boolean;
}

/** One thread, started and ready; `ended` is told once if it ends after that. */
async function launch(
  config: FerryConfig,
  deps: DispatchThreadDeps,
  ended: (reason: Error) => void,
): Promise<Running> {
  const worker = (deps.spawn ?? spawnDispatchThread)(config);
  let ready: () => void = () => undefined;
  const started = new Promise<void>((done) => (ready = done));
  let isReady = false;
  const rpc = new PortRpc(worker, {
    ready: () => ready(),
    log: (line: string) => deps.logWrite(line),
    subscriptions: () => deps.subscriptions(),
    markAuthFailed: (id: string, detail: string) => deps.markAuthFailed(id, detail),
  });
  let failed: (err: Error) => void = () => undefined;
  const failure = new Promise<never>((_, fail) => (failed = fail));
  failure.catch(() => undefined);
  let over = false;
  const end = (reason: Error) => {
    rpc.close(reason);
    failed(reason);
    if (isReady && !over) ended(reason);
    over = true;
  };
  worker.on('error', (err) => end(unavailable(`the dispatch thread failed: ${err.message}`)));
  worker.on('exit', (code) => end(unavailable(`the dispatch thread ended (exit code ${code})`)));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new Error('the dispatch thread did not start within 30 s')),
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

/**
 * Starts the dispatch thread and keeps one running: a thread that ends without being closed (an uncaught error,
 * running out of memory) is reported and replaced after RESTART_DELAY_MS, and the replacement resumes delivery
 * as after a crash (requests that were in flight become `unconfirmed`, or go back to the queue). Calls made
 * meanwhile fail with the reason; notifications are dropped, since a starting dispatcher reads everything anew.
 */
export async function startDispatchThread(
  config: FerryConfig,
  deps: DispatchThreadDeps,
): Promise<DispatchThread> {
  let closing = false;
  let delivering = false;
  let restarting: Promise<void> | undefined;
  const replace = async (): Promise<void> => {
    for (;;) {
      await new Promise((r) => setTimeout(r, RESTART_DELAY_MS));
      if (closing) return;
      try {
        current = await launch(config, deps, ended);
        if (delivering) await current.rpc.call('start');
        return;
      } catch (err) {
        deps.onCrash(err instanceof Error ? err : new Error(String(err)));
      }
    }
  };
  const ended = (reason: Error): void => {
    if (closing) return;
    deps.onCrash(reason);
    restarting ??= replace().finally(() => (restarting = undefined));
  };
  let current = await launch(config, deps, ended);
  const rpc = () => current.rpc;

  return {
    access: {
      test: (sub, saved) => rpc().call<ConnectionTestResult>('test', sub, saved),
      send: (sub, payload: MoveworksPayload) => rpc().call<SendOutcome>('send', sub, payload),
      forget: (id) => rpc().cast('forget', id),
    },
    delivery: {
      start: () => {
        delivering = true;
        return rpc().call('start');
      },
      notify: (ids, appended) => rpc().cast('notify', ids, appended),
      changed: () => rpc().cast('changed'),
      stop: async (graceMs) => {
        delivering = false;
        const running = current;
        // A thread that has ended has nothing in flight left to wait for.
        await running.rpc.call('stop', graceMs).catch((err: unknown) => {
          if (running.alive()) throw err;
        });
      },
    },
    async close() {
      closing = true;
      await restarting;
      await rpc()
        .call('close')
        .catch(() => undefined);
      await current.worker.terminate();
    },
  };
}
